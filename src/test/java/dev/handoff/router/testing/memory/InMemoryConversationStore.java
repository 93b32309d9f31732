package dev.handoff.router.testing.memory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ConversationStatus;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.Skills;

/**
 * Conversations in a map, with the conditional writes of {@code DynamoDbConversationStore}: {@link #create} only
 * where the id is free ({@code attribute_not_exists}), {@link #replace} only at the stored version ({@code version =
 * :v}, so a missing conversation is a stale write too). Each method holds the store's lock, as each DynamoDB call is
 * one atomic single-item operation.
 *
 * <p>The index queries are computed from the stored conversations: the {@code waiting} index (partition
 * {@code queueId#kind}, sort {@code %015d#id} of {@code waitingSince}) and the {@code owed} index (one partition, the
 * same sort form of {@code owedSince}), ordered the way DynamoDB orders string sort keys (by UTF-8 bytes). Reads answer
 * a conversation as DynamoDB reads it back ({@link StoredForm}); the writes answer the conversation in hand at its new
 * version, as the DynamoDB store does.
 */
public final class InMemoryConversationStore implements ConversationStore {
    /** DynamoDB compares string sort keys by their UTF-8 bytes (Java's compareTo differs past U+D7FF). */
    private static final Comparator<String> DYNAMODB_STRING_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private final Map<String, Conversation> stored = new HashMap<>();

    @Override
    public synchronized Optional<Conversation> find(String conversationId) {
        return Optional.ofNullable(stored.get(conversationId));
    }

    private boolean loseNext;

    @Override
    public synchronized Conversation create(Conversation conversation) {
        var item = StoredForm.conversation(conversation, 1); // first: a conversation that cannot be stored fails here
        if (stored.containsKey(conversation.id())) {
            throw new AlreadyStored(conversation.id());
        }
        stored.put(conversation.id(), item);
        return conversation.withVersion(1);
    }

    /**
     * Makes the next {@link #replace} lose, as a concurrent writer would make it: the stored conversation is written
     * once more (its version moves on) just before. For tests of a step that decides again after a stale write.
     */
    public synchronized void loseNextReplace() {
        loseNext = true;
    }

    @Override
    public synchronized Conversation replace(Conversation conversation) {
        if (loseNext) {
            loseNext = false;
            var current = stored.get(conversation.id());
            stored.put(current.id(), StoredForm.conversation(current, current.version() + 1));
        }
        long next = conversation.version() + 1;
        var item = StoredForm.conversation(conversation, next);
        var current = stored.get(conversation.id());
        if (current == null || current.version() != conversation.version()) {
            throw new StaleWrite("conversation " + conversation.id());
        }
        stored.put(conversation.id(), item);
        return conversation.withVersion(next);
    }

    @Override
    public synchronized List<WaitingEntry> oldestWaiting(String queueId, KindNeeded needed, int limit) {
        return oldestWaiting(queueId, needed, limit, null);
    }

    @Override
    public synchronized List<WaitingEntry> oldestWaiting(String queueId, KindNeeded needed, int limit,
            Skills skills) {
        requirePositive(limit);
        String line = waitLine(queueId, needed);
        return stored.values().stream()
                .filter(c -> line.equals(waitLineOf(c)))
                .map(c -> new WaitingEntry(c.id(), c.lineOrder(), c.waitingSince()))
                .filter(entry -> skills == null || skills.covers(entry.requires()))
                .sorted(Comparator.comparing(WaitingEntry::order, DYNAMODB_STRING_ORDER))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<String> owedDeliveries(int limit) {
        requirePositive(limit);
        // Listed while anything is owed, by the oldest owed thing: the arrival calls or an outbox entry.
        return stored.values().stream()
                .filter(c -> owedSince(c) != null)
                .sorted(Comparator.comparing(c -> order(owedSince(c), c.id()), DYNAMODB_STRING_ORDER))
                .limit(limit)
                .map(Conversation::id)
                .toList();
    }

    @Override
    public synchronized List<String> dueBy(java.time.Instant by, int limit) {
        requirePositive(limit);
        return stored.values().stream()
                .filter(c -> c.nextDue() != null && !c.nextDue().isAfter(by))
                .sorted(Comparator.comparing(c -> order(c.nextDue(), c.id()), DYNAMODB_STRING_ORDER))
                .limit(limit)
                .map(Conversation::id)
                .toList();
    }

    private static java.time.Instant owedSince(Conversation c) {
        return java.util.stream.Stream.concat(
                        java.util.stream.Stream.ofNullable(c.pendingDelivery()).map(p -> p.owedSince()),
                        c.outbox().stream().map(o -> o.owedSince()))
                .min(java.time.Instant::compareTo).orElse(null);
    }

    @Override
    public synchronized int position(Conversation waiting) {
        // Computed from the conversation in hand, not the stored one, as the DynamoDB store's query is.
        String line = waitLine(waiting.queueId(), waiting.waitingFor());
        String order = waiting.lineOrder();
        long ahead = stored.values().stream()
                .filter(c -> line.equals(waitLineOf(c)))
                .filter(c -> DYNAMODB_STRING_ORDER.compare(c.lineOrder(), order) < 0)
                .count();
        return (int) ahead + 1;
    }

    /** Exact: nothing here is too long to count (the DynamoDB store's bound is 1 MB of index keys). */
    @Override
    public synchronized Count waitingIn(String queueId, KindNeeded needed) {
        String line = waitLine(queueId, needed);
        return new Count((int) stored.values().stream().filter(c -> line.equals(waitLineOf(c))).count(), false);
    }

    @Override
    public synchronized LineTally countWaiting(String queueId, KindNeeded needed) {
        String line = waitLine(queueId, needed);
        var waiting = stored.values().stream().filter(c -> line.equals(waitLineOf(c))).toList();
        return new LineTally(waiting.size(), waiting.stream().filter(c -> c.priority() != 0).count());
    }

    @Override
    public synchronized Count assignedIn(String queueId) {
        return new Count((int) stored.values().stream()
                .filter(c -> c.status() == ConversationStatus.ASSIGNED && c.queueId().equals(queueId)).count(), false);
    }

    /** The waiting index's partition key of a stored conversation; null when it is in no line (a sparse index). */
    private static String waitLineOf(Conversation c) {
        // Out of its line's index while offered, as the DynamoDB item is.
        return c.status() == ConversationStatus.WAITING && c.waitingFor() != null && c.offer() == null
                ? waitLine(c.queueId(), c.waitingFor())
                : null;
    }

    private static String waitLine(String queueId, KindNeeded needed) {
        return queueId + "#" + needed.wire();
    }

    /** The owed index's sort key: zero-padded epoch milliseconds, then the id. */
    private static String order(Instant since, String conversationId) {
        return String.format("%015d#%s", since.toEpochMilli(), conversationId);
    }

    /** DynamoDB refuses a Query with a limit below 1. */
    private static void requirePositive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
    }
}
