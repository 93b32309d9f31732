package dev.handoff.router.adapters.dynamodb;

import static dev.handoff.router.adapters.dynamodb.Values.n;
import static dev.handoff.router.adapters.dynamodb.Values.s;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.handoff.router.domain.AssignmentMethod;
import dev.handoff.router.domain.AssignmentMethods;
import dev.handoff.router.domain.MemberStore;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.ParticipantKind;
import dev.handoff.router.domain.Skills;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Members as one small item per queue and participant in {@code members} (partition: the queue; sort: the
 * participant), so no item grows with a queue; and, for each that has room, a room item in {@code rooms} (partition:
 * queue + "#" + kind; sort: {@link AssignmentMethod#rank} by the queue's method, which {@link AssignmentMethods}
 * tells), whose first items are the best candidates, read strongly consistently (a secondary index would lag its table
 * on AWS, and dynalite updates one by deleting the old key before writing the new, so a query in between finds
 * nobody). A member's entry says which room item is its own; a mirror writes the new room item, then updates the entry
 * (conditional on the revision it mirrors, so mirrors that land out of order leave the newest), then deletes the old
 * room item.
 */
@ApplicationScoped
public class DynamoDbMemberStore implements MemberStore {
    /** The most room items a look that requires skills reads in one call (about 100 KB of them at most). */
    static final int MAX_FILTERED_PAGE = 256;
    private final DynamoDbClient dynamo;
    private final String members;
    private final String rooms;
    private final AssignmentMethods methods;

    public DynamoDbMemberStore(DynamoDbClient dynamo, TableNames tables, AssignmentMethods methods) {
        this.dynamo = dynamo;
        this.members = tables.members();
        this.rooms = tables.rooms();
        this.methods = methods;
    }

    @Override
    public void join(String queueId, Participant participant) {
        write(queueId, participant, methods.of(queueId),
                "attribute_not_exists(#revision) OR #revision <= :revision");
    }

    @Override
    public void leave(String queueId, String participantId) {
        var old = dynamo.deleteItem(DeleteItemRequest.builder().tableName(members).key(key(queueId, participantId))
                .returnValues(ReturnValue.ALL_OLD).build());
        var entry = old.hasAttributes() ? old.attributes() : Map.<String, AttributeValue>of();
        if (Values.str(entry, Attr.ROOM_IN) != null) {
            deleteRoom(Values.str(entry, Attr.ROOM_IN), Values.str(entry, Attr.ROOM_RANK),
                    Values.num(entry, Attr.REVISION, 0));
        }
    }

    @Override
    public void mirror(Participant participant) {
        var methodOf = methods.of(participant.queues());
        for (String queueId : participant.queues()) {
            // Only an entry that exists: a participant that left the queue meanwhile is not made a member again.
            write(queueId, participant, methodOf.getOrDefault(queueId, AssignmentMethod.HIGHEST_CAPACITY),
                    "attribute_exists(#revision) AND #revision < :revision");
        }
    }

    /**
     * The new room item first, then the entry, then the old room item's deletion: a participant with room always has
     * one. A room item is written and deleted only under its writer's revision, so a mirror that loses the entry to a
     * newer one takes back its own room item and nothing else, and two mirrors that cross leave none behind.
     */
    private void write(String queueId, Participant participant, AssignmentMethod method, String condition) {
        Map<String, AttributeValue> room = participant.hasRoom() ? roomItem(queueId, participant, method) : null;
        if (room != null) {
            putRoom(room);
        }
        var names = new HashMap<>(Map.of("#kind", Attr.KIND, "#revision", Attr.REVISION,
                "#roomIn", Attr.ROOM_IN, "#rank", Attr.ROOM_RANK));
        var values = new HashMap<>(Map.of(":kind", s(participant.kind().wire()),
                ":revision", n(participant.revision())));
        String update = "SET #kind = :kind, #revision = :revision";
        if (room != null) {
            update += ", #roomIn = :roomIn, #rank = :rank";
            values.put(":roomIn", room.get(Attr.ROOM_IN));
            values.put(":rank", room.get(Attr.ROOM_RANK));
        } else {
            update += " REMOVE #roomIn, #rank";
        }
        Map<String, AttributeValue> old;
        try {
            old = dynamo.updateItem(UpdateItemRequest.builder().tableName(members)
                    .key(key(queueId, participant.id()))
                    .updateExpression(update)
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_OLD)
                    .build()).attributes();
        } catch (ConditionalCheckFailedException newerOrGone) {
            // The entry mirrors this revision or a later one already, or the participant is no member here.
            if (room != null) {
                deleteRoom(room.get(Attr.ROOM_IN).s(), room.get(Attr.ROOM_RANK).s(), participant.revision());
            }
            return;
        }
        String oldIn = Values.str(old, Attr.ROOM_IN);
        String oldRank = Values.str(old, Attr.ROOM_RANK);
        boolean kept = room != null && room.get(Attr.ROOM_IN).s().equals(oldIn)
                && room.get(Attr.ROOM_RANK).s().equals(oldRank);
        if (oldIn != null && oldRank != null && !kept) {
            deleteRoom(oldIn, oldRank, Values.num(old, Attr.REVISION, 0));
        }
    }

    /** Writes a room item unless the same one was written by a later revision. */
    private void putRoom(Map<String, AttributeValue> room) {
        try {
            dynamo.putItem(PutItemRequest.builder().tableName(rooms).item(room)
                    .conditionExpression("attribute_not_exists(#revision) OR #revision <= :revision")
                    .expressionAttributeNames(Map.of("#revision", Attr.REVISION))
                    .expressionAttributeValues(Map.of(":revision", room.get(Attr.REVISION)))
                    .build());
        } catch (ConditionalCheckFailedException newer) {
            // A later revision with the same rank wrote it: it is right as it is.
        }
    }

    /** Deletes a room item if it is still the one {@code revision} wrote. */
    private void deleteRoom(String roomIn, String rank, long revision) {
        try {
            dynamo.deleteItem(DeleteItemRequest.builder().tableName(rooms).key(roomKey(roomIn, rank))
                    .conditionExpression("#revision = :revision")
                    .expressionAttributeNames(Map.of("#revision", Attr.REVISION))
                    .expressionAttributeValues(Map.of(":revision", n(revision)))
                    .build());
        } catch (ConditionalCheckFailedException rewrittenOrGone) {
            // Written again since (by a later revision, or a look that mended it), or deleted already.
        }
    }

    @Override
    public List<Suggestion> mostRoom(String queueId, AssignmentMethod method, ParticipantKind kind, Skills required,
            int limit) {
        // Only the ranks of the queue's method: those another method wrote before a change are out of sight.
        String ofMethod = method.rankPrefix().isEmpty() ? "#rank < :letters" : "begins_with(#rank, :prefix)";
        var names = new HashMap<>(Map.of("#roomIn", Attr.ROOM_IN, "#rank", Attr.ROOM_RANK));
        var values = new HashMap<>(Map.of(":roomIn", s(roomIn(queueId, kind)),
                method.rankPrefix().isEmpty() ? ":letters" : ":prefix",
                s(method.rankPrefix().isEmpty() ? "a" : method.rankPrefix())));
        var request = QueryRequest.builder().tableName(rooms).consistentRead(true)
                .keyConditionExpression("#roomIn = :roomIn AND " + ofMethod);
        if (!required.isEmpty()) {
            // DynamoDB reads up to a page's limit and then filters: pages grow while few qualify, so a look past many
            // members without the skills takes a few calls, and one where most have them costs what it did.
            var conditions = new ArrayList<String>();
            names.put("#skills", Attr.SKILLS);
            int i = 0;
            for (var skill : required.levels().entrySet()) {
                names.put("#s" + i, skill.getKey());
                values.put(":s" + i, n(skill.getValue()));
                conditions.add("#skills.#s" + i + " >= :s" + i);
                i++;
            }
            request.filterExpression(String.join(" AND ", conditions));
        }
        request.expressionAttributeNames(names).expressionAttributeValues(values);
        var found = new ArrayList<Suggestion>();
        Map<String, AttributeValue> start = null;
        // Four times the few asked for when some may not qualify: one call still, and a read unit more at most.
        int page = required.isEmpty() ? limit : Math.min(limit * 4, MAX_FILTERED_PAGE);
        do {
            var response = dynamo.query(request.exclusiveStartKey(start).limit(page).build());
            response.items().stream().limit(limit - found.size()).forEach(item -> found.add(new Suggestion(
                    item.get(Attr.PARTICIPANT_ID).s(), kind, item.get(Attr.ROOM_RANK).s(),
                    Values.num(item, Attr.REVISION, 0))));
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
            page = Math.min(page * 4, MAX_FILTERED_PAGE);
        } while (!required.isEmpty() && start != null && found.size() < limit);
        return found;
    }

    @Override
    public void mend(String queueId, Suggestion suggested) {
        String suggestedIn = roomIn(queueId, suggested.kind());
        var entry = dynamo.getItem(GetItemRequest.builder().tableName(members)
                .key(key(queueId, suggested.participantId())).consistentRead(true).build());
        var stored = entry.hasItem() ? entry.item() : Map.<String, AttributeValue>of();
        if (suggestedIn.equals(Values.str(stored, Attr.ROOM_IN))
                && suggested.rank().equals(Values.str(stored, Attr.ROOM_RANK))) {
            return; // its own, until the mirror of a step still running replaces it
        }
        deleteRoom(suggestedIn, suggested.rank(), suggested.revision());
    }

    @Override
    public MemberPage page(String queueId, String after, int limit) {
        // One more than asked tells whether another page follows.
        var request = QueryRequest.builder().tableName(members).consistentRead(true)
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
        return (int) Counting.all(dynamo, QueryRequest.builder().tableName(members)
                .keyConditionExpression("#queue = :queue")
                .expressionAttributeNames(Map.of("#queue", Attr.QUEUE_ID))
                .expressionAttributeValues(Map.of(":queue", s(queueId))));
    }

    @Override
    public List<Entry> missingRoom(Collection<Participant> participants) {
        var methodOf = methods.of(participants.stream().filter(Participant::hasRoom)
                .flatMap(p -> p.queues().stream()).collect(Collectors.toSet()));
        var needed = new LinkedHashMap<Map<String, AttributeValue>, Entry>();
        for (Participant p : participants) {
            if (p.hasRoom()) {
                for (String queueId : p.queues()) {
                    var room = roomItem(queueId, p,
                            methodOf.getOrDefault(queueId, AssignmentMethod.HIGHEST_CAPACITY));
                    needed.put(roomKey(room.get(Attr.ROOM_IN).s(), room.get(Attr.ROOM_RANK).s()),
                            new Entry(queueId, p.id()));
                }
            }
        }
        var found = new HashSet<Map<String, AttributeValue>>();
        for (var item : Batches.getAllByKey(dynamo, rooms, needed.keySet())) {
            found.add(roomKey(item.get(Attr.ROOM_IN).s(), item.get(Attr.ROOM_RANK).s()));
        }
        var missing = new ArrayList<Entry>();
        needed.forEach((roomKey, entry) -> {
            if (!found.contains(roomKey)) {
                missing.add(entry);
            }
        });
        return missing;
    }

    /** The room item of a participant with room in one queue, ranked by the queue's method. */
    private static Map<String, AttributeValue> roomItem(String queueId, Participant participant,
            AssignmentMethod method) {
        var item = new HashMap<>(Map.of(Attr.ROOM_IN, s(roomIn(queueId, participant.kind())),
                Attr.ROOM_RANK, s(method.rank(participant)),
                Attr.PARTICIPANT_ID, s(participant.id()),
                Attr.REVISION, n(participant.revision())));
        if (!participant.skills().isEmpty()) {
            item.put(Attr.SKILLS, ItemMapper.skills(participant.skills())); // what looks that require skills filter on
        }
        return item;
    }

    /** The partition of a queue's room items of one kind. */
    static String roomIn(String queueId, ParticipantKind kind) {
        return queueId + "#" + kind.wire();
    }

    private static Map<String, AttributeValue> key(String queueId, String participantId) {
        return Map.of(Attr.QUEUE_ID, s(queueId), Attr.PARTICIPANT_ID, s(participantId));
    }

    private static Map<String, AttributeValue> roomKey(String roomIn, String rank) {
        return Map.of(Attr.ROOM_IN, s(roomIn), Attr.ROOM_RANK, s(rank));
    }
}
