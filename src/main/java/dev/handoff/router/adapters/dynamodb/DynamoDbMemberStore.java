package dev.handoff.router.adapters.dynamodb;

import static dev.handoff.router.adapters.dynamodb.Values.n;
import static dev.handoff.router.adapters.dynamodb.Values.s;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import dev.handoff.router.domain.MemberStore;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.ParticipantKind;
import dev.handoff.router.domain.Routing;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Members as one small item per queue and participant (partition: the queue; sort: the participant), so no item grows
 * with a queue. While the participant has room, its item also carries the keys of the sparse {@code room} index
 * (partition: queue + kind; sort: {@link Routing#rank}), whose first entries are the best candidates. Every write is
 * conditional on the revision it mirrors, so mirrors that land out of order leave the newest.
 */
@ApplicationScoped
public class DynamoDbMemberStore implements MemberStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbMemberStore(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.table = tables.members();
    }

    @Override
    public void join(String queueId, Participant participant) {
        write(queueId, participant, "attribute_not_exists(#revision) OR #revision <= :revision");
    }

    @Override
    public void leave(String queueId, String participantId) {
        dynamo.deleteItem(DeleteItemRequest.builder().tableName(table).key(key(queueId, participantId)).build());
    }

    @Override
    public void mirror(Participant participant) {
        for (String queueId : participant.queues()) {
            // Only an entry that exists: a participant that left the queue meanwhile is not made a member again.
            write(queueId, participant, "attribute_exists(#revision) AND #revision < :revision");
        }
    }

    private void write(String queueId, Participant participant, String condition) {
        var names = new HashMap<>(Map.of("#kind", Attr.KIND, "#revision", Attr.REVISION,
                "#roomIn", Attr.ROOM_IN, "#rank", Attr.ROOM_RANK));
        var values = new HashMap<>(Map.of(":kind", s(participant.kind().wire()),
                ":revision", n(participant.revision())));
        String update = "SET #kind = :kind, #revision = :revision";
        if (participant.hasRoom()) {
            update += ", #roomIn = :roomIn, #rank = :rank";
            values.put(":roomIn", s(roomIn(queueId, participant.kind())));
            values.put(":rank", s(Routing.rank(participant)));
        } else {
            update += " REMOVE #roomIn, #rank";
        }
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(key(queueId, participant.id()))
                    .updateExpression(update)
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .build());
        } catch (ConditionalCheckFailedException newerOrGone) {
            // The entry mirrors this revision or a later one already, or the participant is no member here.
        }
    }

    @Override
    public List<String> mostRoom(String queueId, ParticipantKind kind, int limit) {
        var response = dynamo.query(QueryRequest.builder().tableName(table)
                .indexName(TableDefinitions.ROOM_INDEX)
                .keyConditionExpression("#roomIn = :roomIn")
                .expressionAttributeNames(Map.of("#roomIn", Attr.ROOM_IN))
                .expressionAttributeValues(Map.of(":roomIn", s(roomIn(queueId, kind))))
                .limit(limit)
                .build());
        return response.items().stream().map(item -> item.get(Attr.PARTICIPANT_ID).s()).toList();
    }

    @Override
    public MemberPage page(String queueId, String after, int limit) {
        // One more than asked tells whether another page follows.
        var request = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#queue = :queue")
                .expressionAttributeNames(Map.of("#queue", Attr.QUEUE_ID, "#id", Attr.PARTICIPANT_ID))
                .expressionAttributeValues(Map.of(":queue", s(queueId)))
                .projectionExpression("#id")
                .limit(limit + 1);
        if (after != null) {
            request.exclusiveStartKey(key(queueId, after));
        }
        var items = dynamo.query(request.build()).items();
        var ids = items.stream().limit(limit).map(item -> item.get(Attr.PARTICIPANT_ID).s()).toList();
        return new MemberPage(ids, items.size() > limit ? ids.get(ids.size() - 1) : null);
    }

    @Override
    public int count(String queueId) {
        var request = QueryRequest.builder().tableName(table)
                .keyConditionExpression("#queue = :queue")
                .expressionAttributeNames(Map.of("#queue", Attr.QUEUE_ID))
                .expressionAttributeValues(Map.of(":queue", s(queueId)))
                .select(Select.COUNT)
                .build();
        int count = 0;
        for (var page : dynamo.queryPaginator(request)) {
            count += page.count();
        }
        return count;
    }

    @Override
    public Map<Entry, Long> mirrored(Collection<Participant> participants) {
        var keys = new LinkedHashSet<Map<String, AttributeValue>>();
        participants.forEach(p -> p.queues().forEach(queueId -> keys.add(key(queueId, p.id()))));
        var revisions = new HashMap<Entry, Long>();
        for (var item : Batches.getAllByKey(dynamo, table, keys)) {
            revisions.put(new Entry(item.get(Attr.QUEUE_ID).s(), item.get(Attr.PARTICIPANT_ID).s()),
                    Values.num(item, Attr.REVISION, 0));
        }
        return revisions;
    }

    /** The index partition of a queue's members of one kind with room. */
    static String roomIn(String queueId, ParticipantKind kind) {
        return queueId + "#" + kind.wire();
    }

    private static Map<String, AttributeValue> key(String queueId, String participantId) {
        return Map.of(Attr.QUEUE_ID, s(queueId), Attr.PARTICIPANT_ID, s(participantId));
    }
}
