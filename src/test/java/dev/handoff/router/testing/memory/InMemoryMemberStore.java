package dev.handoff.router.testing.memory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.handoff.router.domain.AssignmentMethod;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.MemberStore;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.ParticipantKind;
import dev.handoff.router.domain.RoomLayout;
import dev.handoff.router.domain.RoomLayouts;
import dev.handoff.router.domain.Skills;

/**
 * Members and their room items in sorted maps, with the conditional writes of {@code DynamoDbMemberStore}: an entry is
 * written by {@link #join} unless it mirrors a later revision, by {@link #mirror} only if it exists and only with a
 * later revision; then the new room item is written and the entry's old one deleted. Each method holds the store's
 * lock, so a mirror's three writes are one step here (the DynamoDB store orders them so that a participant with room
 * is never missing in between). A look filters the one room item of each member, whatever skills its queue indexes:
 * the DynamoDB store's items by skill and level find the same members in the same order.
 */
public final class InMemoryMemberStore implements MemberStore {
    /** One member's entry: its kind, the revision it mirrors, and its own room item's key while it has room. */
    private record Stored(ParticipantKind kind, long revision, String roomIn, String rank) {
    }

    /** A room item: whose, the revision it was written with, and the skills it mirrors. */
    private record Room(String participantId, long revision, Skills skills) {
    }

    private final Map<String, TreeMap<String, Stored>> queues = new TreeMap<>();
    private final Map<String, TreeMap<String, Room>> rooms = new TreeMap<>();
    private final RoomLayouts layouts;

    /** Every queue ranking its members by the default method. */
    public InMemoryMemberStore() {
        this(queueIds -> Map.of());
    }

    public InMemoryMemberStore(RoomLayouts layouts) {
        this.layouts = layouts;
    }

    @Override
    public synchronized void join(String queueId, Participant participant) {
        var old = queues.computeIfAbsent(queueId, q -> new TreeMap<>()).get(participant.id());
        if (old == null || old.revision() <= participant.revision()) {
            write(queueId, participant, old, layouts.of(queueId).method());
        }
    }

    @Override
    public synchronized void leave(String queueId, String participantId) {
        var entries = queues.get(queueId);
        var old = entries == null ? null : entries.remove(participantId);
        if (old != null && old.rank() != null) {
            rooms.get(old.roomIn()).remove(old.rank());
        }
    }

    @Override
    public synchronized void mirror(Participant participant) {
        var layoutOf = layouts.of(participant.queues());
        for (String queueId : participant.queues()) {
            var entries = queues.get(queueId);
            var old = entries == null ? null : entries.get(participant.id());
            if (old != null && old.revision() < participant.revision()) {
                write(queueId, participant, old, layoutOf.getOrDefault(queueId, RoomLayout.DEFAULT).method());
            }
        }
    }

    private void write(String queueId, Participant participant, Stored old, AssignmentMethod method) {
        String roomIn = roomIn(queueId, participant.kind());
        String rank = participant.hasRoom() ? method.rank(participant) : null;
        queues.get(queueId).put(participant.id(), new Stored(participant.kind(), participant.revision(),
                rank == null ? null : roomIn, rank));
        if (rank != null) {
            rooms.computeIfAbsent(roomIn, r -> new TreeMap<>()).put(rank,
                    new Room(participant.id(), participant.revision(), participant.skills()));
        }
        if (old != null && old.rank() != null && !(old.roomIn().equals(roomIn) && old.rank().equals(rank))) {
            rooms.get(old.roomIn()).remove(old.rank());
        }
    }

    @Override
    public synchronized List<Suggestion> mostRoom(String queueId, RoomLayout layout, KindNeeded needed,
            Skills required, int limit) {
        var by = layout.lookUpBy(required).orElse(null);
        var found = new ArrayList<Suggestion>();
        for (ParticipantKind kind : ParticipantKind.values()) {
            if (needed.accepts(kind)) {
                found.addAll(mostRoom(queueId, layout.method(), kind, required, by, limit));
            }
        }
        if (by == null) {
            return found; // up to limit of each kind
        }
        found.sort(java.util.Comparator.comparing(Suggestion::rank)); // one index holds both kinds
        return List.copyOf(found.subList(0, Math.min(limit, found.size())));
    }

    private List<Suggestion> mostRoom(String queueId, AssignmentMethod method, ParticipantKind kind, Skills required,
            RoomLayout.SkillLevel by, int limit) {
        return rooms.getOrDefault(roomIn(queueId, kind), new TreeMap<>()).entrySet().stream()
                .filter(e -> ofMethod(e.getKey(), method))
                .filter(e -> e.getValue().skills().covers(required))
                .limit(limit)
                .map(e -> new Suggestion(e.getValue().participantId(), kind, e.getKey(), e.getValue().revision(),
                        by == null ? null : new RoomLayout.SkillLevel(by.skill(),
                                e.getValue().skills().levels().get(by.skill()))))
                .toList();
    }

    @Override
    public synchronized void mend(String queueId, Suggestion suggested) {
        String roomIn = roomIn(queueId, suggested.kind());
        var entry = queues.getOrDefault(queueId, new TreeMap<>()).get(suggested.participantId());
        if (entry != null && roomIn.equals(entry.roomIn()) && suggested.rank().equals(entry.rank())) {
            return; // its own
        }
        var items = rooms.get(roomIn);
        var item = items == null ? null : items.get(suggested.rank());
        if (item != null && item.revision() == suggested.revision()) {
            items.remove(suggested.rank());
        }
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
    public synchronized List<Entry> missingRoom(Collection<Participant> participants) {
        var missing = new ArrayList<Entry>();
        for (Participant p : participants) {
            if (p.hasRoom()) {
                var layoutOf = layouts.of(p.queues());
                for (String queueId : p.queues()) {
                    var method = layoutOf.getOrDefault(queueId, RoomLayout.DEFAULT).method();
                    if (!rooms.getOrDefault(roomIn(queueId, p.kind()), new TreeMap<>())
                            .containsKey(method.rank(p))) {
                        missing.add(new Entry(queueId, p.id()));
                    }
                }
            }
        }
        return missing;
    }

    /** What the DynamoDB store's key condition keeps: the default's ranks start with a digit, the others' a prefix. */
    private static boolean ofMethod(String rank, AssignmentMethod method) {
        return method.rankPrefix().isEmpty() ? rank.compareTo("a") < 0 : rank.startsWith(method.rankPrefix());
    }

    private static String roomIn(String queueId, ParticipantKind kind) {
        return queueId + "#" + kind.wire();
    }
}
