package dev.handoff.router.benchmark;

import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.ParticipantKind;
import dev.handoff.router.domain.ParticipantStore;
import dev.handoff.router.domain.Presence;
import dev.handoff.router.domain.Skills;
import dev.handoff.router.domain.MemberStore;
import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.World;

/**
 * What a routing decision and a queue read cost as a queue grows (issue 12): in one queue of {@code members}
 * representatives with room, a measured {@code conversation.start}, a measured {@code queue.get} (its first page of
 * 50 members), then an unmeasured end. The members are written through the stores (the items
 * {@code participant.upsert} writes, without its event record), once: a 5,000-member queue takes 10,000 writes.
 */
final class QueueOfSize extends RoutingScenario {
    static final String PREFIX = "start in a queue of ";

    private final int members;
    private final ParticipantStore participants;
    private final MemberStore memberStore;
    private boolean prepared;

    QueueOfSize(int members, EventDriver driver, Supplier<World> worlds, ParticipantStore participants,
            MemberStore memberStore) {
        super(PREFIX + members, driver, worlds);
        this.members = members;
        this.participants = participants;
        this.memberStore = memberStore;
    }

    int members() {
        return members;
    }

    @Override
    public String description() {
        return "a `conversation.start` and a `queue.get` in a queue of " + members
                + " representatives (capacity 64 each), then an unmeasured `conversation.end`";
    }

    @Override
    public int eventsPerUnit() {
        return 2;
    }

    @Override
    public void prepare(int callers) {
        if (prepared) {
            return; // the same queue serves every run: writing 5,000 members again would only cost time
        }
        freshWorld();
        world.queue("queue");
        writeMembers(world, participants, memberStore, members, i -> Skills.NONE);
        prepared = true;
    }

    /**
     * Writes {@code count} representatives of capacity 64 in the world's "queue" through the stores (the items
     * {@code participant.upsert} writes, without its event record), member {@code i} with {@code skills.apply(i)}.
     */
    static void writeMembers(World world, ParticipantStore participants, MemberStore memberStore, int count,
            IntFunction<Skills> skills) {
        String queueId = world.id("queue");
        for (int i = 0; i < count; i++) {
            String id = world.id(String.format("rep-%05d", i));
            var member = participants.upsert(new Participant(id, ParticipantKind.REPRESENTATIVE, "Rep " + i, 64, 0,
                    List.of(queueId), Presence.AVAILABLE, null, Map.of(), null, 0, null, skills.apply(i)))
                    .participant();
            memberStore.join(queueId, member);
        }
    }

    @Override
    public void runUnit(int caller, Measurements measurements) {
        startAssigned(measurements, "queue", caller).ifPresent(started -> {
            var read = EventDriver.measure(measurements, "queue.get", () -> driver.functions().route(
                    Events.event("queue.get", Map.of("queueId", world.id("queue")))));
            if (read != null) {
                measurements.unitCompleted();
            }
            endUnmeasured(started);
        });
    }
}
