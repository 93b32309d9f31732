package dev.handoff.router.benchmark;

import java.nio.file.Path;
import java.util.List;

/**
 * How much to run. Units of work are per concurrency level and split between callers.
 *
 * @param warmUpUnits  units of each scenario run at 4 callers before anything is measured (JIT of the router and of
 *                     dynalite's Node process), and thrown away
 * @param startupRuns  packaged-app start-ups to time (0: the start-up section says it was not measured)
 */
record BenchmarkPlan(List<Integer> callers, int warmUpUnits, int floorWrites, int starts, int lifecycles,
        int hotQueueUnits, int chatMessages, int startupRuns, Path report) {

    /** The full benchmark: about two to three minutes on two cores. */
    static BenchmarkPlan full(Path report) {
        return new BenchmarkPlan(List.of(1, 4, 16), 200, 2000, 800, 200, 400, 800, 5, report);
    }

    /** A few events per scenario: checks that every part runs and the report is whole, says nothing of speed. */
    static BenchmarkPlan tiny(Path report) {
        return new BenchmarkPlan(List.of(1, 4), 4, 8, 8, 4, 8, 8, 0, report);
    }
}
