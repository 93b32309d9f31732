package dev.handoff.router.testing.memory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

/**
 * Participants in a map, with the conditional updates of {@code DynamoDbParticipantStore}. Each method holds the
 * store's lock, so that a claim's check and its write are one step, as they are one conditional UpdateItem there:
 * <ul>
 * <li>{@link #claim}: presence available, the kind and capacity seen, {@code load <= capacity - units} (capacity as
 * seen), no claim for the conversation yet; then {@code load += units}, the claim recorded, {@code lastAssignedAt} =
 * the claim's time;</li>
 * <li>{@link #settle}: a claim on the participant moves to the settled claims, kept per participant in conversation
 * order (the claims table there);</li>
 * <li>{@link #markRelease} and {@link #release(ReleaseMark)}: only the claim with that token and those units, settled
 * or not; then {@code load -= units} (there three writes; here one step, as no crash can come between);</li>
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
    /** Each participant's last offer counted missed, as {@code lastMissedOffer} is there. */
    private final Map<String, String> lastMissed = new HashMap<>();
    private final Map<String, TreeMap<String, Claim>> settled = new HashMap<>();
    /** Releases marked and not finished, and when each was marked. */
    private final Map<ReleaseMark, Instant> marks = new LinkedHashMap<>();
    private final Clock clock;

    public InMemoryParticipantStore() {
        this(Clock.systemUTC());
    }

    /** @param clock when release marks are made (the sweeper finishes those older than its lease) */
    public InMemoryParticipantStore(Clock clock) {
        this.clock = clock;
    }

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
        return claim(seen, conversationId, claim, 0, false);
    }

    @Override
    public synchronized Optional<Participant> claimInExchange(Participant seen, String conversationId, Claim claim,
            int givesBack) {
        return claim(seen, conversationId, claim, givesBack, true);
    }

    private Optional<Participant> claim(Participant seen, String conversationId, Claim claim, int givesBack,
            boolean asSeen) {
        var item = items.get(seen.id());
        if (item == null) {
            return Optional.empty();
        }
        if (full.contains(seen.id())) {
            throw new ItemFull(seen.id());
        }
        Participant p = item.participant();
        boolean qualifies = p.presence() == Presence.AVAILABLE && p.kind() == seen.kind()
                && p.capacity() == seen.capacity() && p.load() <= seen.capacity() - claim.units() + givesBack
                && !p.unsettled().containsKey(conversationId) && !item.webhookDisabled()
                && (!asSeen || p.revision() == seen.revision());
        if (!qualifies) {
            return Optional.empty();
        }
        var unsettled = new LinkedHashMap<>(p.unsettled());
        unsettled.put(conversationId, StoredForm.claim(claim));
        items.put(p.id(), new Item(new Participant(p.id(), p.kind(), p.name(), p.capacity(), p.load() + claim.units(),
                p.queues(), p.presence(), p.webhook(), unsettled, StoredForm.millis(claim.claimedAt()),
                p.revision() + 1, p.lastReleasedAt(), p.skills(), p.missedOffers()), item.webhookDisabled()));
        // What the DynamoDB store answers: the participant as seen, with the load and revision the write left.
        return Optional.of(seen.afterClaim(conversationId, StoredForm.claim(claim), p.load() + claim.units(),
                p.revision() + 1));
    }

    @Override
    public synchronized boolean settle(String participantId, String conversationId, Claim claim) {
        var item = items.get(participantId);
        var held = settled.computeIfAbsent(participantId, id -> new TreeMap<>());
        if (held.containsKey(conversationId)) {
            return claim.token().equals(held.get(conversationId).token());
        }
        Claim unsettled = item == null ? null : item.participant().unsettled().get(conversationId);
        if (unsettled == null || !unsettled.token().equals(claim.token())) {
            return false;
        }
        held.put(conversationId, unsettled);
        items.put(participantId, new Item(withUnsettled(item.participant(), conversationId, null, 0, 0),
                item.webhookDisabled()));
        return true;
    }

    @Override
    public synchronized Optional<ReleaseMark> markRelease(String participantId, String conversationId,
            String claimToken, int units) {
        if (!items.containsKey(participantId)) {
            return Optional.empty();
        }
        var mark = new ReleaseMark(participantId, conversationId, claimToken, units, UUID.randomUUID().toString());
        marks.put(mark, clock.instant());
        return Optional.of(mark);
    }

    @Override
    public synchronized void unmark(ReleaseMark mark) {
        marks.remove(mark);
    }

    @Override
    public synchronized Optional<Participant> release(ReleaseMark mark) {
        marks.remove(mark);
        String participantId = mark.participantId();
        String conversationId = mark.conversationId();
        var item = items.get(participantId);
        if (item == null) {
            return Optional.empty();
        }
        Participant p = item.participant();
        Claim unsettled = p.unsettled().get(conversationId);
        var held = settled.getOrDefault(participantId, new TreeMap<>());
        Claim settledClaim = held.get(conversationId);
        if (matches(unsettled, mark.claimToken(), mark.units())) {
            var after = withUnsettled(p, conversationId, null, -mark.units(), 1);
            items.put(p.id(), new Item(after, item.webhookDisabled()));
            return Optional.of(after);
        }
        if (matches(settledClaim, mark.claimToken(), mark.units())) {
            held.remove(conversationId);
            var after = withUnsettled(p, conversationId, unsettled, -mark.units(), 1);
            items.put(p.id(), new Item(after, item.webhookDisabled()));
            return Optional.of(after);
        }
        return Optional.empty();
    }

    /** As there: marks made before {@code cutoff} are removed if still held, else released. */
    @Override
    public synchronized List<Participant> finishReleases(Instant cutoff, StillHeld stillHeld) {
        var changed = new ArrayList<Participant>();
        for (var entry : List.copyOf(marks.entrySet())) {
            var mark = entry.getKey();
            if (!entry.getValue().isBefore(cutoff)) {
                continue;
            }
            if (stillHeld.holds(mark.conversationId(), mark.participantId(), mark.claimToken())) {
                unmark(mark);
            } else {
                release(mark).ifPresent(changed::add);
            }
        }
        return changed;
    }

    private static boolean matches(Claim claim, String token, int units) {
        return claim != null && claim.token() != null && claim.token().equals(token) && claim.units() == units;
    }

    /**
     * The participant with {@code claim} (null: none) as its unsettled claim for the conversation, load moved; units
     * given back stamp its last release, as the DynamoDB store's give-back write does.
     */
    private Participant withUnsettled(Participant p, String conversationId, Claim claim, int loadChange,
            int revisions) {
        var unsettled = new LinkedHashMap<>(p.unsettled());
        if (claim == null) {
            unsettled.remove(conversationId);
        } else {
            unsettled.put(conversationId, claim);
        }
        return new Participant(p.id(), p.kind(), p.name(), p.capacity(), p.load() + loadChange, p.queues(),
                p.presence(), p.webhook(), unsettled, p.lastAssignedAt(), p.revision() + revisions,
                loadChange < 0 ? StoredForm.millis(clock.instant()) : p.lastReleasedAt(), p.skills(), p.missedOffers());
    }

    @Override
    public synchronized HeldPage held(Participant participant, String after, int limit) {
        String participantId = participant.id();
        var all = new TreeMap<String, HeldClaim>();
        settled.getOrDefault(participantId, new TreeMap<>())
                .forEach((id, claim) -> all.put(id, new HeldClaim(participantId, id, claim)));
        participant.unsettled().forEach((id, claim) -> all.putIfAbsent(id, new HeldClaim(participantId, id, claim)));
        var rest = after == null ? all : all.tailMap(after, false);
        var page = rest.values().stream().limit(limit).toList();
        return new HeldPage(page, rest.size() > limit ? page.get(page.size() - 1).conversationId() : null);
    }

    @Override
    public synchronized Upserted upsert(Participant settings) {
        var old = items.get(settings.id());
        Participant before = old == null ? null : old.participant();
        var stored = new Participant(settings.id(), settings.kind(), settings.name(), settings.capacity(),
                before == null ? 0 : before.load(), settings.queues(), settings.presence(), settings.webhook(),
                before == null ? Map.of() : before.unsettled(), before == null ? null : before.lastAssignedAt(),
                before == null ? 1 : before.revision() + 1, before == null ? null : before.lastReleasedAt(),
                settings.skills());
        items.put(settings.id(), new Item(stored, false));
        lastMissed.remove(settings.id());
        // The DynamoDB store answers from the old item (ALL_OLD): for a new participant, the settings as given.
        return before == null
                ? new Upserted(new Participant(settings.id(), settings.kind(), settings.name(), settings.capacity(),
                        settings.load(), settings.queues(), settings.presence(), settings.webhook(),
                        settings.unsettled(), settings.lastAssignedAt(), 1, null, settings.skills()), List.of())
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
        lastMissed.remove(participantId);
        return Optional.of(changed);
    }

    @Override
    public synchronized Optional<Participant> missedOffer(String participantId, String offerKey) {
        var item = items.get(participantId);
        if (item == null) {
            return Optional.empty();
        }
        if (offerKey.equals(lastMissed.get(participantId))) {
            return Optional.of(item.participant()); // counted already
        }
        lastMissed.put(participantId, offerKey);
        var counted = withMisses(item.participant(), item.participant().missedOffers() + 1);
        items.put(participantId, new Item(counted, item.webhookDisabled()));
        return Optional.of(counted);
    }

    @Override
    public synchronized void acceptedOffer(String participantId) {
        var item = items.get(participantId);
        if (item != null) {
            lastMissed.remove(participantId);
            items.put(participantId, new Item(withMisses(item.participant(), 0), item.webhookDisabled()));
        }
    }

    /** The count is not part of what routing mirrors: the revision stays, as it does there. */
    private static Participant withMisses(Participant p, int misses) {
        return new Participant(p.id(), p.kind(), p.name(), p.capacity(), p.load(), p.queues(), p.presence(),
                p.webhook(), p.unsettled(), p.lastAssignedAt(), p.revision(), p.lastReleasedAt(), p.skills(), misses);
    }

    private static Participant withPresence(Participant p, Presence presence) {
        return new Participant(p.id(), p.kind(), p.name(), p.capacity(), p.load(), p.queues(), presence, p.webhook(),
                p.unsettled(), p.lastAssignedAt(), p.revision() + 1, p.lastReleasedAt(), p.skills(), 0);
    }
}
