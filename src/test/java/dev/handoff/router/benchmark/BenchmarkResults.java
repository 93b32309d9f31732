package dev.handoff.router.benchmark;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.handoff.router.benchmark.StartupMeasurement.StartupResult;

/** Everything one benchmark run measured. */
record BenchmarkResults(Instant at, BenchmarkPlan plan, MachineDescription machine, String loadAtStart,
        String loadAtEnd, List<Scenario> scenarios, List<LevelResult> levels, List<StartupResult> startup) {

    Optional<LevelResult> level(String scenario, int callers) {
        return levels.stream().filter(l -> l.scenario().equals(scenario) && l.callers() == callers).findFirst();
    }

    List<LevelResult> levels(String scenario) {
        return levels.stream().filter(l -> l.scenario().equals(scenario)).toList();
    }

    LevelResult floor(int callers) {
        return level(FloorWrites.NAME, callers).orElseThrow();
    }
}
