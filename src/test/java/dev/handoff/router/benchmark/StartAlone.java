package dev.handoff.router.benchmark;

import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import dev.handoff.router.testing.World;

/**
 * {@code conversation.start} alone, in a queue of two representatives with room for every caller (no webhooks, no
 * waiting). After each measured start the caller ends the conversation unmeasured, so that participants' items stay
 * as small as in steady operation (a claim lives on the participant's item until it is released).
 */
final class StartAlone extends RoutingScenario {
    static final String NAME = "conversation.start alone";


    StartAlone(EventDriver driver, Supplier<World> worlds) {
        super(NAME, driver, worlds);
    }

    @Override
    public String description() {
        return "a `conversation.start` in a queue of two representatives (capacity 64 each), then an unmeasured"
                + " `conversation.end` by the customer";
    }

    @Override
    public int eventsPerUnit() {
        return 1;
    }

    @Override
    public void prepare(int callers) {
        freshWorld();
        world.queue("queue");
        world.representative("rep-1", 64, "queue");
        world.representative("rep-2", 64, "queue");
    }

    @Override
    public void runUnit(int caller, Measurements measurements) {
        String conversation = world.id("c-" + UUID.randomUUID());
        String customer = "cust-" + caller;
        var started = driver.send(measurements, "conversation.start", Map.of("conversationId", conversation,
                "queueId", world.id("queue"), "customer", Map.of("id", customer, "name", "Ana")));
        if (started == null) {
            return;
        }
        if (!"assigned".equals(started.status())) {
            measurements.unexpected("conversation.start", started);
        } else {
            measurements.unitCompleted();
        }
        driver.sendUnmeasured("conversation.end", Map.of("conversationId", conversation, "requestedBy", customer));
    }
}
