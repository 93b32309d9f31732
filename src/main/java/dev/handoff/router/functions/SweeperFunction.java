package dev.handoff.router.functions;

import java.util.Map;

import dev.handoff.router.application.Sweeper;
import dev.handoff.router.domain.Metrics;
import dev.handoff.router.observability.EventTally;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/** {@code sweeper}: meant for a schedule (any input, e.g. an EventBridge scheduled event, is ignored). */
public class SweeperFunction {
    @Inject
    Sweeper sweeper;

    @Inject
    Metrics metrics;

    /** Sweeps, and reports what the sweep found (README "Metrics": the alarm on leftovers watches it). */
    @Funq("sweeper")
    public Sweeper.Report sweep(Map<String, Object> scheduledEvent) {
        EventTally.start();
        var report = sweeper.sweep();
        metrics.swept(report.deliveriesFinished(), report.claimsReleased(), report.conversationsHandedOut(),
                EventTally.conditionalCheckFailures());
        return report;
    }
}
