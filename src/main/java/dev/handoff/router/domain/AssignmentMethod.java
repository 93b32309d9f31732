package dev.handoff.router.domain;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;

/**
 * How a queue picks among its members with room for a conversation ({@code queue.upsert}'s {@code assignment}). Each
 * orders the members as a comparator (the decision among the few read) and as a rank string that sorts the same way
 * (the room index's order, so that its first items are the best), the id last, so the order is total and repeatable.
 */
public enum AssignmentMethod {
    /** The most remaining capacity, ties to the one idle longest (assigned least recently): the seed's rule. */
    HIGHEST_CAPACITY("highest-capacity", ""),
    /** The member assigned least recently, whatever its room. */
    ROUND_ROBIN("round-robin", "r#"),
    /** The longest since its last conversation was given to it or ended. */
    MOST_IDLE("most-idle", "i#"),
    /** The fewest conversations held (counted in capacity units), ties to the one assigned least recently. */
    LEAST_ACTIVE("least-active", "a#");

    /** Capacity is at most 10,000 units, so room and load fit in 7 digits. */
    private static final int MAX_RANK_ROOM = 1_000_000;
    private static final Comparator<Instant> NEVER_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());

    private final String wire;
    private final String rankPrefix;

    AssignmentMethod(String wire, String rankPrefix) {
        this.wire = wire;
        this.rankPrefix = rankPrefix;
    }

    public String wire() {
        return wire;
    }

    /**
     * What every rank of this method starts with: a room index holds one method's ranks apart from another's (the
     * highest-capacity ranks, older than the others, start with a digit, the others with a letter), so a queue whose
     * method changed is never ranked by the old one.
     */
    public String rankPrefix() {
        return rankPrefix;
    }

    public static AssignmentMethod fromWire(String wire) {
        return Arrays.stream(values()).filter(m -> m.wire.equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no assignment method " + wire));
    }

    /** The members in this method's order, best first. */
    public Comparator<Participant> bestFirst() {
        Comparator<Participant> order = switch (this) {
            case HIGHEST_CAPACITY -> Comparator.comparingInt(Participant::remaining).reversed()
                    .thenComparing(Participant::lastAssignedAt, NEVER_FIRST);
            case ROUND_ROBIN -> Comparator.comparing(Participant::lastAssignedAt, NEVER_FIRST);
            case MOST_IDLE -> Comparator.comparing(Participant::lastActiveAt, NEVER_FIRST);
            case LEAST_ACTIVE -> Comparator.comparingInt(Participant::load)
                    .thenComparing(Participant::lastAssignedAt, NEVER_FIRST);
        };
        return order.thenComparing(Participant::id);
    }

    /** The participant's place in a room index of this method, as a string that sorts as {@link #bestFirst} does. */
    public String rank(Participant p) {
        return rankPrefix + switch (this) {
            case HIGHEST_CAPACITY -> String.format("%07d#%015d#%s", MAX_RANK_ROOM - Math.max(0, p.remaining()),
                    millis(p.lastAssignedAt()), p.id());
            case ROUND_ROBIN -> String.format("%015d#%s", millis(p.lastAssignedAt()), p.id());
            case MOST_IDLE -> String.format("%015d#%s", millis(p.lastActiveAt()), p.id());
            case LEAST_ACTIVE -> String.format("%07d#%015d#%s", Math.max(0, p.load()), millis(p.lastAssignedAt()),
                    p.id());
        };
    }

    /** Never is before any time. */
    private static long millis(Instant at) {
        return at == null ? 0 : at.toEpochMilli();
    }
}
