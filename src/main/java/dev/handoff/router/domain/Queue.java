package dev.handoff.router.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A queue's settings. Who serves it is in the {@link MemberStore}, one entry per member, so the queue's item stays the
 * same size however many members it has.
 *
 * @param unitsPerConversation capacity units a conversation of this queue takes from its assignee
 * @param priority             for a participant serving several queues: its queues' lines are served highest priority
 *                             first, then each conversation by its own ({@link #lineOrderAt})
 * @param agingPerMinute       how many points of priority a waiting conversation gains per minute it waits, so that
 *                             nobody waits forever behind higher priorities; always above 0
 * @param assignment           how it picks among its members with room
 * @param hours                when it is open; null: always
 * @param overflow             what it does with a conversation that would wait in it, or has waited too long, by the
 *                             first rule that holds; empty: it waits
 * @param skillRelaxation      how a waiting conversation's required skills relax while it waits in its line, step by
 *                             step, in the order of their times; empty: they never do
 * @param wrapUpSeconds        how long a representative's capacity for a conversation of this queue stays held after it
 *                             ends or hands on the conversation (after-contact work), unless it says it is done sooner;
 *                             0: none, its capacity is freed at once
 * @param offer                null: a representative it picks is given the conversation at once; else the conversation
 *                             is offered to it, to accept within the policy's time
 * @param indexedSkills        the skills its room index keeps its members apart by, level by level
 *                             ({@link RoomLayout}), in name order; empty: a look requiring skills reads its members in
 *                             rank order and passes over those without them
 */
public record Queue(String id, String name, int unitsPerConversation, int priority, double agingPerMinute,
        AssignmentMethod assignment, OpeningHours hours, List<OverflowRule> overflow,
        List<RelaxationStep> skillRelaxation, int wrapUpSeconds, OfferPolicy offer, List<String> indexedSkills) {
    public static final int DEFAULT_PRIORITY = 0;
    public static final double DEFAULT_AGING_PER_MINUTE = 1;
    /** Bounds of a priority, a queue's or a conversation's. */
    public static final int MIN_PRIORITY = -1000;
    public static final int MAX_PRIORITY = 1000;
    /**
     * Bounds of {@link #agingPerMinute}: at the least, a point of priority is worth 100 minutes of waiting; at the most
     * 60 ms. With the priority's bounds, a conversation is moved at most 69 days earlier or later in its line.
     */
    public static final double MIN_AGING_PER_MINUTE = 0.01;
    public static final double MAX_AGING_PER_MINUTE = 1000;
    /** The longest wrap-up a queue may hold a representative's capacity for: an hour. */
    public static final int MAX_WRAP_UP_SECONDS = 3600;

    public Queue {
        if (!(agingPerMinute >= MIN_AGING_PER_MINUTE && agingPerMinute <= MAX_AGING_PER_MINUTE)) {
            throw new IllegalArgumentException("agingPerMinute out of bounds: " + agingPerMinute);
        }
        if (assignment == null) {
            throw new IllegalArgumentException("a queue needs an assignment method");
        }
        overflow = List.copyOf(overflow);
        skillRelaxation = List.copyOf(skillRelaxation);
        indexedSkills = new RoomLayout(assignment, indexedSkills).indexedSkills(); // sorted, distinct, checked
        if (wrapUpSeconds < 0 || wrapUpSeconds > MAX_WRAP_UP_SECONDS) {
            throw new IllegalArgumentException("wrapUpSeconds out of bounds: " + wrapUpSeconds);
        }
        for (int i = 1; i < skillRelaxation.size(); i++) {
            if (skillRelaxation.get(i).afterSeconds() <= skillRelaxation.get(i - 1).afterSeconds()) {
                throw new IllegalArgumentException("relaxation steps out of order at " + i);
            }
        }
    }

    /** A queue whose room index keeps no skill apart. */
    public Queue(String id, String name, int unitsPerConversation, int priority, double agingPerMinute,
            AssignmentMethod assignment, OpeningHours hours, List<OverflowRule> overflow,
            List<RelaxationStep> skillRelaxation, int wrapUpSeconds, OfferPolicy offer) {
        this(id, name, unitsPerConversation, priority, agingPerMinute, assignment, hours, overflow, skillRelaxation,
                wrapUpSeconds, offer, List.of());
    }

    /** How its room index is laid out: by its assignment method, and apart by each skill it indexes. */
    public RoomLayout roomLayout() {
        return new RoomLayout(assignment, indexedSkills);
    }

    /** A queue that gives its representatives conversations without offering them. */
    public Queue(String id, String name, int unitsPerConversation, int priority, double agingPerMinute,
            AssignmentMethod assignment, OpeningHours hours, List<OverflowRule> overflow,
            List<RelaxationStep> skillRelaxation, int wrapUpSeconds) {
        this(id, name, unitsPerConversation, priority, agingPerMinute, assignment, hours, overflow, skillRelaxation,
                wrapUpSeconds, null);
    }

    /** Whether a representative it picks is offered the conversation rather than given it. */
    public boolean offers(ParticipantKind kind) {
        return offer != null && kind == ParticipantKind.REPRESENTATIVE;
    }

    /** A queue without wrap-up. */
    public Queue(String id, String name, int unitsPerConversation, int priority, double agingPerMinute,
            AssignmentMethod assignment, OpeningHours hours, List<OverflowRule> overflow,
            List<RelaxationStep> skillRelaxation) {
        this(id, name, unitsPerConversation, priority, agingPerMinute, assignment, hours, overflow, skillRelaxation,
                0);
    }

    /** A queue whose required skills never relax. */
    public Queue(String id, String name, int unitsPerConversation, int priority, double agingPerMinute,
            AssignmentMethod assignment, OpeningHours hours, List<OverflowRule> overflow) {
        this(id, name, unitsPerConversation, priority, agingPerMinute, assignment, hours, overflow, List.of());
    }

    /** A queue that is always open and lets every conversation wait. */
    public Queue(String id, String name, int unitsPerConversation, int priority, double agingPerMinute,
            AssignmentMethod assignment) {
        this(id, name, unitsPerConversation, priority, agingPerMinute, assignment, null, List.of());
    }

    /** A queue with the default priority, aging and assignment method. */
    public Queue(String id, String name, int unitsPerConversation) {
        this(id, name, unitsPerConversation, DEFAULT_PRIORITY, DEFAULT_AGING_PER_MINUTE);
    }

    /** A queue with the default assignment method. */
    public Queue(String id, String name, int unitsPerConversation, int priority, double agingPerMinute) {
        this(id, name, unitsPerConversation, priority, agingPerMinute, AssignmentMethod.HIGHEST_CAPACITY);
    }

    /** Whether it is open at {@code at}: always, without opening hours. */
    public boolean openAt(Instant at) {
        return hours == null || hours.openAt(at);
    }

    /**
     * When a conversation that joined a line of this queue at {@code since} is next due a look, as of {@code now}: at
     * the shortest of its rules on time waited ({@link OverflowRule.MaxWaitSeconds}), or at its next relaxation step
     * still to come, whichever is first; empty with neither.
     */
    public Optional<Instant> nextDue(Instant since, Instant now) {
        var deadline = overflow.stream().map(OverflowRule::when)
                .filter(OverflowRule.MaxWaitSeconds.class::isInstance)
                .mapToInt(when -> ((OverflowRule.MaxWaitSeconds) when).seconds())
                .min().stream().mapToObj(seconds -> since.plusSeconds(seconds)).findFirst();
        var step = skillRelaxation.stream().map(s -> since.plusSeconds(s.afterSeconds()))
                .filter(at -> at.isAfter(now)).findFirst();
        if (deadline.isPresent() && step.isPresent()) {
            return Optional.of(deadline.get().isBefore(step.get()) ? deadline.get() : step.get());
        }
        return deadline.or(() -> step);
    }

    /**
     * What {@code requested} is relaxed to for a conversation waiting in a line of this queue since {@code since}, at
     * {@code now}: every step whose time has come applied in turn.
     */
    public Skills relaxed(Skills requested, Instant since, Instant now) {
        Skills required = requested;
        for (RelaxationStep step : skillRelaxation) {
            if (since.plusSeconds(step.afterSeconds()).isAfter(now)) {
                break;
            }
            required = step.applyTo(required);
        }
        return required;
    }

    /**
     * The first of its rules on time waited that holds at {@code now} for a conversation waiting since {@code since}:
     * the one whose action applies when its timer fires.
     */
    public Optional<OverflowRule> passedWait(Instant since, Instant now) {
        return overflow.stream()
                .filter(rule -> rule.when() instanceof OverflowRule.MaxWaitSeconds max
                        && !since.plusSeconds(max.seconds()).isAfter(now))
                .findFirst();
    }

    /**
     * The arrival time by which a conversation of {@code priority} that joined a line of this queue at {@code since} is
     * served: its score at any moment is its priority plus {@link #agingPerMinute} per minute waited, and that orders
     * two conversations as their arrivals moved earlier by {@code priority / agingPerMinute} minutes do, whatever the
     * moment (both gain points at the same rate). So a line ordered by it is served highest score first without ever
     * being re-sorted, and priority 0 keeps plain arrival order.
     */
    public Instant lineOrderAt(Instant since, int priority) {
        if (priority == 0) {
            return since;
        }
        long millis = Math.round(priority * 60_000d / agingPerMinute);
        return since.minus(Duration.ofMillis(millis));
    }
}
