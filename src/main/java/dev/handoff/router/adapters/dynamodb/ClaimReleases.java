package dev.handoff.router.adapters.dynamodb;

import static dev.handoff.router.adapters.dynamodb.Values.m;
import static dev.handoff.router.adapters.dynamodb.Values.millis;
import static dev.handoff.router.adapters.dynamodb.Values.n;
import static dev.handoff.router.adapters.dynamodb.Values.s;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.ParticipantStore.ItemFull;
import dev.handoff.router.domain.ParticipantStore.ReleaseMark;
import dev.handoff.router.domain.ParticipantStore.StillHeld;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Releases of claims, in three conditional writes whose order makes them safe to repeat and to finish after a crash:
 * <ol>
 * <li>the participant records the release under its own owner id ({@code releasing.<conversation>#<token>#<owner>}),
 * before the write that disconnects the holder;</li>
 * <li>the claim's item is marked released by that owner ({@link ClaimItems#markReleased}): one release only of a
 * claim gets past this, and a claim never settled gets a released item, so a late settle cannot bring it back;</li>
 * <li>one write on the participant gives the units back and removes the mark (and the claim itself, when it was never
 * settled): it is conditional on the mark, so it happens once.</li>
 * </ol>
 * A release that finds another owner's released item removes its mark and gives nothing back. The sweeper finishes
 * marks older than the lease ({@link #finish}), as their owner.
 */
final class ClaimReleases {
    private final DynamoDbClient dynamo;
    private final String table;
    private final ClaimItems claimItems;
    private final Clock clock;

    ClaimReleases(DynamoDbClient dynamo, String table, ClaimItems claimItems, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.claimItems = claimItems;
        this.clock = clock;
    }

    /** Step 1: the mark, under a new owner id; empty when there is no such participant. */
    Optional<ReleaseMark> mark(String participantId, String conversationId, String token, int units) {
        var mark = new ReleaseMark(participantId, conversationId, token, units, UUID.randomUUID().toString());
        var value = new Values.Item().putString(Attr.OWNER, mark.owner()).put(Attr.UNITS, n(units))
                .putString(Attr.CONVERSATION_ID, conversationId).putString(Attr.CLAIM_TOKEN, token)
                .put(Attr.AT, millis(clock.instant())).asMap();
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                        .key(ItemMapper.key(Attr.PARTICIPANT_ID, participantId))
                        .updateExpression("SET #releasing.#marker = :mark")
                        .conditionExpression("attribute_exists(#id)")
                        .expressionAttributeNames(Map.of("#releasing", Attr.RELEASING, "#marker", key(mark),
                                "#id", Attr.PARTICIPANT_ID))
                        .expressionAttributeValues(Map.of(":mark", value))
                        .build());
                return Optional.of(mark);
            } catch (ConditionalCheckFailedException absent) {
                return Optional.empty();
            } catch (DynamoDbException e) {
                if (DynamoDbParticipantStore.tooLarge(e)) {
                    throw new ItemFull(participantId);
                }
                if (!missingMap(e)) {
                    throw e;
                }
                addReleasingMap(participantId); // an item written before releases were marked: then mark again
            }
        }
        throw new IllegalStateException("participant " + participantId + " has no map for its releases");
    }

    /** Steps 2 and 3. */
    Optional<Participant> release(ReleaseMark mark) {
        var item = claimItems.markReleased(mark.participantId(), mark.conversationId(), mark.claimToken(),
                mark.units(), mark.owner(), clock.instant());
        if (item.isPresent() && item.get().held() && item.get().is(mark.claimToken(), mark.units())) {
            // A settle wrote the item between the two tries of step 2: mark it released now.
            item = claimItems.markReleased(mark.participantId(), mark.conversationId(), mark.claimToken(),
                    mark.units(), mark.owner(), clock.instant());
        }
        if (item.isPresent() && item.get().held() && !item.get().is(mark.claimToken(), mark.units())) {
            // The conversation's item is held by another claim of this participant, settled before this one was
            // made (a hand-out that read the conversation waiting after another had just taken it here): this claim
            // was never settled, so if it is still on the participant its units go back from there, once.
            var after = giveUnitsBack(mark.participantId(), mark.conversationId(), mark.claimToken(), mark.units(),
                    key(mark), true);
            if (after.isEmpty()) {
                unmark(mark);
            }
            return after;
        }
        if (item.isEmpty() || item.get().held() || !mark.owner().equals(item.get().releasedBy())) {
            if (item.isPresent() && !item.get().held() && item.get().settled()
                    && item.get().claim().token().equals(mark.claimToken())) {
                // Released by another: if a settle left the claim on the participant too, it goes (its units were
                // given back once, by that release).
                forgetUnsettled(mark.participantId(), mark.conversationId(), mark.claimToken());
            }
            unmark(mark);
            return Optional.empty(); // not held by this claim, or another release has it
        }
        return giveBack(mark, item.get().settled());
    }

    /**
     * Step 3: gives the units back and removes the mark in one write, conditional on the mark, so it happens once. A
     * claim never settled must be on the participant with those units, and goes in the same write; a settled one that a
     * settle left on the participant too (rare: a step died between its two writes) is taken off after.
     */
    private Optional<Participant> giveBack(ReleaseMark mark, boolean settled) {
        var after = giveUnitsBack(mark.participantId(), mark.conversationId(), mark.claimToken(), mark.units(),
                key(mark), !settled);
        if (after.isEmpty()) {
            // The mark is gone (the sweeper finished this release), or a claim never held here: nothing to give.
            unmark(mark);
            return after;
        }
        var left = after.get().unsettled().get(mark.conversationId());
        if (left != null && left.token().equals(mark.claimToken())) {
            forgetUnsettled(mark.participantId(), mark.conversationId(), mark.claimToken());
        }
        return after;
    }

    /**
     * The one write that gives a claim's units back: conditional on the release's mark ({@code marker}; null for a
     * release that could not mark), and, for a claim never settled, on the claim being on the participant with those
     * units, which goes in the same write. Either condition makes it happen once.
     *
     * @return the participant after it; empty when the condition failed
     */
    private Optional<Participant> giveUnitsBack(String participantId, String conversationId, String token, int units,
            String marker, boolean unsettled) {
        var names = new HashMap<>(Map.of("#load", Attr.LOAD, "#revision", Attr.REVISION,
                "#releasedAt", Attr.LAST_RELEASED_AT));
        var values = new HashMap<String, AttributeValue>(Map.of(":units", n(units), ":one", n(1),
                ":now", millis(clock.instant())));
        var removed = new ArrayList<String>();
        var conditions = new ArrayList<String>();
        if (marker != null) {
            names.putAll(Map.of("#releasing", Attr.RELEASING, "#marker", marker));
            removed.add("#releasing.#marker");
            conditions.add("attribute_exists(#releasing.#marker)");
        }
        if (unsettled) {
            names.putAll(Map.of("#unsettled", Attr.UNSETTLED, "#conv", conversationId, "#token", Attr.CLAIM_TOKEN,
                    "#units", Attr.UNITS));
            values.put(":token", s(token));
            removed.add("#unsettled.#conv");
            conditions.add("#unsettled.#conv.#token = :token AND #unsettled.#conv.#units = :units");
        }
        try {
            var response = dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(ItemMapper.key(Attr.PARTICIPANT_ID, participantId))
                    .updateExpression("SET #load = #load - :units, #releasedAt = :now REMOVE "
                            + String.join(", ", removed)
                            + " ADD #revision :one")
                    .conditionExpression(String.join(" AND ", conditions))
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)
                    .build());
            return Optional.of(ItemMapper.participant(response.attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /** Takes a claim off the participant (settled, or released) without moving its load; nothing if it is gone. */
    void forgetUnsettled(String participantId, String conversationId, String token) {
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(ItemMapper.key(Attr.PARTICIPANT_ID, participantId))
                    .updateExpression("REMOVE #unsettled.#conv")
                    .conditionExpression("#unsettled.#conv.#token = :token")
                    .expressionAttributeNames(Map.of("#unsettled", Attr.UNSETTLED, "#conv", conversationId,
                            "#token", Attr.CLAIM_TOKEN))
                    .expressionAttributeValues(Map.of(":token", s(token)))
                    .build());
        } catch (ConditionalCheckFailedException gone) {
            // Settled or released by a repeat meanwhile.
        }
    }

    void unmark(ReleaseMark mark) {
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(ItemMapper.key(Attr.PARTICIPANT_ID, mark.participantId()))
                    .updateExpression("REMOVE #releasing.#marker")
                    .conditionExpression("attribute_exists(#releasing.#marker)")
                    .expressionAttributeNames(Map.of("#releasing", Attr.RELEASING, "#marker", key(mark)))
                    .build());
        } catch (ConditionalCheckFailedException gone) {
            // Removed already (or no such participant: nothing is written then).
        }
    }

    /**
     * Releases a claim never settled without a mark, for a participant whose item is full (only claims under way fill
     * an item): its units go back in the same write that takes it off the participant, which can happen once only. A
     * settled claim is not released while its participant's item is full.
     */
    Optional<Participant> releaseUnmarked(String participantId, String conversationId, String token, int units) {
        String owner = UUID.randomUUID().toString();
        var item = claimItems.markReleased(participantId, conversationId, token, units, owner, clock.instant());
        if (item.isEmpty() || item.get().held() || item.get().settled() || !item.get().is(token, units)) {
            return Optional.empty();
        }
        return giveUnitsBack(participantId, conversationId, token, units, null, true); // empty: released already
    }

    /**
     * Every mark made before {@code cutoff}: removed if its conversation still holds the claim, else its release
     * finished. One strongly consistent Scan of the participants that have marks.
     */
    List<Participant> finish(Instant cutoff, StillHeld stillHeld) {
        var request = ScanRequest.builder().tableName(table).consistentRead(true)
                .filterExpression("size(#releasing) > :zero")
                .expressionAttributeNames(Map.of("#releasing", Attr.RELEASING))
                .expressionAttributeValues(Map.of(":zero", n(0)))
                .build();
        var changed = new ArrayList<Participant>();
        for (var page : dynamo.scanPaginator(request)) {
            for (var item : page.items()) {
                String participantId = Values.str(item, Attr.PARTICIPANT_ID);
                Values.map(item, Attr.RELEASING).values().forEach(value -> {
                    var fields = value.m();
                    if (!Values.instant(fields, Attr.AT).isBefore(cutoff)) {
                        return; // may belong to a step still running
                    }
                    var mark = new ReleaseMark(participantId, Values.str(fields, Attr.CONVERSATION_ID),
                            Values.str(fields, Attr.CLAIM_TOKEN), (int) Values.num(fields, Attr.UNITS, 0),
                            Values.str(fields, Attr.OWNER));
                    if (stillHeld.holds(mark.conversationId(), participantId, mark.claimToken())) {
                        unmark(mark);
                    } else {
                        release(mark).ifPresent(changed::add);
                    }
                });
            }
        }
        return changed;
    }

    private void addReleasingMap(String participantId) {
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(ItemMapper.key(Attr.PARTICIPANT_ID, participantId))
                    .updateExpression("SET #releasing = :none")
                    .conditionExpression("attribute_exists(#id) AND attribute_not_exists(#releasing)")
                    .expressionAttributeNames(Map.of("#releasing", Attr.RELEASING, "#id", Attr.PARTICIPANT_ID))
                    .expressionAttributeValues(Map.of(":none", m(Map.of())))
                    .build());
        } catch (ConditionalCheckFailedException there) {
            // Added meanwhile.
        }
    }

    /** DynamoDB's refusal to set a key in a map the item does not have (an item written before the map existed). */
    private static boolean missingMap(DynamoDbException e) {
        return e.statusCode() == 400 && e.awsErrorDetails() != null
                && String.valueOf(e.awsErrorDetails().errorMessage()).contains("document path");
    }

    private static String key(ReleaseMark mark) {
        return mark.conversationId() + "#" + mark.claimToken() + "#" + mark.owner();
    }
}
