package dev.handoff.router.functions;

import java.util.Map;

import dev.handoff.router.application.Sweeper;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/** {@code sweeper}: meant for a schedule (any input, e.g. an EventBridge scheduled event, is ignored). */
public class SweeperFunction {
    @Inject
    Sweeper sweeper;

    @Funq("sweeper")
    public Sweeper.Report sweep(Map<String, Object> scheduledEvent) {
        return sweeper.sweep();
    }
}
