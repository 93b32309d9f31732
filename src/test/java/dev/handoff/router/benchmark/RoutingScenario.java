package dev.handoff.router.benchmark;

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
}
