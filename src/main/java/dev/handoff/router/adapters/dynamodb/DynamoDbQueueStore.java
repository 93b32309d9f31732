package dev.handoff.router.adapters.dynamodb;

import static dev.handoff.router.adapters.dynamodb.Values.millis;
import static dev.handoff.router.adapters.dynamodb.Values.n;
import static dev.handoff.router.adapters.dynamodb.Values.s;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.LineCount;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.QueueStore;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Queues as one item each: their settings (members are the {@link DynamoDbMemberStore}'s) and their lines' counters
 * ({@code joined#<kind>}, {@code left#<kind>}, {@code ticketAt#<kind>}), which a queue upsert leaves as they are.
 */
@ApplicationScoped
public class DynamoDbQueueStore implements QueueStore {
    private final DynamoDbClient dynamo;
    private final TableNames tables;

    public DynamoDbQueueStore(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.tables = tables;
    }

    @Override
    public Optional<Queue> find(String queueId) {
        return Reads.item(dynamo, tables.queues(), Attr.QUEUE_ID, queueId).map(ItemMapper::queue);
    }

    @Override
    public List<Queue> findAll(Collection<String> ids) {
        return Batches.getAll(dynamo, tables.queues(), Attr.QUEUE_ID, new LinkedHashSet<>(ids)).stream()
                .map(ItemMapper::queue).toList();
    }

    @Override
    public QueuePage page(String after, int limit) {
        // One more than asked tells whether another page follows; a page cut short by DynamoDB's 1 MB is followed.
        var request = ScanRequest.builder().tableName(tables.queues()).consistentRead(true).limit(limit + 1);
        if (after != null) {
            request.exclusiveStartKey(ItemMapper.key(Attr.QUEUE_ID, after));
        }
        var response = dynamo.scan(request.build());
        var queues = response.items().stream().limit(limit).map(ItemMapper::queue).toList();
        boolean more = response.items().size() > limit
                || response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() && !queues.isEmpty();
        return new QueuePage(queues, more ? queues.get(queues.size() - 1).id() : null);
    }

    @Override
    public QueueAndConversation findForStart(String queueId, String conversationId) {
        var found = Batches.get(dynamo, Map.of(
                tables.queues(), List.of(ItemMapper.key(Attr.QUEUE_ID, queueId)),
                tables.conversations(), List.of(ItemMapper.key(Attr.CONVERSATION_ID, conversationId))));
        var queue = found.getOrDefault(tables.queues(), List.of()).stream().findFirst().map(ItemMapper::queue);
        var conversation = found.getOrDefault(tables.conversations(), List.of()).stream().findFirst()
                .map(ItemMapper::conversation);
        return new QueueAndConversation(queue, conversation);
    }

    @Override
    public Queue upsert(String queueId, String name, int unitsPerConversation) {
        var response = dynamo.updateItem(UpdateItemRequest.builder().tableName(tables.queues())
                .key(ItemMapper.key(Attr.QUEUE_ID, queueId))
                .updateExpression("SET #name = :name, #units = :units")
                .expressionAttributeNames(Map.of("#name", Attr.NAME, "#units", Attr.UNITS_PER_CONVERSATION))
                .expressionAttributeValues(Map.of(":name", s(name), ":units", n(unitsPerConversation)))
                .returnValues(ReturnValue.ALL_NEW)
                .build());
        return ItemMapper.queue(response.attributes());
    }

    @Override
    public long takeTicket(String queueId, KindNeeded line, Instant now) {
        try {
            var response = dynamo.updateItem(UpdateItemRequest.builder().tableName(tables.queues())
                    .key(ItemMapper.key(Attr.QUEUE_ID, queueId))
                    .updateExpression("ADD #joined :one SET #at = :now")
                    .conditionExpression("attribute_exists(#id)")
                    .expressionAttributeNames(Map.of("#joined", Attr.LINE_JOINED + line.wire(),
                            "#at", Attr.LINE_TICKET_AT + line.wire(), "#id", Attr.QUEUE_ID))
                    .expressionAttributeValues(Map.of(":one", n(1), ":now", millis(now)))
                    .returnValues(ReturnValue.UPDATED_NEW)
                    .build());
            return Values.num(response.attributes(), Attr.LINE_JOINED + line.wire(), 0);
        } catch (ConditionalCheckFailedException gone) {
            throw new IllegalStateException("queue " + queueId + " is gone", gone);
        }
    }

    @Override
    public void leave(String queueId, KindNeeded line) {
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(tables.queues())
                    .key(ItemMapper.key(Attr.QUEUE_ID, queueId))
                    .updateExpression("ADD #left :one")
                    .conditionExpression("attribute_exists(#id)")
                    .expressionAttributeNames(Map.of("#left", Attr.LINE_LEFT + line.wire(), "#id", Attr.QUEUE_ID))
                    .expressionAttributeValues(Map.of(":one", n(1)))
                    .build());
        } catch (ConditionalCheckFailedException gone) {
            // No such queue: no line to count.
        }
    }

    @Override
    public Map<String, Map<KindNeeded, LineCount>> lines(Collection<String> ids) {
        var found = new HashMap<String, Map<KindNeeded, LineCount>>();
        for (var item : Batches.getAll(dynamo, tables.queues(), Attr.QUEUE_ID, new LinkedHashSet<>(ids))) {
            var lines = new EnumMap<KindNeeded, LineCount>(KindNeeded.class);
            for (KindNeeded line : KindNeeded.values()) {
                lines.put(line, new LineCount(Values.num(item, Attr.LINE_JOINED + line.wire(), 0),
                        Values.num(item, Attr.LINE_LEFT + line.wire(), 0),
                        Values.instant(item, Attr.LINE_TICKET_AT + line.wire())));
            }
            found.put(Values.str(item, Attr.QUEUE_ID), lines);
        }
        return found;
    }

    @Override
    public boolean recount(String queueId, KindNeeded line, LineCount seen, long waiting, Instant now) {
        String joined = seen.joined() == 0 ? "attribute_not_exists(#joined)" : "#joined = :joined";
        String left = seen.left() == 0 ? "attribute_not_exists(#left)" : "#left = :seenLeft";
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(tables.queues())
                    .key(ItemMapper.key(Attr.QUEUE_ID, queueId))
                    .updateExpression("SET #left = :left, #at = :now")
                    .conditionExpression("attribute_exists(#id) AND " + joined + " AND " + left)
                    .expressionAttributeNames(Map.of("#joined", Attr.LINE_JOINED + line.wire(),
                            "#left", Attr.LINE_LEFT + line.wire(), "#at", Attr.LINE_TICKET_AT + line.wire(),
                            "#id", Attr.QUEUE_ID))
                    .expressionAttributeValues(values(seen, waiting, now))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException moved) {
            return false; // a ticket was taken or a conversation left meanwhile: the next sweep counts again
        }
    }

    private static Map<String, AttributeValue> values(LineCount seen, long waiting, Instant now) {
        var values = new HashMap<String, AttributeValue>();
        values.put(":left", n(seen.joined() - waiting));
        values.put(":now", millis(now));
        if (seen.joined() != 0) {
            values.put(":joined", n(seen.joined()));
        }
        if (seen.left() != 0) {
            values.put(":seenLeft", n(seen.left()));
        }
        return values;
    }
}
