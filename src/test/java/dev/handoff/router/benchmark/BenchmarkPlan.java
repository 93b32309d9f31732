package dev.handoff.router.benchmark;

import java.nio.file.Path;
import java.util.List;

/**
 * How much to run. Units of work are per concurrency level and split between callers.
 *
 * @param warmUpUnits  units of each scenario run at 4 callers before anything is measured (JIT of the router and of
 *                     dynalite's Node process), and thrown away
 * @param startupRuns  packaged-app start-ups to time with each set of JVM flags (0: the start-up section says it
 *                     was not measured)
 * @param startupOnly  only the start-ups ({@code -Dbenchmark.only=startup}): no warm-up and no scenario
 * @param queueSizes   members of the queues whose start and {@code queue.get} are measured by size, at 1 caller
 * @param heldSizes    conversations already held by the participant whose claims are measured, at 1 caller
 * @param sizeUnits    units of each of those sizes
 */
record BenchmarkPlan(List<Integer> callers, int warmUpUnits, int floorWrites, int starts, int lifecycles,
        int hotQueueUnits, int chatMessages, int startupRuns, boolean startupOnly, List<Integer> queueSizes, List<Integer> heldSizes, int sizeUnits,
        Path report) {
    /** The system property that limits the full benchmark to one part; its one value is {@code startup}. */
    static final String ONLY_PROPERTY = "benchmark.only";

    /** The full benchmark: about three to four minutes on two cores; a minute and a half with start-ups only. */
    static BenchmarkPlan full(Path report) {
        String only = System.getProperty(ONLY_PROPERTY, "");
        if (!only.isEmpty() && !only.equals("startup")) {
            throw new IllegalArgumentException("-D" + ONLY_PROPERTY + " takes one value, startup; not " + only);
        }
        return new BenchmarkPlan(List.of(1, 4, 16), 200, 2000, 800, 200, 400, 800, 5, !only.isEmpty(),
                List.of(10, 100, 1_000, 5_000), List.of(5, 1_000, 5_000), 100, report);
    }

    /** A few events per scenario: checks that every part runs and the report is whole, says nothing of speed. */
    static BenchmarkPlan tiny(Path report) {
        return new BenchmarkPlan(List.of(1, 4), 4, 8, 8, 4, 8, 8, 0, false, List.of(10), List.of(5), 2, report);
    }
}
