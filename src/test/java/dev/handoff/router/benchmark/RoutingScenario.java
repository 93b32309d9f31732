package dev.handoff.router.benchmark;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import dev.handoff.router.testing.World;

/** A scenario that drives events through the router in a fresh {@link World} per run. */
abstract class RoutingScenario implements Scenario {
    protected final EventDriver driver;
    private final Supplier<World> worlds;
    private final String name;
    /** This run's world; replaced by {@link #freshWorld()} in each {@link #prepare}. */
    protected World world;

    RoutingScenario(String name, EventDriver driver, Supplier<World> worlds) {
        this.name = name;
        this.driver = driver;
        this.worlds = worlds;
    }

    @Override
    public String name() {
        return name;
    }

    protected World freshWorld() {
        world = worlds.get();
        return world;
    }

    /** A conversation a measured start gave to someone, and its customer, who ends it. */
    protected record Started(String conversationId, String customer) {
    }

    /**
     * A measured {@code conversation.start} in this world's {@code queue} by caller {@code caller}'s customer that
     * must be assigned; empty when it threw or was answered otherwise (recorded on {@code measurements}).
     */
    protected Optional<Started> startAssigned(Measurements measurements, String queue, int caller) {
        return startAssigned(measurements, queue, caller, Map.of());
    }

    /** The same, with more fields in the start's {@code data} (e.g. its {@code requiredSkills}). */
    protected Optional<Started> startAssigned(Measurements measurements, String queue, int caller,
            Map<String, Object> more) {
        String conversation = world.id("c-" + UUID.randomUUID());
        String customer = "cust-" + caller;
        var data = new java.util.HashMap<String, Object>(more);
        data.putAll(Map.of("conversationId", conversation, "queueId", world.id(queue), "customer",
                Map.of("id", customer)));
        var started = driver.send(measurements, "conversation.start", data);
        if (started == null) {
            return Optional.empty();
        }
        if (!"assigned".equals(started.status())) {
            measurements.unexpected("conversation.start", started);
            return Optional.empty();
        }
        return Optional.of(new Started(conversation, customer));
    }

    /** Ends it outside the measurement, so that participants' items stay as small as in steady operation. */
    protected void endUnmeasured(Started started) {
        driver.sendUnmeasured("conversation.end", Map.of("conversationId", started.conversationId(),
                "requestedBy", started.customer()));
    }
}
