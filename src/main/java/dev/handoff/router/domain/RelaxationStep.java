package dev.handoff.router.domain;

import java.util.Set;

/**
 * One step of a queue's {@code skillRelaxation}: once a conversation has waited {@code afterSeconds} in the queue's
 * line, what it requires of whoever takes it loses {@code lowerBy} levels of each skill (never below the lowest level)
 * and the skills named in {@code drop} (every one with {@code dropAll}: then anyone may take it). Steps apply in turn,
 * each to what the ones before left (Amazon Connect's routing steps, Genesys' bullseye rings).
 */
public record RelaxationStep(int afterSeconds, int lowerBy, Set<String> drop, boolean dropAll) {
    /** Steps of one queue, at most. */
    public static final int MAX_STEPS = 10;
    /** One day, as a rule on time waited ({@link OverflowRule.MaxWaitSeconds#MAX}). */
    public static final int MAX_AFTER_SECONDS = OverflowRule.MaxWaitSeconds.MAX;
    public static final int MAX_LOWER_BY = Skills.MAX_LEVEL - Skills.MIN_LEVEL;

    public RelaxationStep {
        drop = Set.copyOf(drop);
        if (afterSeconds < 1 || afterSeconds > MAX_AFTER_SECONDS) {
            throw new IllegalArgumentException("afterSeconds out of bounds: " + afterSeconds);
        }
        if (lowerBy < 0 || lowerBy > MAX_LOWER_BY) {
            throw new IllegalArgumentException("lowerBy out of bounds: " + lowerBy);
        }
        if (lowerBy == 0 && drop.isEmpty() && !dropAll) {
            throw new IllegalArgumentException("a relaxation step must lower or drop something");
        }
    }

    /** What {@code required} becomes at this step. */
    public Skills applyTo(Skills required) {
        return dropAll ? Skills.NONE : required.relaxed(lowerBy, drop);
    }
}
