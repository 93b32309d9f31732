package dev.handoff.router.testing.memory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.handoff.router.domain.Claim;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.ParticipantStore;
import dev.handoff.router.domain.Presence;

/**
 * Participants in a map, with the conditional updates of {@code DynamoDbParticipantStore}. Each method holds the
 * store's lock, so that a claim's check and its write are one step, as they are one conditional UpdateItem there:
 * <ul>
 * <li>{@link #claim}: presence available, the kind and capacity seen, {@code load <= capacity - units} (capacity as
 * seen), no claim for the conversation yet; then {@code load += units}, the claim recorded, {@code lastAssignedAt} =
 * the claim's time;</li>
 * <li>{@link #release}: only the claim with that token and those units; then {@code load -= units};</li>
 * <li>{@link #upsert}: unconditional; settings replaced, load, claims and {@code lastAssignedAt} kept, the webhook set
 * or removed, the "webhook disabled" mark cleared;</li>
 * <li>{@link #disableWebhook}: only while the webhook URL is the one given; {@link #changePresence}: only an existing
 * participant.</li>
 * </ul>
 * Every write adds one to the participant's revision, as {@code ADD revision :one} does there.
 */
public final class InMemoryParticipantStore implements ParticipantStore {
    private final java.util.Set<String> full = new java.util.HashSet<>();
    /**
     * A participant's item. {@code webhookDisabled} mirrors the DynamoDB attribute of that name, which the store
     * writes and an upsert clears but which no read returns: it is not part of {@link Participant}.
     */
    private record Item(Participant participant, boolean webhookDisabled) {
    }

    private final Map<String, Item> items = new LinkedHashMap<>();

    @Override
    public synchronized List<Participant> findAll(Collection<String> ids) {
        var found = new ArrayList<Participant>();
        for (String id : new LinkedHashSet<>(ids)) {
            var item = items.get(id);
            if (item != null) {
                found.add(item.participant());
            }
        }
        return found;
    }

    @Override
    public synchronized Optional<Participant> find(String participantId) {
        return Optional.ofNullable(items.get(participantId)).map(Item::participant);
    }

    @Override
    public synchronized List<Participant> findEveryone() {
        return items.values().stream().map(Item::participant).toList();
    }

    /**
     * Makes the participant's item as full as DynamoDB's 400 KB allows: every claim on it is then {@link ItemFull}
     * (the size of the DynamoDB item is not modelled here; the contract fills one there with a large attribute).
     */
    public synchronized void fillItem(String participantId) {
        full.add(participantId);
    }

    @Override
    public synchronized Optional<Participant> claim(Participant seen, String conversationId, Claim claim) {
        var item = items.get(seen.id());
        if (item == null) {
            return Optional.empty();
        }
        if (full.contains(seen.id())) {
            throw new ItemFull(seen.id());
        }
        Participant p = item.participant();
        boolean qualifies = p.presence() == Presence.AVAILABLE && p.kind() == seen.kind()
                && p.capacity() == seen.capacity() && p.load() <= seen.capacity() - claim.units()
                && !p.assignments().containsKey(conversationId) && !item.webhookDisabled();
        if (!qualifies) {
            return Optional.empty();
        }
        var assignments = new LinkedHashMap<>(p.assignments());
        assignments.put(conversationId, StoredForm.claim(claim));
        items.put(p.id(), new Item(new Participant(p.id(), p.kind(), p.name(), p.capacity(), p.load() + claim.units(),
                p.queues(), p.presence(), p.webhook(), assignments, StoredForm.millis(claim.claimedAt()),
                p.revision() + 1), item.webhookDisabled()));
        // What the DynamoDB store answers: the participant as seen, with the load and revision the write left.
        return Optional.of(seen.afterClaim(conversationId, StoredForm.claim(claim), p.load() + claim.units(),
                p.revision() + 1));
    }

    @Override
    public synchronized Optional<Participant> release(String participantId, String conversationId, String claimToken,
            int units) {
        var item = items.get(participantId);
        Claim held = item == null ? null : item.participant().assignments().get(conversationId);
        if (held == null || held.token() == null || !held.token().equals(claimToken) || held.units() != units) {
            return Optional.empty();
        }
        Participant p = item.participant();
        var assignments = new LinkedHashMap<>(p.assignments());
        assignments.remove(conversationId);
        var after = new Participant(p.id(), p.kind(), p.name(), p.capacity(), p.load() - units, p.queues(),
                p.presence(), p.webhook(), assignments, p.lastAssignedAt(), p.revision() + 1);
        items.put(p.id(), new Item(after, item.webhookDisabled()));
        return Optional.of(after);
    }

    @Override
    public synchronized Upserted upsert(Participant settings) {
        var old = items.get(settings.id());
        Participant before = old == null ? null : old.participant();
        var stored = new Participant(settings.id(), settings.kind(), settings.name(), settings.capacity(),
                before == null ? 0 : before.load(), settings.queues(), settings.presence(), settings.webhook(),
                before == null ? Map.of() : before.assignments(), before == null ? null : before.lastAssignedAt(),
                before == null ? 1 : before.revision() + 1);
        items.put(settings.id(), new Item(stored, false));
        // The DynamoDB store answers from the old item (ALL_OLD): for a new participant, the settings as given.
        return before == null
                ? new Upserted(new Participant(settings.id(), settings.kind(), settings.name(), settings.capacity(),
                        settings.load(), settings.queues(), settings.presence(), settings.webhook(),
                        settings.assignments(), settings.lastAssignedAt(), 1), List.of())
                : new Upserted(stored, before.queues());
    }

    @Override
    public synchronized Optional<Participant> disableWebhook(String participantId, String url) {
        var item = items.get(participantId);
        if (item == null || item.participant().webhook() == null || !item.participant().webhook().url().equals(url)) {
            return Optional.empty(); // another webhook (or none) now: that one is not known to be gone
        }
        var disabled = withPresence(item.participant(), Presence.OFFLINE);
        items.put(participantId, new Item(disabled, true));
        return Optional.of(disabled);
    }

    @Override
    public synchronized Optional<Participant> changePresence(String participantId, Presence presence) {
        var item = items.get(participantId);
        if (item == null) {
            return Optional.empty();
        }
        if (item.webhookDisabled() && presence == Presence.AVAILABLE) {
            throw new WebhookGone(participantId);
        }
        var changed = withPresence(item.participant(), presence);
        items.put(participantId, new Item(changed, item.webhookDisabled()));
        return Optional.of(changed);
    }

    private static Participant withPresence(Participant p, Presence presence) {
        return new Participant(p.id(), p.kind(), p.name(), p.capacity(), p.load(), p.queues(), presence, p.webhook(),
                p.assignments(), p.lastAssignedAt(), p.revision() + 1);
    }
}
