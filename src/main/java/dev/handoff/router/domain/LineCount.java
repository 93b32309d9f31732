package dev.handoff.router.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A waiting line's counters, kept on its queue's item: tickets taken (one before each conversation joins the line) and
 * conversations gone from it (counted after each left). So {@link #waiting()} is never fewer than the conversations in
 * the line; it is more after a step died between a ticket and its write, or between a write and its count, until the
 * sweeper counts the line again ({@code QueueStore#recount}). The same two counts of the conversations with a priority
 * other than 0 tell whether the line is still served in the order its tickets were taken.
 *
 * @param lastTicketAt      when the last ticket was taken; null if never
 * @param prioritizedJoined of {@code joined}, the tickets of conversations with a priority
 * @param prioritizedLeft   of {@code left}, the conversations with a priority
 * @param handedOut         when the line's last {@link #HANDED_OUT_KEPT} hand-outs happened, latest first (fewer
 *                          when fewer happened): what {@link #estimatedWait} is estimated from
 */
public record LineCount(long joined, long left, Instant lastTicketAt, long prioritizedJoined, long prioritizedLeft,
        List<Instant> handedOut) {
    public static final LineCount EMPTY = new LineCount(0, 0, null);
    /** How many of a line's latest hand-outs are kept on its queue's item. */
    public static final int HANDED_OUT_KEPT = 8;

    public LineCount {
        handedOut = List.copyOf(handedOut);
    }

    /** Counters of a line no conversation with a priority joined. */
    public LineCount(long joined, long left, Instant lastTicketAt) {
        this(joined, left, lastTicketAt, 0, 0, List.of());
    }

    /** Counters without hand-out times. */
    public LineCount(long joined, long left, Instant lastTicketAt, long prioritizedJoined, long prioritizedLeft) {
        this(joined, left, lastTicketAt, prioritizedJoined, prioritizedLeft, List.of());
    }

    /** The line's hand-out times after one more at {@code at}: the oldest kept goes when there are too many. */
    public List<Instant> handedOutAfter(Instant at) {
        var times = new ArrayList<Instant>(HANDED_OUT_KEPT);
        times.add(at);
        times.addAll(handedOut.subList(0, Math.min(handedOut.size(), HANDED_OUT_KEPT - 1)));
        return times;
    }

    /**
     * How long the conversation at {@code place} may wait from {@code now}, at the pace of the line's latest hand-outs:
     * as many as were kept, over the time from the oldest of them until now (so a line whose hand-outs stopped looks
     * slower the longer they stay stopped). Empty when the line has handed out nothing yet.
     */
    public Optional<Duration> estimatedWait(int place, Instant now) {
        if (handedOut.isEmpty()) {
            return Optional.empty();
        }
        Instant oldest = handedOut.get(handedOut.size() - 1);
        long window = Math.max(0, Duration.between(oldest, now).toMillis());
        return Optional.of(Duration.ofMillis(Math.round((double) window * place / handedOut.size())));
    }

    /** How many conversations may wait in the line: 0 means none does. */
    public long waiting() {
        return Math.max(0, joined - left);
    }

    /**
     * How many conversations with a priority may wait in the line: while one may, the line is not served in ticket
     * order, and a place is counted, not taken from a ticket ({@link #placeOf}).
     */
    public long prioritizedWaiting() {
        return Math.max(0, prioritizedJoined - prioritizedLeft);
    }

    /**
     * The place of the conversation holding {@code ticket} (1 = next): its ticket less the conversations that left the
     * line since the line began. Exact when the line is served in order (nobody with a priority waits in it); a
     * conversation behind it that leaves first (ended while waiting) makes it look one place nearer, never further.
     */
    public int placeOf(long ticket) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ticket - left));
    }
}
