package dev.handoff.router.adapters.dynamodb;

import static dev.handoff.router.adapters.dynamodb.Values.n;
import static dev.handoff.router.adapters.dynamodb.Values.s;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.MemberStore;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.ParticipantKind;
import dev.handoff.router.domain.RoomLayout;
import dev.handoff.router.domain.RoomLayout.SkillLevel;
import dev.handoff.router.domain.RoomLayouts;
import dev.handoff.router.domain.Skills;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Members as one small item per queue and participant in {@code members} (partition: the queue; sort: the
 * participant), so no item grows with a queue; and, for each that has room, room items in {@code rooms}: one in the
 * partition queue + "#" + kind, and one per skill the queue indexes that the member has, in the partition queue +
 * "#skill#" + skill + "#" + level, shared by both kinds ({@link RoomLayout}, which {@link RoomLayouts} tells), so a
 * new conversation, which takes either kind, reads each level once. All are sorted by {@link
 * dev.handoff.router.domain.AssignmentMethod#rank} by the queue's method, so their first items are the best candidates,
 * read strongly consistently (a secondary index would lag its table on AWS, and dynalite updates one by deleting the
 * old key before writing the new, so a query in between finds nobody).
 *
 * <p>A room item's sort key ends with the revision that wrote it, so no two mirrors ever write the same item: each is
 * written once and deleted once, and needs no condition. That is what lets a mirror write all of a member's room items
 * in one batch and delete the old ones in another, three calls however many skills the queue indexes. A member's entry
 * says which room items are its own; a mirror writes the new room items, then updates the entry (conditional on the
 * revision it mirrors, so mirrors that land out of order leave the newest), then deletes the old ones; a mirror that
 * loses the entry to a newer one deletes the room items it wrote.
 */
@ApplicationScoped
public class DynamoDbMemberStore implements MemberStore {
    /** The most room items a look that requires skills reads in one call (about 100 KB of them at most). */
    static final int MAX_FILTERED_PAGE = 256;
    /** Requests in one BatchWriteItem. */
    private static final int BATCH_WRITES = 25;
    private final DynamoDbClient dynamo;
    private final String members;
    private final String rooms;
    private final RoomLayouts layouts;

    public DynamoDbMemberStore(DynamoDbClient dynamo, TableNames tables, RoomLayouts layouts) {
        this.dynamo = dynamo;
        this.members = tables.members();
        this.rooms = tables.rooms();
        this.layouts = layouts;
    }

    @Override
    public void join(String queueId, Participant participant) {
        write(queueId, participant, layouts.of(queueId),
                "attribute_not_exists(#revision) OR #revision <= :revision");
    }

    @Override
    public void leave(String queueId, String participantId) {
        var old = dynamo.deleteItem(DeleteItemRequest.builder().tableName(members).key(key(queueId, participantId))
                .returnValues(ReturnValue.ALL_OLD).build());
        deleteRooms(ownRoomKeys(queueId, old.hasAttributes() ? old.attributes() : Map.of()));
    }

    @Override
    public void mirror(Participant participant) {
        var layoutOf = layouts.of(participant.queues());
        for (String queueId : participant.queues()) {
            // Only an entry that exists: a participant that left the queue meanwhile is not made a member again.
            write(queueId, participant, layoutOf.getOrDefault(queueId, RoomLayout.DEFAULT),
                    "attribute_exists(#revision) AND #revision < :revision");
        }
    }

    /**
     * The new room items first, then the entry, then the old room items' deletion: a participant with room always has
     * its room items. Two mirrors that cross each delete what the entry they replaced named, or what they wrote
     * themselves when they lost, and never the same item.
     */
    private void write(String queueId, Participant participant, RoomLayout layout, String condition) {
        var written = participant.hasRoom() ? roomItems(queueId, participant, layout)
                : List.<Map<String, AttributeValue>>of();
        putRooms(written);
        var names = new HashMap<>(Map.of("#kind", Attr.KIND, "#revision", Attr.REVISION,
                "#roomIn", Attr.ROOM_IN, "#rank", Attr.ROOM_RANK, "#roomSkills", Attr.ROOM_SKILLS));
        var values = new HashMap<>(Map.of(":kind", s(participant.kind().wire()),
                ":revision", n(participant.revision())));
        String update = "SET #kind = :kind, #revision = :revision";
        var levels = layout.indexedLevels(participant);
        if (written.isEmpty()) {
            update += " REMOVE #roomIn, #rank, #roomSkills";
        } else {
            update += ", #roomIn = :roomIn, #rank = :rank";
            values.put(":roomIn", written.get(0).get(Attr.ROOM_IN));
            values.put(":rank", written.get(0).get(Attr.ROOM_RANK));
            if (levels.isEmpty()) {
                update += " REMOVE #roomSkills";
            } else {
                update += ", #roomSkills = :roomSkills";
                values.put(":roomSkills", AttributeValue.fromSs(levels.entrySet().stream()
                        .map(e -> skillLevel(e.getKey(), e.getValue())).toList()));
            }
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
            deleteRooms(written.stream().map(DynamoDbMemberStore::roomKey).toList());
            return;
        }
        var kept = new HashSet<>(written.stream().map(DynamoDbMemberStore::roomKey).toList());
        deleteRooms(ownRoomKeys(queueId, old).stream().filter(k -> !kept.contains(k)).toList());
    }

    /** The keys of the room items an entry names as its own: none while it has no room. */
    private static List<Map<String, AttributeValue>> ownRoomKeys(String queueId, Map<String, AttributeValue> entry) {
        String in = Values.str(entry, Attr.ROOM_IN);
        String rank = Values.str(entry, Attr.ROOM_RANK);
        if (in == null || rank == null) {
            return List.of();
        }
        var keys = new ArrayList<Map<String, AttributeValue>>();
        keys.add(roomKey(in, rank));
        var bySkill = entry.get(Attr.ROOM_SKILLS);
        if (bySkill != null && bySkill.hasSs()) {
            bySkill.ss().forEach(skillLevel -> keys.add(roomKey(skillRoomIn(queueId, skillLevel), rank)));
        }
        return keys;
    }

    private void putRooms(List<Map<String, AttributeValue>> items) {
        writeRooms(items.stream().map(item -> WriteRequest.builder()
                .putRequest(PutRequest.builder().item(item).build()).build()).toList());
    }

    private void deleteRooms(List<Map<String, AttributeValue>> keys) {
        writeRooms(keys.stream().map(key -> WriteRequest.builder()
                .deleteRequest(DeleteRequest.builder().key(key).build())
                .build()).toList());
    }

    private void writeRooms(List<WriteRequest> requests) {
        for (int from = 0; from < requests.size(); from += BATCH_WRITES) {
            Batches.writeAll(dynamo, Map.of(rooms,
                    requests.subList(from, Math.min(requests.size(), from + BATCH_WRITES))));
        }
    }

    @Override
    public List<Suggestion> mostRoom(String queueId, RoomLayout layout, KindNeeded needed, Skills required,
            int limit) {
        var by = layout.lookUpBy(required);
        if (by.isEmpty()) {
            // Four times the few asked for when some may not qualify: one call still, and a read unit more at most.
            int firstPage = required.isEmpty() ? limit : Math.min(limit * 4, MAX_FILTERED_PAGE);
            var found = new ArrayList<Suggestion>();
            for (ParticipantKind kind : ParticipantKind.values()) {
                if (needed.accepts(kind)) {
                    found.addAll(look(roomIn(queueId, kind), null, kind, null, layout, required, firstPage, limit));
                }
            }
            return found;
        }
        // Every level at or above the one asked, each a partition of its own; the best of each, merged by rank. Those
        // read pass the looked-up skill already, so the first page of each asks for no more than the few.
        var rest = required.relaxed(0, Set.of(by.get().skill()));
        ParticipantKind onlyKind = needed == KindNeeded.ANY ? null
                : needed.accepts(ParticipantKind.BOT) ? ParticipantKind.BOT : ParticipantKind.REPRESENTATIVE;
        var found = new ArrayList<Suggestion>();
        for (int level = by.get().level(); level <= Skills.MAX_LEVEL; level++) {
            var at = new SkillLevel(by.get().skill(), level);
            found.addAll(look(skillRoomIn(queueId, skillLevel(at.skill(), level)), at, null, onlyKind, layout, rest,
                    limit, limit));
        }
        found.sort(Comparator.comparing(Suggestion::rank));
        return List.copyOf(found.subList(0, Math.min(limit, found.size())));
    }

    /**
     * The first {@code limit} room items of one partition that cover {@code required} (and are of {@code onlyKind},
     * unless null), by the layout's method. DynamoDB reads up to a page's limit and then filters: pages grow fourfold
     * while few qualify, so a look past many members without the skills takes a few calls, and one where most have
     * them costs what it did.
     *
     * @param kindOf the kind of every room item of the partition; null when it holds both (each item says its own)
     */
    private List<Suggestion> look(String partition, SkillLevel foundBy, ParticipantKind kindOf,
            ParticipantKind onlyKind, RoomLayout layout, Skills required, int firstPage, int limit) {
        // Only the ranks of the queue's method: those another method wrote before a change are out of sight.
        String prefix = layout.method().rankPrefix();
        String ofMethod = prefix.isEmpty() ? "#rank < :letters" : "begins_with(#rank, :prefix)";
        var names = new HashMap<>(Map.of("#roomIn", Attr.ROOM_IN, "#rank", Attr.ROOM_RANK));
        var values = new HashMap<>(Map.of(":roomIn", s(partition),
                prefix.isEmpty() ? ":letters" : ":prefix", s(prefix.isEmpty() ? "a" : prefix)));
        var request = QueryRequest.builder().tableName(rooms).consistentRead(true)
                .keyConditionExpression("#roomIn = :roomIn AND " + ofMethod);
        var conditions = new ArrayList<String>();
        if (onlyKind != null) {
            names.put("#kind", Attr.KIND);
            values.put(":kind", s(onlyKind.wire()));
            conditions.add("#kind = :kind");
        }
        if (!required.isEmpty()) {
            names.put("#skills", Attr.SKILLS);
            int i = 0;
            for (var skill : required.levels().entrySet()) {
                names.put("#s" + i, skill.getKey());
                values.put(":s" + i, n(skill.getValue()));
                conditions.add("#skills.#s" + i + " >= :s" + i);
                i++;
            }
        }
        if (!conditions.isEmpty()) {
            request.filterExpression(String.join(" AND ", conditions));
        }
        request.expressionAttributeNames(names).expressionAttributeValues(values);
        var found = new ArrayList<Suggestion>();
        Map<String, AttributeValue> start = null;
        int page = firstPage;
        do {
            var response = dynamo.query(request.exclusiveStartKey(start).limit(page).build());
            response.items().stream().limit(limit - found.size()).forEach(item -> {
                long revision = Values.num(item, Attr.REVISION, 0);
                found.add(new Suggestion(item.get(Attr.PARTICIPANT_ID).s(),
                        kindOf != null ? kindOf : ParticipantKind.fromWire(item.get(Attr.KIND).s()),
                        rankOf(item.get(Attr.ROOM_RANK).s(), revision), revision, foundBy));
            });
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
            page = Math.min(page * 4, MAX_FILTERED_PAGE);
        } while (!conditions.isEmpty() && start != null && found.size() < limit);
        return found;
    }

    @Override
    public void mend(String queueId, Suggestion suggested) {
        String in = roomIn(queueId, suggested.kind());
        var entry = dynamo.getItem(GetItemRequest.builder().tableName(members)
                .key(key(queueId, suggested.participantId())).consistentRead(true).build());
        var suggestedKey = suggestedKey(queueId, in, suggested);
        if (ownRoomKeys(queueId, entry.hasItem() ? entry.item() : Map.of()).contains(suggestedKey)) {
            return; // its own, until the mirror of a step still running replaces it
        }
        deleteRooms(List.of(suggestedKey));
    }

    /** The key of the room item a suggestion was read from. */
    private static Map<String, AttributeValue> suggestedKey(String queueId, String in, Suggestion suggested) {
        String partition = suggested.foundBy() == null ? in
                : skillRoomIn(queueId, skillLevel(suggested.foundBy().skill(), suggested.foundBy().level()));
        return roomKey(partition, sortKey(suggested.rank(), suggested.revision()));
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
        var layoutOf = layouts.of(participants.stream().filter(Participant::hasRoom)
                .flatMap(p -> p.queues().stream()).collect(Collectors.toSet()));
        var needed = new LinkedHashMap<Map<String, AttributeValue>, Entry>();
        for (Participant p : participants) {
            if (p.hasRoom()) {
                for (String queueId : p.queues()) {
                    var entry = new Entry(queueId, p.id());
                    roomItems(queueId, p, layoutOf.getOrDefault(queueId, RoomLayout.DEFAULT))
                            .forEach(room -> needed.put(roomKey(room), entry));
                }
            }
        }
        var found = new HashSet<Map<String, AttributeValue>>();
        for (var item : Batches.getAllByKey(dynamo, rooms, needed.keySet())) {
            found.add(roomKey(item));
        }
        var missing = new LinkedHashSet<Entry>();
        needed.forEach((roomKey, entry) -> {
            if (!found.contains(roomKey)) {
                missing.add(entry);
            }
        });
        return List.copyOf(missing);
    }

    /**
     * The room items of a participant with room in one queue: its own, ranked by the queue's method, first; then one
     * for each skill the queue indexes that it has, at its level. Each carries the participant's skills, which looks
     * that require others filter on.
     */
    private static List<Map<String, AttributeValue>> roomItems(String queueId, Participant participant,
            RoomLayout layout) {
        String in = roomIn(queueId, participant.kind());
        String sortKey = sortKey(layout.method().rank(participant), participant.revision());
        var partitions = new ArrayList<String>();
        partitions.add(in);
        layout.indexedLevels(participant)
                .forEach((skill, level) -> partitions.add(skillRoomIn(queueId, skillLevel(skill, level))));
        return partitions.stream().map(partition -> {
            var item = new HashMap<>(Map.of(Attr.ROOM_IN, s(partition), Attr.ROOM_RANK, s(sortKey),
                    Attr.PARTICIPANT_ID, s(participant.id()), Attr.REVISION, n(participant.revision()),
                    Attr.KIND, s(participant.kind().wire())));
            if (!participant.skills().isEmpty()) {
                item.put(Attr.SKILLS, ItemMapper.skills(participant.skills()));
            }
            return (Map<String, AttributeValue>) item;
        }).toList();
    }

    /** A room item's sort key: the rank, then the revision that wrote it, which no other mirror writes. */
    private static String sortKey(String rank, long revision) {
        return rank + "#" + revision;
    }

    /** The rank a room item's sort key starts with. */
    private static String rankOf(String sortKey, long revision) {
        String suffix = "#" + revision;
        return sortKey.endsWith(suffix) ? sortKey.substring(0, sortKey.length() - suffix.length()) : sortKey;
    }

    /** What a room item of an indexed skill adds to its partition: the skill and the level. */
    private static String skillLevel(String skill, int level) {
        return skill + "#" + level;
    }

    /** The partition of a queue's room items by one indexed skill at one level ({@link #skillLevel}), of both kinds. */
    private static String skillRoomIn(String queueId, String skillLevel) {
        return queueId + "#skill#" + skillLevel;
    }

    /** The partition of a queue's room items of one kind. */
    static String roomIn(String queueId, ParticipantKind kind) {
        return queueId + "#" + kind.wire();
    }

    private static Map<String, AttributeValue> key(String queueId, String participantId) {
        return Map.of(Attr.QUEUE_ID, s(queueId), Attr.PARTICIPANT_ID, s(participantId));
    }

    private static Map<String, AttributeValue> roomKey(Map<String, AttributeValue> item) {
        return roomKey(item.get(Attr.ROOM_IN).s(), item.get(Attr.ROOM_RANK).s());
    }

    private static Map<String, AttributeValue> roomKey(String roomIn, String sortKey) {
        return Map.of(Attr.ROOM_IN, s(roomIn), Attr.ROOM_RANK, s(sortKey));
    }
}
