package dev.handoff.router.adapters.dynamodb;

import static dev.handoff.router.adapters.dynamodb.Values.l;
import static dev.handoff.router.adapters.dynamodb.Values.m;
import static dev.handoff.router.adapters.dynamodb.Values.millis;
import static dev.handoff.router.adapters.dynamodb.Values.n;
import static dev.handoff.router.adapters.dynamodb.Values.s;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import dev.handoff.router.domain.Claim;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.ParticipantStore;
import dev.handoff.router.domain.Presence;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Participants as one item each, and their settled claims as items of the claims table ({@link ClaimItems}), so that a
 * participant's item does not grow with what it holds. A claim is one conditional update of the participant that
 * moves {@code load} and records the claim on it as unsettled; once the conversation holds it, {@link #settle} writes
 * its own item and takes it off. A release marks itself on the participant, marks the claim's item released, then
 * gives the units back and removes its mark in one write: so the load is always the sum of the claims, whatever
 * crashes or repeats. Every write that changes room adds one to {@code revision}, which orders the mirrors of its
 * state in the members table.
 */
@ApplicationScoped
public class DynamoDbParticipantStore implements ParticipantStore {
    private final DynamoDbClient dynamo;
    private final String table;
    private final ClaimItems claimItems;
    private final ClaimReleases releases;

    public DynamoDbParticipantStore(DynamoDbClient dynamo, TableNames tables, Clock clock) {
        this.dynamo = dynamo;
        this.table = tables.participants();
        this.claimItems = new ClaimItems(dynamo, tables.claims());
        this.releases = new ClaimReleases(dynamo, table, claimItems, clock);
    }

    @Override
    public List<Participant> findAll(Collection<String> ids) {
        return Batches.getAll(dynamo, table, Attr.PARTICIPANT_ID, new LinkedHashSet<>(ids)).stream()
                .map(ItemMapper::participant).toList();
    }

    @Override
    public Optional<Participant> find(String participantId) {
        return Reads.item(dynamo, table, Attr.PARTICIPANT_ID, participantId).map(ItemMapper::participant);
    }

    @Override
    public List<Participant> findEveryone() {
        var request = ScanRequest.builder().tableName(table).consistentRead(true).build();
        var everyone = new ArrayList<Participant>();
        for (var page : dynamo.scanPaginator(request)) {
            page.items().forEach(item -> everyone.add(ItemMapper.participant(item)));
        }
        return everyone;
    }

    @Override
    public Optional<Participant> claim(Participant seen, String conversationId, Claim claim) {
        return claim(seen, conversationId, claim, 0, false);
    }

    @Override
    public Optional<Participant> claimInExchange(Participant seen, String conversationId, Claim claim,
            int givesBack) {
        return claim(seen, conversationId, claim, givesBack, true);
    }

    private Optional<Participant> claim(Participant seen, String conversationId, Claim claim, int givesBack,
            boolean asSeen) {
        // DynamoDB conditions have no arithmetic: "load + units <= capacity" is checked as "load <= capacity - units"
        // against the capacity read, and the capacity itself is part of the condition. UPDATED_NEW answers the load
        // and revision after the write without sending back the participant's whole item.
        var names = new java.util.HashMap<>(Map.of("#load", Attr.LOAD, "#unsettled", Attr.UNSETTLED,
                "#conv", conversationId, "#last", Attr.LAST_ASSIGNED_AT, "#presence", Attr.PRESENCE,
                "#kind", Attr.KIND, "#capacity", Attr.CAPACITY, "#disabled", Attr.WEBHOOK_DISABLED,
                "#revision", Attr.REVISION));
        var values = new java.util.HashMap<>(Map.of(":units", n(claim.units()), ":claim", ItemMapper.claim(claim),
                ":now", millis(claim.claimedAt()), ":available", s(Presence.AVAILABLE.wire()),
                ":kind", s(seen.kind().wire()), ":capacity", n(seen.capacity()),
                ":maxLoad", n(seen.capacity() - claim.units() + givesBack), ":one", n(1)));
        String condition = "#presence = :available AND #kind = :kind AND #capacity = :capacity"
                + " AND #load <= :maxLoad AND attribute_not_exists(#unsettled.#conv)"
                + " AND attribute_not_exists(#disabled)";
        if (asSeen) {
            condition += " AND #revision = :seen";
            values.put(":seen", n(seen.revision()));
        }
        try {
            var response = dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(ItemMapper.key(Attr.PARTICIPANT_ID, seen.id()))
                    .updateExpression("SET #load = #load + :units, #unsettled.#conv = :claim, #last = :now"
                            + " ADD #revision :one")
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.UPDATED_NEW)
                    .build());
            var after = response.attributes();
            return Optional.of(seen.afterClaim(conversationId, claim, (int) Values.num(after, Attr.LOAD, 0),
                    Values.num(after, Attr.REVISION, 0)));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        } catch (DynamoDbException e) {
            if (tooLarge(e)) {
                throw new ParticipantStore.ItemFull(seen.id());
            }
            throw e;
        }
    }

    /**
     * DynamoDB's refusal of a write that would take the item past 400 KB: a ValidationException (HTTP 400) whose
     * message says the item size was exceeded; dynalite answers the same.
     */
    static boolean tooLarge(DynamoDbException e) {
        String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return e.statusCode() == 400 && message != null && message.contains("Item size")
                && message.contains("exceeded the maximum allowed size");
    }

    @Override
    public boolean settle(String participantId, String conversationId, Claim claim) {
        var item = claimItems.putHeld(participantId, conversationId, claim);
        if (!item.held() || !item.claim().token().equals(claim.token())) {
            return false; // released meanwhile, or another claim's item is still held: its release comes first
        }
        releases.forgetUnsettled(participantId, conversationId, claim.token());
        return true;
    }

    @Override
    public Optional<ReleaseMark> markRelease(String participantId, String conversationId, String claimToken,
            int units) {
        return releases.mark(participantId, conversationId, claimToken, units);
    }

    @Override
    public Optional<Participant> release(String participantId, String conversationId, String claimToken,
            int units) {
        try {
            return markRelease(participantId, conversationId, claimToken, units).flatMap(this::release);
        } catch (ItemFull full) {
            return releases.releaseUnmarked(participantId, conversationId, claimToken, units);
        }
    }

    @Override
    public Optional<Participant> release(ReleaseMark mark) {
        return releases.release(mark);
    }

    @Override
    public void unmark(ReleaseMark mark) {
        releases.unmark(mark);
    }

    @Override
    public List<Participant> finishReleases(Instant cutoff, StillHeld stillHeld) {
        return releases.finish(cutoff, stillHeld);
    }

    @Override
    public HeldPage held(Participant participant, String after, int limit) {
        var all = new TreeMap<String, HeldClaim>();
        claimItems.heldAfter(participant.id(), after, limit).forEach(c -> all.put(c.conversationId(), c));
        // Claims not yet settled are on the participant; one being settled may be in both, the same claim.
        participant.unsettled().forEach((conversationId, claim) -> {
            if (after == null || conversationId.compareTo(after) > 0) {
                all.putIfAbsent(conversationId, new HeldClaim(participant.id(), conversationId, claim));
            }
        });
        var page = all.values().stream().limit(limit).toList();
        return new HeldPage(page, all.size() > limit ? page.get(page.size() - 1).conversationId() : null);
    }

    @Override
    public Upserted upsert(Participant settings) {
        var names = new HashMap<String, String>(Map.of("#kind", Attr.KIND, "#name", Attr.NAME,
                "#capacity", Attr.CAPACITY, "#queues", Attr.QUEUES, "#presence", Attr.PRESENCE,
                "#load", Attr.LOAD, "#unsettled", Attr.UNSETTLED, "#revision", Attr.REVISION,
                "#releasing", Attr.RELEASING));
        var values = new HashMap<String, AttributeValue>(Map.of(":kind", s(settings.kind().wire()),
                ":name", s(settings.name()), ":capacity", n(settings.capacity()),
                ":queues", l(ItemMapper.strings(settings.queues())), ":presence", s(settings.presence().wire()),
                ":zero", n(0), ":none", m(Map.of()), ":one", n(1)));
        var set = new ArrayList<>(List.of("#kind = :kind", "#name = :name", "#capacity = :capacity",
                "#queues = :queues", "#presence = :presence", "#load = if_not_exists(#load, :zero)",
                "#unsettled = if_not_exists(#unsettled, :none)", "#releasing = if_not_exists(#releasing, :none)"));
        // A participant that says what its presence is has no offers missed in a row any more.
        String remove = " REMOVE #disabled, #missed, #lastMissed";
        names.put("#missed", Attr.MISSED_OFFERS);
        names.put("#lastMissed", Attr.LAST_MISSED);
        names.put("#url", Attr.WEBHOOK_URL);
        names.put("#secret", Attr.WEBHOOK_SECRET);
        names.put("#disabled", Attr.WEBHOOK_DISABLED);
        if (settings.webhook() != null) {
            set.add("#url = :url");
            set.add("#secret = :secret");
            values.put(":url", s(settings.webhook().url()));
            values.put(":secret", s(settings.webhook().secret()));
        } else {
            remove = " REMOVE #url, #secret, #disabled, #missed, #lastMissed";
        }
        names.put("#skills", Attr.SKILLS);
        if (settings.skills().isEmpty()) {
            remove += ", #skills";
        } else {
            set.add("#skills = :skills");
            values.put(":skills", ItemMapper.skills(settings.skills()));
        }
        var response = dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                .key(ItemMapper.key(Attr.PARTICIPANT_ID, settings.id()))
                .updateExpression("SET " + String.join(", ", set) + remove + " ADD #revision :one")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_OLD)
                .build());
        Map<String, AttributeValue> old = response.hasAttributes() ? response.attributes() : Map.of();
        // ADD is atomic: this write made the revision one more than the one it replaced.
        if (old.isEmpty()) {
            return new Upserted(new Participant(settings.id(), settings.kind(), settings.name(), settings.capacity(),
                    settings.load(), settings.queues(), settings.presence(), settings.webhook(), settings.unsettled(),
                    settings.lastAssignedAt(), 1, null, settings.skills()), List.of());
        }
        Participant before = ItemMapper.participant(old);
        var after = new Participant(settings.id(), settings.kind(), settings.name(), settings.capacity(),
                before.load(), settings.queues(), settings.presence(), settings.webhook(), before.unsettled(),
                before.lastAssignedAt(), before.revision() + 1, before.lastReleasedAt(), settings.skills());
        return new Upserted(after, before.queues());
    }

    @Override
    public Optional<Participant> disableWebhook(String participantId, String url) {
        try {
            var response = dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(ItemMapper.key(Attr.PARTICIPANT_ID, participantId))
                    .updateExpression("SET #presence = :offline, #disabled = :true ADD #revision :one")
                    .conditionExpression("#url = :url")
                    .expressionAttributeNames(Map.of("#presence", Attr.PRESENCE, "#disabled", Attr.WEBHOOK_DISABLED,
                            "#url", Attr.WEBHOOK_URL, "#revision", Attr.REVISION))
                    .expressionAttributeValues(Map.of(":offline", s(Presence.OFFLINE.wire()),
                            ":true", Values.bool(true), ":url", s(url), ":one", n(1)))
                    .returnValues(ReturnValue.ALL_NEW)
                    .build());
            return Optional.of(ItemMapper.participant(response.attributes()));
        } catch (ConditionalCheckFailedException changed) {
            // An upsert gave the bot another webhook meanwhile: that one is not known to be gone.
            return Optional.empty();
        }
    }

    @Override
    public Optional<Participant> missedOffer(String participantId, String offerKey) {
        var key = ItemMapper.key(Attr.PARTICIPANT_ID, participantId);
        try {
            var response = dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key)
                    .updateExpression("SET #missed = if_not_exists(#missed, :zero) + :one, #lastMissed = :offer")
                    .conditionExpression("attribute_exists(#id) AND (attribute_not_exists(#lastMissed)"
                            + " OR #lastMissed <> :offer)")
                    .expressionAttributeNames(Map.of("#missed", Attr.MISSED_OFFERS, "#lastMissed",
                            Attr.LAST_MISSED, "#id", Attr.PARTICIPANT_ID))
                    .expressionAttributeValues(Map.of(":zero", n(0), ":one", n(1), ":offer", s(offerKey)))
                    .returnValues(ReturnValue.ALL_NEW)
                    .build());
            return Optional.of(ItemMapper.participant(response.attributes()));
        } catch (ConditionalCheckFailedException countedOrGone) {
            return find(participantId); // counted already by an earlier try, or gone
        }
    }

    @Override
    public void acceptedOffer(String participantId) {
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(ItemMapper.key(Attr.PARTICIPANT_ID, participantId))
                    .updateExpression("REMOVE #missed, #lastMissed")
                    .conditionExpression("attribute_exists(#id)")
                    .expressionAttributeNames(Map.of("#missed", Attr.MISSED_OFFERS, "#lastMissed",
                            Attr.LAST_MISSED, "#id", Attr.PARTICIPANT_ID))
                    .build());
        } catch (ConditionalCheckFailedException gone) {
            // Deleted meanwhile: nothing to count for it.
        }
    }

    @Override
    public Optional<Participant> changePresence(String participantId, Presence presence) {
        // A bot whose webhook answered 410 stays out of routing until an upsert: the condition refuses "available".
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                var response = dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                        .key(ItemMapper.key(Attr.PARTICIPANT_ID, participantId))
                        .updateExpression("SET #presence = :presence REMOVE #missed, #lastMissed"
                                + " ADD #revision :one")
                        .conditionExpression("attribute_exists(#id) AND (attribute_not_exists(#disabled)"
                                + " OR :presence <> :available)")
                        .expressionAttributeNames(Map.of("#presence", Attr.PRESENCE, "#id", Attr.PARTICIPANT_ID,
                                "#disabled", Attr.WEBHOOK_DISABLED, "#revision", Attr.REVISION,
                                "#missed", Attr.MISSED_OFFERS, "#lastMissed", Attr.LAST_MISSED))
                        .expressionAttributeValues(Map.of(":presence", s(presence.wire()),
                                ":available", s(Presence.AVAILABLE.wire()), ":one", n(1)))
                        .returnValues(ReturnValue.ALL_NEW)
                        .build());
                return Optional.of(ItemMapper.participant(response.attributes()));
            } catch (ConditionalCheckFailedException refused) {
                var item = dynamo.getItem(GetItemRequest.builder().tableName(table)
                        .key(ItemMapper.key(Attr.PARTICIPANT_ID, participantId)).consistentRead(true).build());
                if (!item.hasItem() || item.item().isEmpty()) {
                    return Optional.empty();
                }
                if (item.item().containsKey(Attr.WEBHOOK_DISABLED)) {
                    throw new WebhookGone(participantId);
                }
                // An upsert cleared the mark between the write and the read: try again.
            }
        }
        throw new IllegalStateException("participant " + participantId + " kept changing; retry the event");
    }
}
