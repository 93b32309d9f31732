package dev.handoff.router.adapters.dynamodb;

import static dev.handoff.router.adapters.dynamodb.Values.l;
import static dev.handoff.router.adapters.dynamodb.Values.n;
import static dev.handoff.router.adapters.dynamodb.Values.s;
import static dev.handoff.router.adapters.dynamodb.Values.str;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.handoff.router.domain.EventLedger;
import dev.handoff.router.domain.EventRecord;
import dev.handoff.router.domain.Handout;
import dev.handoff.router.domain.ParticipantKind;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The admin events' records, one item per event key. Whether a record still counts is decided by comparing times in
 * the condition; {@code expiresAt} (epoch seconds) is also the table's TTL attribute, which only cleans up.
 */
@ApplicationScoped
public class DynamoDbEventLedger implements EventLedger {
    private static final String IN_PROGRESS = "in-progress";
    private static final String COMPLETED = "completed";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbEventLedger(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.table = tables.events();
    }

    @Override
    public Optional<Entry> begin(String eventKey, String attempt, String bodyHash, Instant now, Duration lease) {
        for (int tries = 0; tries < 3; tries++) {
            var found = tryBegin(eventKey, attempt, bodyHash, now, lease);
            if (found == null) {
                return Optional.empty();
            }
            if (found.isPresent()) {
                return found;
            }
            // The record vanished between the failed put and the read (dropped by its owner): claim it again.
        }
        throw new IllegalStateException("the record of an admin event keeps appearing and vanishing; retry");
    }

    /** @return null when claimed; the other delivery's record; or empty when that record vanished meanwhile */
    private Optional<Entry> tryBegin(String eventKey, String attempt, String bodyHash, Instant now, Duration lease) {
        try {
            dynamo.putItem(PutItemRequest.builder().tableName(table)
                    .item(Map.of(Attr.EVENT_KEY, s(eventKey), Attr.STATUS, s(IN_PROGRESS),
                            Attr.BODY_HASH, s(bodyHash), Attr.OWNER, s(attempt),
                            Attr.LEASE_UNTIL, n(now.plus(lease).toEpochMilli()),
                            Attr.EXPIRES_AT, n(now.plus(EventRecord.REMEMBERED).getEpochSecond())))
                    .conditionExpression("attribute_not_exists(#key) OR #expires < :nowSeconds"
                            + " OR (#status = :inProgress AND #lease < :nowMillis)")
                    .expressionAttributeNames(Map.of("#key", Attr.EVENT_KEY, "#expires", Attr.EXPIRES_AT,
                            "#status", Attr.STATUS, "#lease", Attr.LEASE_UNTIL))
                    .expressionAttributeValues(Map.of(":nowSeconds", n(now.getEpochSecond()),
                            ":nowMillis", n(now.toEpochMilli()), ":inProgress", s(IN_PROGRESS)))
                    .build());
            return null;
        } catch (ConditionalCheckFailedException taken) {
            var item = dynamo.getItem(GetItemRequest.builder().tableName(table)
                    .key(ItemMapper.key(Attr.EVENT_KEY, eventKey)).consistentRead(true).build()).item();
            if (item == null || item.isEmpty()) {
                return Optional.empty();
            }
            var assigned = Values.list(item, Attr.ASSIGNED).stream()
                    .map(v -> new Handout(str(v.m(), Attr.CONVERSATION_ID), str(v.m(), Attr.PARTICIPANT_ID),
                            ParticipantKind.fromWire(str(v.m(), Attr.KIND))))
                    .toList();
            return Optional.of(new Entry(str(item, Attr.BODY_HASH), COMPLETED.equals(str(item, Attr.STATUS)),
                    assigned));
        }
    }

    @Override
    public void complete(String eventKey, String attempt, List<Handout> assigned) {
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(ItemMapper.key(Attr.EVENT_KEY, eventKey))
                    .updateExpression("SET #status = :completed, #assigned = :assigned REMOVE #lease")
                    .conditionExpression("#owner = :attempt")
                    .expressionAttributeNames(Map.of("#status", Attr.STATUS, "#assigned", Attr.ASSIGNED,
                            "#lease", Attr.LEASE_UNTIL, "#owner", Attr.OWNER))
                    .expressionAttributeValues(Map.of(":completed", s(COMPLETED), ":attempt", s(attempt),
                            ":assigned", l(assigned.stream()
                                    .map(h -> new Values.Item().putString(Attr.CONVERSATION_ID, h.conversationId())
                                            .putString(Attr.PARTICIPANT_ID, h.participantId())
                                            .putString(Attr.KIND, h.kind().wire()).asMap())
                                    .toList())))
                    .build());
        } catch (ConditionalCheckFailedException takenOver) {
            // Our lease ran out and another delivery holds the record now: it completes it.
        }
    }

    @Override
    public void forget(String eventKey, String attempt) {
        try {
            dynamo.deleteItem(DeleteItemRequest.builder().tableName(table)
                    .key(ItemMapper.key(Attr.EVENT_KEY, eventKey))
                    .conditionExpression("#status = :inProgress AND #owner = :attempt")
                    .expressionAttributeNames(Map.of("#status", Attr.STATUS, "#owner", Attr.OWNER))
                    .expressionAttributeValues(Map.of(":inProgress", s(IN_PROGRESS), ":attempt", s(attempt)))
                    .build());
        } catch (ConditionalCheckFailedException notOurs) {
            // Taken over by another delivery, or already gone: nothing of ours to drop.
        }
    }
}
