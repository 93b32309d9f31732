package dev.handoff.router.domain;

import java.util.Collection;
import java.util.List;
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

    /** Creates the queue or changes its name and units. */
    Queue upsert(String queueId, String name, int unitsPerConversation);

    /**
     * One page of all queues, in no particular order but the same from page to page.
     *
     * @param after the last queue id of the previous page; null for the first
     */
    QueuePage page(String after, int limit);

    /** @param after the {@code after} of the next page; null on the last one */
    record QueuePage(List<Queue> queues, String after) {
    }

    record QueueAndConversation(Optional<Queue> queue, Optional<Conversation> conversation) {
    }
}
