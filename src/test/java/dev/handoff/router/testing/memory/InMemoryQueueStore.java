package dev.handoff.router.testing.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.LineCount;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.QueueLines;
import dev.handoff.router.domain.QueueStore;

/**
 * Queues in a map, with the updates of {@code DynamoDbQueueStore}. Each method holds the store's lock, as each
 * DynamoDB call is one single-item operation.
 * {@link #findForStart} reads the conversation from the in-memory conversations it is given, as the DynamoDB store
 * reads both tables in one BatchGetItem (which, like this, is not one atomic read of both).
 */
public final class InMemoryQueueStore implements QueueStore {
    private final Map<String, Queue> queues = new HashMap<>();
    /** Line counters by queue id + "#" + kind: on the queue's item there, which an upsert leaves as they are. */
    private final Map<String, LineCount> lines = new HashMap<>();
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
    public synchronized Queue upsert(Queue settings) {
        queues.put(settings.id(), settings);
        return settings;
    }

    @Override
    public synchronized long takeTicket(String queueId, KindNeeded line, boolean prioritized, Instant now) {
        if (!queues.containsKey(queueId)) {
            throw new IllegalStateException("queue " + queueId + " is gone");
        }
        var count = lineOf(queueId, line);
        var after = new LineCount(count.joined() + 1, count.left(), StoredForm.millis(now),
                count.prioritizedJoined() + (prioritized ? 1 : 0), count.prioritizedLeft(), count.handedOut());
        lines.put(queueId + "#" + line.wire(), after);
        return after.joined();
    }

    @Override
    public synchronized void leave(String queueId, KindNeeded line, boolean prioritized, Instant handedOutAt) {
        if (queues.containsKey(queueId)) {
            var count = lineOf(queueId, line);
            lines.put(queueId + "#" + line.wire(), new LineCount(count.joined(), count.left() + 1,
                    count.lastTicketAt(), count.prioritizedJoined(),
                    count.prioritizedLeft() + (prioritized ? 1 : 0),
                    handedOutAt == null ? count.handedOut() : count.handedOutAfter(StoredForm.millis(handedOutAt))));
        }
    }

    @Override
    public synchronized Map<String, QueueLines> lines(Collection<String> ids) {
        var found = new HashMap<String, QueueLines>();
        for (String id : ids) {
            if (queues.containsKey(id)) {
                var byKind = new EnumMap<KindNeeded, LineCount>(KindNeeded.class);
                for (KindNeeded line : KindNeeded.values()) {
                    byKind.put(line, lineOf(id, line));
                }
                found.put(id, new QueueLines(queues.get(id), byKind));
            }
        }
        return found;
    }

    @Override
    public synchronized boolean recount(String queueId, KindNeeded line, LineCount seen,
            ConversationStore.LineTally counted, Instant now) {
        var count = lineOf(queueId, line);
        if (!queues.containsKey(queueId) || count.joined() != seen.joined() || count.left() != seen.left()) {
            return false;
        }
        lines.put(queueId + "#" + line.wire(), new LineCount(count.joined(), count.joined() - counted.waiting(),
                StoredForm.millis(now), count.prioritizedJoined(), count.prioritizedJoined() - counted.prioritized(),
                count.handedOut()));
        return true;
    }

    private LineCount lineOf(String queueId, KindNeeded line) {
        return lines.getOrDefault(queueId + "#" + line.wire(), LineCount.EMPTY);
    }
}
