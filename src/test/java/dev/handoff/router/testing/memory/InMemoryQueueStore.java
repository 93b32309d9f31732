package dev.handoff.router.testing.memory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.QueueStore;

/**
 * Queues in a map, with the updates of {@code DynamoDbQueueStore}. Each method holds the store's lock, as each
 * DynamoDB call is one single-item operation.
 * {@link #findForStart} reads the conversation from the in-memory conversations it is given, as the DynamoDB store
 * reads both tables in one BatchGetItem (which, like this, is not one atomic read of both).
 */
public final class InMemoryQueueStore implements QueueStore {
    private final Map<String, Queue> queues = new HashMap<>();
    private final InMemoryConversationStore conversations;

    public InMemoryQueueStore(InMemoryConversationStore conversations) {
        this.conversations = conversations;
    }

    @Override
    public synchronized Optional<Queue> find(String queueId) {
        return Optional.ofNullable(queues.get(queueId));
    }

    @Override
    public synchronized List<Queue> findAll(Collection<String> ids) {
        var found = new ArrayList<Queue>();
        for (String id : new LinkedHashSet<>(ids)) {
            Optional.ofNullable(queues.get(id)).ifPresent(found::add);
        }
        return found;
    }

    /** In the order of their ids (DynamoDB's is a hash order: the contract promises only a stable one). */
    @Override
    public synchronized QueuePage page(String after, int limit) {
        var following = queues.values().stream()
                .filter(queue -> after == null || queue.id().compareTo(after) > 0)
                .sorted(java.util.Comparator.comparing(Queue::id))
                .limit(limit + 1L)
                .toList();
        var page = following.subList(0, Math.min(limit, following.size()));
        return new QueuePage(page, following.size() > limit ? page.get(page.size() - 1).id() : null);
    }

    @Override
    public QueueAndConversation findForStart(String queueId, String conversationId) {
        return new QueueAndConversation(find(queueId), conversations.find(conversationId));
    }

    @Override
    public synchronized Queue upsert(String queueId, String name, int unitsPerConversation) {
        var queue = new Queue(queueId, name, unitsPerConversation);
        queues.put(queueId, queue);
        return queue;
    }
}
