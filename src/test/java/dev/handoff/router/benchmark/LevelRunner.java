package dev.handoff.router.benchmark;

import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs a scenario with a number of callers, each a real thread doing its share of the units of work. */
final class LevelRunner {
    private LevelRunner() {
    }

    /**
     * @param units units of work in all, split evenly between callers (at least one each)
     */
    static LevelResult run(Scenario scenario, int callers, int units) {
        scenario.prepare(callers);
        var measurements = new Measurements();
        int perCaller = Math.max(1, units / callers);
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        try {
            var ready = new CountDownLatch(callers);
            var go = new CountDownLatch(1);
            var done = new ArrayList<Future<?>>();
            for (int caller = 0; caller < callers; caller++) {
                int me = caller;
                done.add(threads.submit(() -> {
                    ready.countDown();
                    go.await(); // every caller starts at once, so the phase measures all of them busy
                    for (int unit = 0; unit < perCaller; unit++) {
                        scenario.runUnit(me, measurements);
                    }
                    return null;
                }));
            }
            ready.await();
            long started = System.nanoTime();
            go.countDown();
            for (Future<?> caller : done) {
                caller.get();
            }
            return measurements.result(scenario.name(), callers, System.nanoTime() - started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + scenario.name(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(scenario.name() + " failed outside a measured event", e.getCause());
        } finally {
            threads.shutdownNow();
        }
    }
}
