package dev.handoff.router.benchmark;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import dev.handoff.router.testing.World;

/**
 * A hot queue: every caller starts conversations in one queue served by two representatives with room for four
 * conversations in all, and ends each right after (as the customer). Beyond four callers conversations wait, every
 * end hands the freed unit to the longest-waiting one, and claims and conversation writes race: contention on few
 * items. Representatives only, so no webhook time mixes in.
 */
final class HotQueue extends RoutingScenario {
    static final String NAME = "hot queue";
    private static final int CAPACITY_EACH = 2;


    HotQueue(EventDriver driver, Supplier<World> worlds) {
        super(NAME, driver, worlds);
    }

    @Override
    public String description() {
        return "start then end (by the customer) in one queue of two representatives with capacity "
                + CAPACITY_EACH + " each";
    }

    @Override
    public int eventsPerUnit() {
        return 2;
    }

    @Override
    public void prepare(int callers) {
        freshWorld();
        world.queue("hot");
        world.representative("rep-1", CAPACITY_EACH, "hot");
        world.representative("rep-2", CAPACITY_EACH, "hot");
    }

    @Override
    public void runUnit(int caller, Measurements measurements) {
        String conversation = world.id("c-" + UUID.randomUUID());
        String customer = "cust-" + caller;
        var started = driver.send(measurements, "conversation.start", Map.of("conversationId", conversation,
                "queueId", world.id("hot"), "customer", Map.of("id", customer)));
        if (started == null) {
            return;
        }
        if (!Set.of("assigned", "waiting").contains(started.status())) {
            measurements.unexpected("conversation.start", started);
            return;
        }
        var ended = driver.send(measurements, "conversation.end", Map.of("conversationId", conversation,
                "requestedBy", customer));
        if (ended == null) {
            return;
        }
        if (!"ended".equals(ended.status())) {
            measurements.unexpected("conversation.end", ended);
            return;
        }
        measurements.unitCompleted();
    }
}
