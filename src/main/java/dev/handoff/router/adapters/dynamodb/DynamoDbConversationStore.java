package dev.handoff.router.adapters.dynamodb;

import static dev.handoff.router.adapters.dynamodb.Values.n;
import static dev.handoff.router.adapters.dynamodb.Values.s;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.Skills;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Conversations as one item each, written whole and conditionally on the version read (optimistic locking). The
 * item is bounded by {@link Conversation}'s limits.
 */
@ApplicationScoped
public class DynamoDbConversationStore implements ConversationStore {
    /** The most line entries a read past conversations that require other skills takes in one call. */
    private static final int PASSED_OVER_PAGE = 400;
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbConversationStore(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.table = tables.conversations();
    }

    @Override
    public Optional<Conversation> find(String conversationId) {
        return Reads.item(dynamo, table, Attr.CONVERSATION_ID, conversationId).map(ItemMapper::conversation);
    }

    @Override
    public Conversation create(Conversation conversation) {
        try {
            dynamo.putItem(PutItemRequest.builder().tableName(table)
                    .item(ItemMapper.conversationItem(conversation, 1))
                    .conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", Attr.CONVERSATION_ID))
                    .build());
        } catch (ConditionalCheckFailedException e) {
            throw new AlreadyStored(conversation.id());
        }
        return conversation.withVersion(1);
    }

    @Override
    public Conversation replace(Conversation conversation) {
        long next = conversation.version() + 1;
        try {
            dynamo.putItem(PutItemRequest.builder().tableName(table)
                    .item(ItemMapper.conversationItem(conversation, next))
                    .conditionExpression("#v = :v")
                    .expressionAttributeNames(Map.of("#v", Attr.VERSION))
                    .expressionAttributeValues(Map.of(":v", n(conversation.version())))
                    .build());
        } catch (ConditionalCheckFailedException e) {
            throw new StaleWrite("conversation " + conversation.id());
        }
        return conversation.withVersion(next);
    }

    @Override
    public List<WaitingEntry> oldestWaiting(String queueId, KindNeeded needed, int limit) {
        return oldestWaiting(queueId, needed, limit, null);
    }

    /** @param skills null for every conversation of the line */
    @Override
    public List<WaitingEntry> oldestWaiting(String queueId, KindNeeded needed, int limit, Skills skills) {
        var request = QueryRequest.builder().tableName(table)
                .indexName(TableDefinitions.WAITING_INDEX)
                .keyConditionExpression("#line = :line")
                .expressionAttributeNames(Map.of("#line", Attr.WAIT_LINE))
                .expressionAttributeValues(Map.of(":line", s(ItemMapper.waitLine(queueId, needed))));
        var found = new ArrayList<WaitingEntry>();
        Map<String, AttributeValue> start = null;
        int page = limit;
        do {
            var response = dynamo.query(request.exclusiveStartKey(start).limit(page).build());
            for (var item : response.items()) {
                String order = item.get(Attr.WAIT_ORDER).s();
                var entry = new WaitingEntry(item.get(Attr.CONVERSATION_ID).s(), order, Conversation.arrivalIn(order));
                if (found.size() < limit && (skills == null || skills.covers(entry.requires()))) {
                    found.add(entry);
                }
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
            // Keys only, some 100 bytes each: a page of hundreds is a few read units.
            page = Math.min(page * 4, PASSED_OVER_PAGE);
        } while (skills != null && start != null && found.size() < limit);
        return found;
    }

    @Override
    public List<String> owedDeliveries(int limit) {
        var response = dynamo.query(QueryRequest.builder().tableName(table)
                .indexName(TableDefinitions.OWED_INDEX)
                .keyConditionExpression("#line = :line")
                .expressionAttributeNames(Map.of("#line", Attr.OWED_LINE))
                .expressionAttributeValues(Map.of(":line", s(ItemMapper.OWED)))
                .limit(limit)
                .build());
        return response.items().stream().map(item -> item.get(Attr.CONVERSATION_ID).s()).toList();
    }

    @Override
    public List<String> dueBy(Instant by, int limit) {
        var response = dynamo.query(QueryRequest.builder().tableName(table)
                .indexName(TableDefinitions.DUE_INDEX)
                .keyConditionExpression("#line = :line AND #order < :after")
                .expressionAttributeNames(Map.of("#line", Attr.DUE_LINE, "#order", Attr.DUE_ORDER))
                .expressionAttributeValues(Map.of(":line", s(ItemMapper.DUE),
                        ":after", s(ItemMapper.waitOrder(by.plusMillis(1), ""))))
                .limit(limit)
                .build());
        return response.items().stream().map(item -> item.get(Attr.CONVERSATION_ID).s()).toList();
    }

    @Override
    public int position(Conversation waiting) {
        var order = waiting.lineOrder();
        long ahead = Counting.all(dynamo, QueryRequest.builder().tableName(table)
                .indexName(TableDefinitions.WAITING_INDEX)
                .keyConditionExpression("#line = :line AND #order < :order")
                .expressionAttributeNames(Map.of("#line", Attr.WAIT_LINE, "#order", Attr.WAIT_ORDER))
                .expressionAttributeValues(Map.of(
                        ":line", s(ItemMapper.waitLine(waiting.queueId(), waiting.waitingFor())),
                        ":order", s(order))));
        return (int) ahead + 1;
    }

    @Override
    public Count waitingIn(String queueId, KindNeeded needed) {
        return countOnePage(TableDefinitions.WAITING_INDEX, Attr.WAIT_LINE, ItemMapper.waitLine(queueId, needed));
    }

    @Override
    public LineTally countWaiting(String queueId, KindNeeded needed) {
        // The index keys tell a conversation with a priority by its order's form; a key cannot be filtered on, so
        // the pages' keys are read (as many read units as a count of them) and counted here.
        long waiting = 0;
        long prioritized = 0;
        for (var page : dynamo.queryPaginator(QueryRequest.builder().tableName(table)
                .indexName(TableDefinitions.WAITING_INDEX)
                .keyConditionExpression("#line = :line")
                .expressionAttributeNames(Map.of("#line", Attr.WAIT_LINE, "#order", Attr.WAIT_ORDER))
                .expressionAttributeValues(Map.of(":line", s(ItemMapper.waitLine(queueId, needed))))
                .projectionExpression("#order")
                .build())) {
            for (var item : page.items()) {
                waiting++;
                if (Conversation.prioritized(item.get(Attr.WAIT_ORDER).s())) {
                    prioritized++;
                }
            }
        }
        return new LineTally(waiting, prioritized);
    }

    @Override
    public Count assignedIn(String queueId) {
        return countOnePage(TableDefinitions.HELD_INDEX, Attr.HELD_IN, queueId);
    }

    /** Counts one partition of a keys-only index with a single Query (a bounded read, see {@link Counting}). */
    private Count countOnePage(String index, String partitionKey, String value) {
        return Counting.onePage(dynamo, QueryRequest.builder().tableName(table)
                .indexName(index)
                .keyConditionExpression("#key = :value")
                .expressionAttributeNames(Map.of("#key", partitionKey))
                .expressionAttributeValues(Map.of(":value", s(value))));
    }
}
