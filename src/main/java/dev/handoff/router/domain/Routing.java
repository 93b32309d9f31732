package dev.handoff.router.domain;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Who gets a conversation: among the queue's available participants of the kind needed that have room for it, the
 * first in its queue's {@link AssignmentMethod} order (by default the one with the highest remaining capacity; ties go
 * to the one idle longest), then the smaller id, so that the order is total and repeatable.
 */
public final class Routing {

    private Routing() {
    }

    /** The candidates for a conversation by the default method, best first (see the method's overload). */
    public static List<Participant> candidates(Collection<Participant> members, KindNeeded needed, int units,
            Set<String> excluded) {
        return candidates(members, needed, units, excluded, AssignmentMethod.HIGHEST_CAPACITY);
    }

    /**
     * The candidates for a conversation, best first by {@code method}.
     *
     * @param units    capacity units the conversation takes
     * @param excluded participants that must not get it (the requester, bots that already served it)
     */
    public static List<Participant> candidates(Collection<Participant> members, KindNeeded needed, int units,
            Set<String> excluded, AssignmentMethod method) {
        return members.stream()
                .filter(p -> needed.accepts(p.kind()))
                .filter(p -> p.canTake(units))
                .filter(p -> !excluded.contains(p.id()))
                .sorted(method.bestFirst())
                .toList();
    }

    /** Whether a participant still qualifies after its item changed under a lost race. */
    public static boolean qualifies(Participant participant, KindNeeded needed, int units, Set<String> excluded) {
        return needed.accepts(participant.kind()) && participant.canTake(units)
                && !excluded.contains(participant.id());
    }
}
