package dev.handoff.router.adapters.dynamodb;

import static dev.handoff.router.adapters.dynamodb.Values.millis;
import static dev.handoff.router.adapters.dynamodb.Values.n;
import static dev.handoff.router.adapters.dynamodb.Values.s;

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
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Queues as one item each: their settings (members are the {@link DynamoDbMemberStore}'s) and their lines' counters
 * ({@code joined#<kind>}, {@code left#<kind>}, {@code ticketAt#<kind>}, and of those joined and left the ones with a
 * priority, {@code pjoined#<kind>} and {@code pleft#<kind>}), which a queue upsert leaves as they are.
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
    public Queue upsert(Queue settings) {
        var names = new HashMap<>(Map.of("#name", Attr.NAME, "#units", Attr.UNITS_PER_CONVERSATION,
                "#priority", Attr.PRIORITY, "#aging", Attr.AGING_PER_MINUTE, "#assignment", Attr.ASSIGNMENT,
                "#hours", Attr.HOURS, "#overflow", Attr.OVERFLOW, "#relaxation", Attr.SKILL_RELAXATION,
                "#wrapUp", Attr.WRAP_UP_SECONDS));
        names.put("#offerTimeout", Attr.OFFER_TIMEOUT);
        names.put("#declineLimit", Attr.DECLINE_LIMIT);
        names.put("#indexedSkills", Attr.INDEXED_SKILLS);
        var values = new HashMap<>(Map.of(":name", s(settings.name()),
                ":units", n(settings.unitsPerConversation()), ":priority", n(settings.priority()),
                ":aging", AttributeValue.fromN(Double.toString(settings.agingPerMinute())),
                ":assignment", s(settings.assignment().wire())));
        var set = new ArrayList<>(List.of("#name = :name", "#units = :units", "#priority = :priority",
                "#aging = :aging", "#assignment = :assignment"));
        var remove = new ArrayList<String>();
        if (settings.hours() != null) {
            set.add("#hours = :hours");
            values.put(":hours", ItemMapper.hours(settings.hours()));
        } else {
            remove.add("#hours");
        }
        if (!settings.overflow().isEmpty()) {
            set.add("#overflow = :overflow");
            values.put(":overflow", ItemMapper.overflow(settings.overflow()));
        } else {
            remove.add("#overflow");
        }
        if (!settings.skillRelaxation().isEmpty()) {
            set.add("#relaxation = :relaxation");
            values.put(":relaxation", ItemMapper.skillRelaxation(settings.skillRelaxation()));
        } else {
            remove.add("#relaxation");
        }
        if (settings.wrapUpSeconds() > 0) {
            set.add("#wrapUp = :wrapUp");
            values.put(":wrapUp", n(settings.wrapUpSeconds()));
        } else {
            remove.add("#wrapUp");
        }
        if (settings.offer() != null) {
            set.add("#offerTimeout = :offerTimeout");
            values.put(":offerTimeout", n(settings.offer().timeoutSeconds()));
        } else {
            remove.add("#offerTimeout");
        }
        if (settings.offer() != null && settings.offer().declineLimit() > 0) {
            set.add("#declineLimit = :declineLimit");
            values.put(":declineLimit", n(settings.offer().declineLimit()));
        } else {
            remove.add("#declineLimit");
        }
        if (!settings.indexedSkills().isEmpty()) {
            set.add("#indexedSkills = :indexedSkills");
            values.put(":indexedSkills", AttributeValue.fromL(ItemMapper.strings(settings.indexedSkills())));
        } else {
            remove.add("#indexedSkills");
        }
        var response = dynamo.updateItem(UpdateItemRequest.builder().tableName(tables.queues())
                .key(ItemMapper.key(Attr.QUEUE_ID, settings.id()))
                .updateExpression("SET " + String.join(", ", set)
                        + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove)))
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW)
                .build());
        return ItemMapper.queue(response.attributes());
    }

    @Override
    public long takeTicket(String queueId, KindNeeded line, boolean prioritized, Instant now) {
        var names = new HashMap<>(Map.of("#joined", Attr.LINE_JOINED + line.wire(),
                "#at", Attr.LINE_TICKET_AT + line.wire(), "#id", Attr.QUEUE_ID));
        String update = "ADD #joined :one SET #at = :now";
        if (prioritized) {
            update = "ADD #joined :one, #pjoined :one SET #at = :now";
            names.put("#pjoined", Attr.LINE_PRIORITIZED_JOINED + line.wire());
        }
        try {
            var response = dynamo.updateItem(UpdateItemRequest.builder().tableName(tables.queues())
                    .key(ItemMapper.key(Attr.QUEUE_ID, queueId))
                    .updateExpression(update)
                    .conditionExpression("attribute_exists(#id)")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(Map.of(":one", n(1), ":now", millis(now)))
                    .returnValues(ReturnValue.UPDATED_NEW)
                    .build());
            return Values.num(response.attributes(), Attr.LINE_JOINED + line.wire(), 0);
        } catch (ConditionalCheckFailedException gone) {
            throw new IllegalStateException("queue " + queueId + " is gone", gone);
        }
    }

    @Override
    public void leave(String queueId, KindNeeded line, boolean prioritized, Instant handedOutAt) {
        var names = new HashMap<>(Map.of("#left", Attr.LINE_LEFT + line.wire(), "#id", Attr.QUEUE_ID));
        var values = new HashMap<>(Map.of(":one", n(1)));
        String update = "ADD #left :one";
        if (prioritized) {
            update = "ADD #left :one, #pleft :one";
            names.put("#pleft", Attr.LINE_PRIORITIZED_LEFT + line.wire());
        }
        if (handedOutAt != null) {
            // The latest hand-outs as a shift register, in the same write: every right-hand side reads the item as it
            // was before it, so each time moves one place down and the oldest falls off (0: none there yet).
            var shift = new ArrayList<String>();
            for (int i = LineCount.HANDED_OUT_KEPT - 1; i > 0; i--) {
                names.put("#h" + i, handedOut(line, i));
                names.put("#h" + (i - 1), handedOut(line, i - 1));
                shift.add("#h" + i + " = if_not_exists(#h" + (i - 1) + ", :zero)");
            }
            shift.add("#h0 = :at");
            values.put(":zero", n(0));
            values.put(":at", millis(handedOutAt));
            update = "SET " + String.join(", ", shift) + " " + update;
        }
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(tables.queues())
                    .key(ItemMapper.key(Attr.QUEUE_ID, queueId))
                    .updateExpression(update)
                    .conditionExpression("attribute_exists(#id)")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .build());
        } catch (ConditionalCheckFailedException gone) {
            // No such queue: no line to count.
        }
    }

    @Override
    public Map<String, QueueLines> lines(Collection<String> ids) {
        var found = new HashMap<String, QueueLines>();
        for (var item : Batches.getAll(dynamo, tables.queues(), Attr.QUEUE_ID, new LinkedHashSet<>(ids))) {
            var lines = new EnumMap<KindNeeded, LineCount>(KindNeeded.class);
            for (KindNeeded line : KindNeeded.values()) {
                var handedOut = new ArrayList<Instant>();
                for (int i = 0; i < LineCount.HANDED_OUT_KEPT; i++) {
                    long at = Values.num(item, handedOut(line, i), 0);
                    if (at > 0) {
                        handedOut.add(Instant.ofEpochMilli(at));
                    }
                }
                lines.put(line, new LineCount(Values.num(item, Attr.LINE_JOINED + line.wire(), 0),
                        Values.num(item, Attr.LINE_LEFT + line.wire(), 0),
                        Values.instant(item, Attr.LINE_TICKET_AT + line.wire()),
                        Values.num(item, Attr.LINE_PRIORITIZED_JOINED + line.wire(), 0),
                        Values.num(item, Attr.LINE_PRIORITIZED_LEFT + line.wire(), 0), handedOut));
            }
            found.put(Values.str(item, Attr.QUEUE_ID), new QueueLines(ItemMapper.queue(item), lines));
        }
        return found;
    }

    @Override
    public boolean recount(String queueId, KindNeeded line, LineCount seen, ConversationStore.LineTally counted,
            Instant now) {
        String joined = seen.joined() == 0 ? "attribute_not_exists(#joined)" : "#joined = :joined";
        String left = seen.left() == 0 ? "attribute_not_exists(#left)" : "#left = :seenLeft";
        // The counts of those with a priority change only in the writes that change joined and left: the same
        // condition covers them.
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(tables.queues())
                    .key(ItemMapper.key(Attr.QUEUE_ID, queueId))
                    .updateExpression("SET #left = :left, #pleft = :pleft, #at = :now")
                    .conditionExpression("attribute_exists(#id) AND " + joined + " AND " + left)
                    .expressionAttributeNames(Map.of("#joined", Attr.LINE_JOINED + line.wire(),
                            "#left", Attr.LINE_LEFT + line.wire(), "#at", Attr.LINE_TICKET_AT + line.wire(),
                            "#pleft", Attr.LINE_PRIORITIZED_LEFT + line.wire(), "#id", Attr.QUEUE_ID))
                    .expressionAttributeValues(values(seen, counted, now))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException moved) {
            return false; // a ticket was taken or a conversation left meanwhile: the next sweep counts again
        }
    }

    private static Map<String, AttributeValue> values(LineCount seen, ConversationStore.LineTally counted,
            Instant now) {
        var values = new HashMap<String, AttributeValue>();
        values.put(":left", n(seen.joined() - counted.waiting()));
        values.put(":pleft", n(seen.prioritizedJoined() - counted.prioritized()));
        values.put(":now", millis(now));
        if (seen.joined() != 0) {
            values.put(":joined", n(seen.joined()));
        }
        if (seen.left() != 0) {
            values.put(":seenLeft", n(seen.left()));
        }
        return values;
    }

    /**
     * The attribute of a line's {@code i}th latest hand-out time (0: the latest): a short name ({@code out#r0}), since
     * names count towards the item's size, and the queue's item is read by every start and written by every ticket.
     */
    private static String handedOut(KindNeeded line, int i) {
        return Attr.LINE_HANDED_OUT + line.wire().charAt(0) + i;
    }
}
