package dev.handoff.router.domain;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Who gets a conversation: among the queue's available participants of the kind needed that have room for it, the
 * first in its queue's {@link AssignmentMethod} order (by default the one with the highest remaining capacity; ties go
 * to the one idle longest), then the smaller id, so that the order is total and repeatable. A conversation that
 * requires skills goes only to those that have each at its level or above.
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
        return candidates(members, needed, Skills.NONE, units, excluded, method);
    }

    /**
     * The candidates for a conversation that requires skills, best first by {@code method}: only those whose skills
     * {@linkplain Skills#covers cover} {@code required}.
     */
    public static List<Participant> candidates(Collection<Participant> members, KindNeeded needed, Skills required,
            int units, Set<String> excluded, AssignmentMethod method) {
        return members.stream()
                .filter(p -> qualifies(p, needed, required, units, excluded))
                .sorted(method.bestFirst())
                .toList();
    }

    /** Whether a participant still qualifies after its item changed under a lost race. */
    public static boolean qualifies(Participant participant, KindNeeded needed, int units, Set<String> excluded) {
        return qualifies(participant, needed, Skills.NONE, units, excluded);
    }

    /** The same, for a conversation that requires skills. */
    public static boolean qualifies(Participant participant, KindNeeded needed, Skills required, int units,
            Set<String> excluded) {
        return needed.accepts(participant.kind()) && participant.canTake(units)
                && !excluded.contains(participant.id()) && participant.qualifiesFor(required);
    }
}
