package dev.handoff.router.adapters.dynamodb;

import static dev.handoff.router.adapters.dynamodb.Values.millis;
import static dev.handoff.router.adapters.dynamodb.Values.n;
import static dev.handoff.router.adapters.dynamodb.Values.s;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.handoff.router.domain.Claim;
import dev.handoff.router.domain.ParticipantStore.HeldClaim;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The claims table: one item per settled claim (participant, conversation), about 150 bytes, so a claim costs the
 * same write whatever its participant holds. A released claim's item is kept, marked released, for {@link #KEPT}
 * (then DynamoDB's TTL removes it): a settle that comes late finds it and does not bring the claim back.
 */
final class ClaimItems {
    static final String HELD = "held";
    static final String RELEASED = "released";
    /** How long a released claim's item is kept; far longer than any step may run (Lambda's limit is 15 minutes). */
    static final Duration KEPT = Duration.ofDays(1);

    /**
     * A claim item as read: its claim, whether it is still held, which release marked it released, and whether it
     * was ever settled (false for the item a release writes for a claim that was not: its units were on the
     * participant only).
     */
    record Stored(Claim claim, boolean held, String releasedBy, boolean settled) {
        boolean is(String token, int units) {
            return claim.token().equals(token) && claim.units() == units;
        }
    }

    private final DynamoDbClient dynamo;
    private final String table;

    ClaimItems(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * Writes the claim's item as held, unless an item for the conversation is there already: held (by this claim, or
     * another) or released by this claim's token.
     *
     * @return the item as it is after: this claim held when it was written now or before
     */
    Stored putHeld(String participantId, String conversationId, Claim claim) {
        var item = new HashMap<>(key(participantId, conversationId));
        item.put(Attr.CLAIM_TOKEN, s(claim.token()));
        item.put(Attr.UNITS, n(claim.units()));
        item.put(Attr.CLAIMED_AT, millis(claim.claimedAt()));
        item.put(Attr.CLAIM_STATE, s(HELD));
        if (putUnlessTaken(item, claim.token())) {
            return new Stored(claim, true, null, true);
        }
        return find(participantId, conversationId)
                .orElseThrow(() -> new IllegalStateException("claim item refused, then not found"));
    }

    /**
     * Writes a claim's item unless one for its conversation is held, or released by the same token (a claim released
     * before it settled: a late settle must not bring it back).
     *
     * @return whether it was written
     */
    private boolean putUnlessTaken(Map<String, AttributeValue> item, String token) {
        try {
            dynamo.putItem(PutItemRequest.builder().tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#participant)"
                            + " OR (#state = :released AND #token <> :token)")
                    .expressionAttributeNames(Map.of("#participant", Attr.PARTICIPANT_ID, "#state",
                            Attr.CLAIM_STATE, "#token", Attr.CLAIM_TOKEN))
                    .expressionAttributeValues(Map.of(":released", s(RELEASED), ":token", s(token)))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }

    /**
     * Marks this claim's item released by {@code owner}, if it is held by the claim; or, when there is no item for the
     * conversation (the claim is not settled), writes one released by {@code owner}, so that a settle coming later
     * does nothing.
     *
     * @return the item as it is after the attempt: released by {@code owner} when this marked it (now or before)
     */
    Optional<Stored> markReleased(String participantId, String conversationId, String token, int units,
            String owner, Instant now) {
        var names = Map.of("#state", Attr.CLAIM_STATE, "#token", Attr.CLAIM_TOKEN, "#units", Attr.UNITS,
                "#by", Attr.RELEASED_BY, "#expires", Attr.EXPIRES_AT);
        var values = Map.of(":held", s(HELD), ":released", s(RELEASED), ":token", s(token), ":units", n(units),
                ":by", s(owner), ":expires", n(now.plus(KEPT).getEpochSecond()));
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key(participantId, conversationId))
                    .updateExpression("SET #state = :released, #by = :by, #expires = :expires")
                    .conditionExpression("#state = :held AND #token = :token AND #units = :units")
                    .expressionAttributeNames(names).expressionAttributeValues(values).build());
            return Optional.of(new Stored(new Claim(units, token, null), false, owner, true));
        } catch (ConditionalCheckFailedException notHeld) {
            var found = find(participantId, conversationId);
            boolean settledElse = found.isPresent() && (found.get().held() || found.get().claim().token().equals(token));
            if (settledElse) {
                return found;
            }
        }
        // No item for the conversation, or an old released one: the claim, if held, is not settled.
        var item = new HashMap<>(key(participantId, conversationId));
        item.put(Attr.CLAIM_TOKEN, s(token));
        item.put(Attr.UNITS, n(units));
        item.put(Attr.CLAIM_STATE, s(RELEASED));
        item.put(Attr.RELEASED_BY, s(owner));
        item.put(Attr.EXPIRES_AT, n(now.plus(KEPT).getEpochSecond()));
        if (putUnlessTaken(item, token)) {
            return Optional.of(new Stored(new Claim(units, token, null), false, owner, false));
        }
        // A settle or another release wrote it meanwhile: the caller decides again on what is there now.
        return find(participantId, conversationId);
    }

    Optional<Stored> find(String participantId, String conversationId) {
        var response = dynamo.getItem(GetItemRequest.builder().tableName(table)
                .key(key(participantId, conversationId)).consistentRead(true).build());
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(stored(response.item()))
                : Optional.empty();
    }

    /** Held claims of one participant after a conversation id, in order; at most {@code limit}, and whether more. */
    List<HeldClaim> heldAfter(String participantId, String after, int limit) {
        var found = new ArrayList<HeldClaim>();
        Map<String, AttributeValue> start = after == null ? null : key(participantId, after);
        do {
            var response = dynamo.query(QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("#participant = :participant")
                    .filterExpression("#state = :held")
                    .expressionAttributeNames(Map.of("#participant", Attr.PARTICIPANT_ID, "#state",
                            Attr.CLAIM_STATE))
                    .expressionAttributeValues(Map.of(":participant", s(participantId), ":held", s(HELD)))
                    .exclusiveStartKey(start).limit(limit + 1).build());
            response.items().forEach(item -> found.add(held(item)));
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null && found.size() <= limit);
        return found;
    }

    private static HeldClaim held(Map<String, AttributeValue> item) {
        return new HeldClaim(Values.str(item, Attr.PARTICIPANT_ID), Values.str(item, Attr.CONVERSATION_ID),
                stored(item).claim());
    }

    private static Stored stored(Map<String, AttributeValue> item) {
        return new Stored(new Claim((int) Values.num(item, Attr.UNITS, 0), Values.str(item, Attr.CLAIM_TOKEN),
                Values.instant(item, Attr.CLAIMED_AT)), HELD.equals(Values.str(item, Attr.CLAIM_STATE)),
                Values.str(item, Attr.RELEASED_BY), item.containsKey(Attr.CLAIMED_AT));
    }

    private static Map<String, AttributeValue> key(String participantId, String conversationId) {
        return Map.of(Attr.PARTICIPANT_ID, s(participantId), Attr.CONVERSATION_ID, s(conversationId));
    }
}
