package dev.handoff.router.domain;

import java.time.Instant;

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
 */
public record LineCount(long joined, long left, Instant lastTicketAt, long prioritizedJoined, long prioritizedLeft) {
    public static final LineCount EMPTY = new LineCount(0, 0, null);

    /** Counters of a line no conversation with a priority joined. */
    public LineCount(long joined, long left, Instant lastTicketAt) {
        this(joined, left, lastTicketAt, 0, 0);
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
