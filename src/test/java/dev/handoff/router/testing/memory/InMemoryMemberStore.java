package dev.handoff.router.testing.memory;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.handoff.router.domain.MemberStore;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.ParticipantKind;
import dev.handoff.router.domain.Routing;

/**
 * Members in sorted maps, with the conditional writes of {@code DynamoDbMemberStore}: {@link #join} unless the entry
 * mirrors a later revision, {@link #mirror} only an existing entry and only with a later revision. The index of
 * members with room is computed from the entries, in {@link Routing#rank} order, as the sparse index orders them.
 * Each method holds the store's lock, as each DynamoDB call is one single-item operation or one Query.
 */
public final class InMemoryMemberStore implements MemberStore {
    /** One member's entry: its kind, the revision it mirrors, and its rank while it has room (else null). */
    private record Entry(ParticipantKind kind, long revision, String rank) {
    }

    private final Map<String, TreeMap<String, Entry>> queues = new TreeMap<>();

    @Override
    public synchronized void join(String queueId, Participant participant) {
        var entries = queues.computeIfAbsent(queueId, q -> new TreeMap<>());
        var old = entries.get(participant.id());
        if (old == null || old.revision() <= participant.revision()) {
            entries.put(participant.id(), entryOf(participant));
        }
    }

    @Override
    public synchronized void leave(String queueId, String participantId) {
        var entries = queues.get(queueId);
        if (entries != null) {
            entries.remove(participantId);
        }
    }

    @Override
    public synchronized void mirror(Participant participant) {
        for (String queueId : participant.queues()) {
            var entries = queues.get(queueId);
            var old = entries == null ? null : entries.get(participant.id());
            if (old != null && old.revision() < participant.revision()) {
                entries.put(participant.id(), entryOf(participant));
            }
        }
    }

    @Override
    public synchronized List<String> mostRoom(String queueId, ParticipantKind kind, int limit) {
        var entries = queues.getOrDefault(queueId, new TreeMap<>());
        var byRank = new TreeMap<String, String>();
        entries.forEach((id, entry) -> {
            if (entry.rank() != null && entry.kind() == kind) {
                byRank.put(entry.rank(), id);
            }
        });
        return byRank.values().stream().limit(limit).toList();
    }

    @Override
    public synchronized MemberPage page(String queueId, String after, int limit) {
        var entries = queues.getOrDefault(queueId, new TreeMap<>());
        var following = (after == null ? entries : entries.tailMap(after, false)).keySet().stream()
                .limit(limit + 1L).toList();
        var page = following.subList(0, Math.min(limit, following.size()));
        return new MemberPage(List.copyOf(page), following.size() > limit ? page.get(page.size() - 1) : null);
    }

    @Override
    public synchronized int count(String queueId) {
        return queues.getOrDefault(queueId, new TreeMap<>()).size();
    }

    @Override
    public synchronized Map<MemberStore.Entry, Long> mirrored(Collection<Participant> participants) {
        var revisions = new HashMap<MemberStore.Entry, Long>();
        for (Participant participant : participants) {
            for (String queueId : participant.queues()) {
                var entry = queues.getOrDefault(queueId, new TreeMap<>()).get(participant.id());
                if (entry != null) {
                    revisions.put(new MemberStore.Entry(queueId, participant.id()), entry.revision());
                }
            }
        }
        return revisions;
    }

    private static Entry entryOf(Participant participant) {
        return new Entry(participant.kind(), participant.revision(),
                participant.hasRoom() ? Routing.rank(participant) : null);
    }
}
