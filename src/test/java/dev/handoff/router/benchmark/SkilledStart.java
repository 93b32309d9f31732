package dev.handoff.router.benchmark;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import dev.handoff.router.domain.MemberStore;
import dev.handoff.router.domain.ParticipantStore;
import dev.handoff.router.domain.Skills;
import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.World;

/**
 * What skills cost (issue 13): a start in a queue of {@code members} representatives with 20 skills each (capacity 64,
 * all with room), requiring nothing, or 5 skills that two members in three have (level 2 or more on each), or 5 that
 * one in a hundred has (level 5 on each); in a queue that indexes the 5 skills ({@code indexedSkills}) or in one that
 * indexes none. Without the index, a look passes over the members ranked ahead without the skills; with equal room,
 * ties go to the member idle longest, and those who never qualify stay idle longest, so a rare requirement passes over
 * most of the queue on every start. With it, a look reads the room items of one required skill at the levels asked.
 */
final class SkilledStart extends RoutingScenario {
    static final String PREFIX = "start requiring ";
    static final int SKILLS_EACH = 20;
    static final int REQUIRED = 5;

    /** Who qualifies for a requirement. */
    enum Requirement {
        NONE("no skills", 0), COMMON("5 skills two in three have", 2), RARE("5 skills one in a hundred has", 5);

        final String wire;
        final int level;

        Requirement(String wire, int level) {
            this.wire = wire;
            this.level = level;
        }
    }

    private final int members;
    private final Requirement requirement;
    private final boolean indexed;
    private final ParticipantStore participants;
    private final MemberStore memberStore;
    private boolean prepared;

    SkilledStart(Requirement requirement, boolean indexed, int members, EventDriver driver, Supplier<World> worlds,
            ParticipantStore participants, MemberStore memberStore) {
        super(PREFIX + requirement.wire + (indexed ? ", skills indexed" : ""), driver, worlds);
        this.requirement = requirement;
        this.indexed = indexed;
        this.members = members;
        this.participants = participants;
        this.memberStore = memberStore;
    }

    Requirement requirement() {
        return requirement;
    }

    /** Whether its queue indexes the skills a start may require. */
    boolean indexed() {
        return indexed;
    }

    @Override
    public String description() {
        return "a `conversation.start` requiring " + (requirement == Requirement.NONE ? "no skills"
                : REQUIRED + " skills at level " + requirement.level + " or more") + " in a queue of " + members
                + " representatives with " + SKILLS_EACH + " skills each (capacity 64), in a queue that indexes "
                + (indexed ? "those " + REQUIRED + " skills" : "none") + ", then an unmeasured `conversation.end`";
    }

    @Override
    public int eventsPerUnit() {
        return 1;
    }

    @Override
    public void prepare(int callers) {
        if (prepared) {
            return;
        }
        freshWorld();
        var queue = new HashMap<String, Object>(Map.of("queueId", world.id("queue"), "name", "queue"));
        if (indexed) {
            queue.put("indexedSkills", required(1).keySet().stream().toList());
        }
        Events.send("queue.upsert", queue);
        QueueOfSize.writeMembers(world, participants, memberStore, members, SkilledStart::skillsOf);
        prepared = true;
    }

    /**
     * Member {@code i}'s 20 skills: on the five required ones, level 5 for one in a hundred, 1 on the first for one
     * in three of the others, else 2 to 4; on the other fifteen, 1 to 5.
     */
    static Skills skillsOf(int i) {
        var levels = new TreeMap<String, Integer>();
        for (int k = 0; k < SKILLS_EACH; k++) {
            int level;
            if (k >= REQUIRED) {
                level = 1 + (i + k) % 5;
            } else if (i % 100 == 0) {
                level = 5;
            } else if (i % 3 == 2 && k == 0) {
                level = 1;
            } else {
                level = 2 + (i + k) % 3;
            }
            levels.put(String.format("skill-%02d", k), level);
        }
        return Skills.of(levels);
    }

    /** The 5 skills a start may require, each at {@code level}. */
    private static Map<String, Integer> required(int level) {
        var required = new TreeMap<String, Integer>();
        for (int k = 0; k < REQUIRED; k++) {
            required.put(String.format("skill-%02d", k), level);
        }
        return required;
    }

    @Override
    public void runUnit(int caller, Measurements measurements) {
        Map<String, Object> more = requirement == Requirement.NONE ? Map.of()
                : Map.of("requiredSkills", required(requirement.level));
        startAssigned(measurements, "queue", caller, more).ifPresent(started -> {
            measurements.unitCompleted();
            endUnmeasured(started);
        });
    }
}
