package dev.handoff.router.benchmark;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

/**
 * Runs the benchmark: warm-up, then at each concurrency the floor and every scenario in turn (interleaved, so that
 * a noisy minute on the shared machine hits them alike), then the packaged app's start-ups, then the report.
 */
final class BenchmarkRun {
    private static final Logger LOG = Logger.getLogger(BenchmarkRun.class);
    private static final int WARM_UP_CALLERS = 4;

    private final Path projectDirectory;
    private final String dynamoEndpoint;
    private final List<Scenario> scenarios;

    BenchmarkRun(Path projectDirectory, String dynamoEndpoint, List<Scenario> scenarios) {
        this.projectDirectory = projectDirectory;
        this.dynamoEndpoint = dynamoEndpoint;
        this.scenarios = scenarios;
    }

    /** @param bySize the scenarios measured at one caller, by queue size and by conversations held */
    BenchmarkResults run(BenchmarkPlan plan, List<Scenario> bySize) {
        Instant at = Instant.now();
        String loadAtStart = MachineDescription.loadAverage();
        var levels = new ArrayList<LevelResult>();
        if (!plan.startupOnly()) {
            runScenarios(plan, levels);
            runBySize(plan, bySize, levels);
        }
        var startup = StartupMeasurement.measure(projectDirectory, dynamoEndpoint, plan.startupRuns());
        var results = new BenchmarkResults(at, plan, MachineDescription.describe(projectDirectory), loadAtStart,
                MachineDescription.loadAverage(), plan.startupOnly() ? List.of() : concat(scenarios, bySize), List.copyOf(levels),
                startup);
        Path report = Report.write(results);
        LOG.infof("benchmark report: %s", report);
        return results;
    }

    private void runScenarios(BenchmarkPlan plan, List<LevelResult> levels) {
        for (Scenario scenario : scenarios) {
            LevelRunner.run(scenario, WARM_UP_CALLERS, plan.warmUpUnits() * warmUpWeight(scenario));
        }
        for (int callers : plan.callers()) {
            for (Scenario scenario : scenarios) {
                var level = LevelRunner.run(scenario, callers, units(scenario, plan));
                LOG.infof("benchmark: %s at %d callers: %d events, %.0f events/s, p50 %s ms", scenario.name(),
                        callers, level.events(), level.eventsPerSecond(),
                        Report.ms(level.latency().getValueAtPercentile(50)));
                levels.add(level);
            }
        }
    }

    /**
     * One caller each, after a few warm-up units on the same (already prepared) queue or participant: what is
     * compared is the cost by size, not concurrency.
     */
    private void runBySize(BenchmarkPlan plan, List<Scenario> bySize, List<LevelResult> levels) {
        for (Scenario scenario : bySize) {
            LevelRunner.run(scenario, 1, Math.max(1, plan.sizeUnits() / 10));
            var level = LevelRunner.run(scenario, 1, plan.sizeUnits());
            LOG.infof("benchmark: %s: %d events, p50 %s ms", scenario.name(), level.events(),
                    Report.ms(level.latency().getValueAtPercentile(50)));
            levels.add(level);
        }
    }

    private static List<Scenario> concat(List<Scenario> a, List<Scenario> b) {
        var all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static int units(Scenario scenario, BenchmarkPlan plan) {
        return Map.of(FloorWrites.NAME, plan.floorWrites(), StartAlone.NAME, plan.starts(),
                TwoQueueLifecycle.NAME, plan.lifecycles(), HotQueue.NAME, plan.hotQueueUnits(), Chat.NAME,
                plan.chatMessages())
                .get(scenario.name());
    }

    /** The floor's units are cheap, so its warm-up runs more of them. */
    private static int warmUpWeight(Scenario scenario) {
        return scenario.name().equals(FloorWrites.NAME) ? 4 : 1;
    }
}
