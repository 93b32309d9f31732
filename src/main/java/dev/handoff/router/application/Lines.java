package dev.handoff.router.application;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ConversationStatus;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.LineCount;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.QueueLines;
import dev.handoff.router.domain.QueueStore;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The queues' waiting lines as their counters tell them ({@link LineCount}): a conversation takes a ticket before it
 * joins a line, and is counted gone after it left, so a release whose participant's lines are all empty looks at no
 * line, and a place in a line is one read, not a count of those ahead.
 */
@ApplicationScoped
public class Lines {
    private static final int RECOUNT_PAGE = 100;
    private final QueueStore queues;
    private final ConversationStore conversations;

    public Lines(QueueStore queues, ConversationStore conversations) {
        this.queues = queues;
        this.conversations = conversations;
    }

    /**
     * A ticket for a conversation about to join a line: taken before the write that makes it wait.
     *
     * @param priority the conversation's: one other than 0 is counted apart as well
     */
    public long ticket(String queueId, KindNeeded line, int priority, Instant now) {
        return queues.takeTicket(queueId, line, priority != 0, now);
    }

    /** The tickets of one step, which {@link TicketBook} keeps across its retries. */
    public TicketBook book() {
        return new TicketBook();
    }

    /**
     * The tickets one step took: a step that decides again after its write lost (a stale write) takes the same
     * ticket, not another, so that contention does not leave unused tickets counted as waiting (and places too far)
     * until the sweeper's recount.
     */
    public final class TicketBook {
        private final Map<String, Long> taken = new HashMap<>();

        private TicketBook() {
        }

        public long ticket(String queueId, KindNeeded line, int priority, Instant now) {
            return taken.computeIfAbsent(key(queueId, line), name -> Lines.this.ticket(queueId, line, priority, now));
        }
    }

    /**
     * After a write of {@code after} made on {@code before} at {@code now}: counts the conversation gone from a line it
     * left, and, when it left because someone took it, the hand-out among the line's latest (what waits are estimated
     * from).
     */
    public void moved(Conversation before, Conversation after, Instant now) {
        if (inLine(before) && !(inLine(after) && after.waitingFor() == before.waitingFor()
                && after.queueId().equals(before.queueId()))) {
            // Offered to someone is handed out as far as the line's pace goes: it left the line for them.
            boolean handedOut = after.status() == ConversationStatus.ASSIGNED && after.assignee() != null
                    && !after.assignee().equals(before.assignee()) || after.offer() != null;
            queues.leave(before.queueId(), before.waitingFor(), before.priority() != 0, handedOut ? now : null);
        }
    }

    /**
     * After a write that took {@code before} out of its line for another queue or an end (by a rule on time waited):
     * counts it gone, and not as a hand-out, which would make the line's pace look faster than it is.
     */
    public void leftUnserved(Conversation before) {
        if (inLine(before)) {
            queues.leave(before.queueId(), before.waitingFor(), before.priority() != 0, null);
        }
    }

    /**
     * A waiting conversation's place (1 = next) and, when its line has handed out before, how long it may wait at the
     * pace of its latest hand-outs: from one read of its queue's counters (or a count, see {@link #place}).
     */
    public record Place(int position, Integer estimatedWaitSeconds) {
    }

    /**
     * The place of a waiting conversation (1 = next): from its ticket and its line's counters, one read. While
     * someone with a priority may wait in the line, it is not served in ticket order, so the place is counted from
     * those ahead (a read that grows with them, a page per some ten thousand); so is one that joined before lines
     * gave tickets. With it, the wait estimated for it at {@code now} from the same read.
     */
    public Place place(Conversation waiting, Instant now) {
        if (waiting.ticket() == 0) {
            return new Place(conversations.position(waiting), null); // joined before lines counted hand-outs
        }
        var found = queues.lines(List.of(waiting.queueId())).get(waiting.queueId());
        LineCount count = found == null ? LineCount.EMPTY : found.get(waiting.waitingFor());
        int position = count.prioritizedWaiting() > 0 ? conversations.position(waiting)
                : count.placeOf(waiting.ticket());
        Integer estimate = count.estimatedWait(position, now)
                .map(wait -> (int) Math.min(Integer.MAX_VALUE, (wait.toMillis() + 999) / 1000)).orElse(null);
        return new Place(position, estimate);
    }


    /**
     * The lines where someone may wait among {@code queueIds}', by {@link #key}, each with its queue's priority: one
     * batch read of their queues.
     */
    public Map<String, Integer> notEmpty(Collection<String> queueIds) {
        var found = new HashMap<String, Integer>();
        queues.lines(queueIds).forEach((queueId, lines) -> lines.counts().forEach((line, count) -> {
            if (count.waiting() > 0) {
                found.put(key(queueId, line), lines.queue().priority());
            }
        }));
        return found;
    }

    /**
     * Counts again each line whose counters say someone waits, when no ticket of it was taken since {@code cutoff} (a
     * lease ago: a step that took one since may still be about to join), and sets its counters to what it counts if
     * they were too high. So the tickets and departures a crash left uncounted stop costing releases a look at an
     * empty line, and places come right again (and counted, not taken from tickets, only while someone with a priority
     * waits). A line never counted (on a deployment older than tickets, its
     * conversations waiting without one) is counted once, so that releases see them. A page of queues, one batch read
     * of their counters, and one count of each such line.
     *
     * @return every queue's lines as their counters were read (before any recount): what else the sweep looks at by
     *         them reads them no second time
     */
    public Map<String, QueueLines> recount(Instant cutoff, Instant now) {
        var read = new LinkedHashMap<String, QueueLines>();
        String after = null;
        do {
            var page = queues.page(after, RECOUNT_PAGE);
            var ids = page.queues().stream().map(Queue::id).toList();
            var pageLines = queues.lines(ids);
            read.putAll(pageLines);
            pageLines.forEach((queueId, lines) -> lines.counts().forEach((line, count) -> {
                boolean never = count.equals(LineCount.EMPTY);
                boolean quiet = count.lastTicketAt() == null || count.lastTicketAt().isBefore(cutoff);
                if (never || count.waiting() > 0 && quiet) {
                    var counted = conversations.countWaiting(queueId, line);
                    if (never || counted.waiting() < count.waiting()
                            || counted.prioritized() < count.prioritizedWaiting()) {
                        queues.recount(queueId, line, count, counted, now);
                    }
                }
            }));
            after = page.after();
        } while (after != null);
        return read;
    }

    /** How a line is named among {@link #notEmpty}'s. */
    public static String key(String queueId, KindNeeded line) {
        return queueId + "#" + line.wire();
    }

    /** Whether it is counted in its line: waiting there, and not out of it on offer to someone. */
    private static boolean inLine(Conversation conversation) {
        return conversation.status() == ConversationStatus.WAITING && conversation.waitingFor() != null
                && conversation.offer() == null;
    }
}
