package dev.handoff.router.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Who gets a conversation: among the queue's available participants of the kind needed that have room for it, the one
 * with the highest remaining capacity; ties go to the one idle longest, then to the smaller id so that the order is
 * total and repeatable.
 */
public final class Routing {
    private static final Comparator<Participant> BEST_FIRST = Comparator
            .comparingInt(Participant::remaining).reversed()
            .thenComparing(Participant::lastAssignedAt, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
            .thenComparing(Participant::id);

    private static final int MAX_RANK_ROOM = 1_000_000;

    private Routing() {
    }

    /**
     * The candidates for a conversation, best first.
     *
     * @param units    capacity units the conversation takes
     * @param excluded participants that must not get it (the requester, bots that already served it)
     */
    public static List<Participant> candidates(Collection<Participant> members, KindNeeded needed, int units,
            Set<String> excluded) {
        return members.stream()
                .filter(p -> needed.accepts(p.kind()))
                .filter(p -> p.canTake(units))
                .filter(p -> !excluded.contains(p.id()))
                .sorted(BEST_FIRST)
                .toList();
    }

    /**
     * The participant's place in an index of who has room, as a string that sorts as {@link #candidates} ranks: most
     * remaining capacity first (capacity is at most 10,000 units), then idle longest (never assigned first), then id.
     * Stores keep their suggestion indexes ordered by it, so the first few entries are the best candidates.
     */
    public static String rank(Participant participant) {
        long idleSince = participant.lastAssignedAt() == null ? 0 : participant.lastAssignedAt().toEpochMilli();
        return String.format("%07d#%015d#%s", MAX_RANK_ROOM - Math.max(0, participant.remaining()), idleSince,
                participant.id());
    }

    /** Whether a participant still qualifies after its item changed under a lost race. */
    public static boolean qualifies(Participant participant, KindNeeded needed, int units, Set<String> excluded) {
        return needed.accepts(participant.kind()) && participant.canTake(units)
                && !excluded.contains(participant.id());
    }
}
