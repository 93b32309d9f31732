package dev.handoff.router.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Queues' settings (their members are in the {@link MemberStore}). */
public interface QueueStore {

    /** A strongly consistent read. */
    Optional<Queue> find(String queueId);

    /** Strongly consistent reads of the queues that exist among {@code ids}. */
    List<Queue> findAll(Collection<String> ids);

    /**
     * Reads a queue and a conversation in one round trip: a new conversation needs its queue, and its id tells a
     * repeat from a first delivery.
     */
    QueueAndConversation findForStart(String queueId, String conversationId);

    /** Creates the queue or replaces its settings (its lines' counters stay as they are). */
    Queue upsert(Queue settings);

    /** Creates the queue or replaces its settings, with the default priority and aging. */
    default Queue upsert(String queueId, String name, int unitsPerConversation) {
        return upsert(new Queue(queueId, name, unitsPerConversation));
    }

    /**
     * One page of all queues, in no particular order but the same from page to page.
     *
     * @param after the last queue id of the previous page; null for the first
     */
    QueuePage page(String after, int limit);

    /**
     * Takes the next ticket of a queue's line, before the conversation joins it (the write that makes it wait carries
     * the ticket). A ticket a step takes and does not use (its write lost, or it died) counts as waiting until the
     * sweeper counts the line again.
     *
     * @param prioritized whether the conversation has a priority other than 0 (counted apart as well)
     * @return the ticket: 1 for the line's first
     */
    long takeTicket(String queueId, KindNeeded line, boolean prioritized, Instant now);

    /**
     * Counts a conversation gone from a queue's line, after the write that took it out (handed out, or ended).
     *
     * @param prioritized whether it had a priority other than 0 when it joined
     * @param handedOutAt when it was handed out, kept among the line's latest hand-outs ({@link LineCount#handedOut});
     *                    null when it left otherwise (ended, moved)
     */
    void leave(String queueId, KindNeeded line, boolean prioritized, Instant handedOutAt);

    /** The settings and line counters of the queues that exist among {@code ids} (strongly consistent). */
    Map<String, QueueLines> lines(Collection<String> ids);

    /**
     * Sets a line's counters to {@code waiting} conversations, {@code prioritizedWaiting} of them with a priority, if
     * nobody took a ticket or left since they read as {@code seen}; the line's last ticket time becomes {@code now}, so
     * it is not counted again before a lease.
     *
     * @return whether they were set
     */
    boolean recount(String queueId, KindNeeded line, LineCount seen, ConversationStore.LineTally counted,
            Instant now);

    /** @param after the {@code after} of the next page; null on the last one */
    record QueuePage(List<Queue> queues, String after) {
    }

    record QueueAndConversation(Optional<Queue> queue, Optional<Conversation> conversation) {
    }
}
