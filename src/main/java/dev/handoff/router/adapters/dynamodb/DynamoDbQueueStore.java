package dev.handoff.router.adapters.dynamodb;

import static dev.handoff.router.adapters.dynamodb.Values.n;
import static dev.handoff.router.adapters.dynamodb.Values.s;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.QueueStore;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** Queues as one item each: their settings (members are the {@link DynamoDbMemberStore}'s). */
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
}
