package dev.handoff.router.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where conversations live. Every write is conditional on the version the caller read. */
public interface ConversationStore {

    /** A strongly consistent read. */
    Optional<Conversation> find(String conversationId);

    /**
     * Stores a new conversation (version 0) as version 1.
     *
     * @throws AlreadyStored when a conversation with that id exists
     */
    Conversation create(Conversation conversation);

    /**
     * Replaces the stored conversation if it is still at {@code conversation.version()}.
     *
     * @return the state written, one version on, as the caller built it (a later read gives the same, but for numbers
     *         in the context, which come back as Long or BigDecimal)
     * @throws StaleWrite when someone else wrote it first
     */
    Conversation replace(Conversation conversation);

    /**
     * The oldest conversations waiting in a line (a queue and the kind of participant needed), oldest first. A
     * suggestion read from an index: the conditional write that assigns one decides.
     */
    List<WaitingEntry> oldestWaiting(String queueId, KindNeeded needed, int limit);

    /**
     * The same, among the conversations whose required skills {@code skills} cover: those ahead that require more are
     * passed over by reading on in the line (each says what it requires in its {@link WaitingEntry#order}), so the
     * read grows with them, never with the conversations that come after.
     */
    List<WaitingEntry> oldestWaiting(String queueId, KindNeeded needed, int limit, Skills skills);

    /** Ids of conversations whose bot calls are still owed, the longest owed first; a suggestion from an index. */
    List<String> owedDeliveries(int limit);

    /**
     * Ids of waiting conversations due by {@code by} ({@link Conversation#dueAt}), the earliest first; a suggestion
     * from an index (the timer that fires for each re-reads it).
     */
    List<String> dueBy(Instant by, int limit);

    /** 1-based place of a waiting conversation in its line, counted from those ahead of it. */
    int position(Conversation waiting);

    /**
     * How many conversations wait in a line, counted from at most one page of the index (a bounded read whatever the
     * line's length), so a very long line is counted {@linkplain Count#atLeast() at least}.
     */
    Count waitingIn(String queueId, KindNeeded needed);

    /**
     * How many conversations wait in a line, exactly, and how many of them with a priority: page by page (a page per
     * some 1 MB of index keys). The sweeper's recount of a line its counters say is not empty.
     */
    LineTally countWaiting(String queueId, KindNeeded needed);

    /** How many conversations of a queue are assigned now, counted from at most one page of an index likewise. */
    Count assignedIn(String queueId);

    /** A count from a bounded read: {@code atLeast} when the read stopped before the end. */
    record Count(int value, boolean atLeast) {
    }

    /** A line as counted: those waiting in it, and of them those with a priority other than 0. */
    record LineTally(long waiting, long prioritized) {
    }

    /**
     * A conversation in a waiting line.
     *
     * @param order orders the lines of all queues as they are served (arrival moved by priority, {@link
     *              Conversation#lineOrder}) when compared as strings
     * @param since when it began to wait in this line
     */
    record WaitingEntry(String conversationId, String order, Instant since) {
        /** What whoever takes it must have (CONTRACT §1's {@code requiredSkills}), as its order carries it. */
        public Skills requires() {
            return Conversation.requirementIn(order);
        }
    }

    /** The conversation already has that id. */
    final class AlreadyStored extends RuntimeException {
        public AlreadyStored(String conversationId) {
            super("conversation exists: " + conversationId, null, false, false);
        }
    }

    /** The conditional write lost against a concurrent change: read again and decide again. */
    final class StaleWrite extends RuntimeException {
        public StaleWrite(String what) {
            super("changed concurrently: " + what, null, false, false);
        }
    }
}
