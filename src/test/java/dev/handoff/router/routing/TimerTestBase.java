package dev.handoff.router.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import dev.handoff.router.application.WaitDeadlines;
import dev.handoff.router.functions.SweeperFunction;
import dev.handoff.router.testing.RouterTestBase;
import dev.handoff.router.testing.SkippableClock;
import jakarta.inject.Inject;

/**
 * What the tests of timers against dynalite share: the router's clock, which they skip past a due time instead of
 * waiting for it (the local timers' thread looks at it and fires within its tick), what a timer fires, and the
 * sweeper that backs timers up.
 */
abstract class TimerTestBase extends RouterTestBase {
    /** How long a test waits for the timers' thread to act (it acts within a tick, 0.1 s, on an idle machine). */
    static final Duration PATIENCE = Duration.ofSeconds(20);

    @Inject
    SkippableClock clock;

    @Inject
    WaitDeadlines deadlines;

    @Inject
    SweeperFunction sweeper;

    /**
     * Runs the racers on threads of their own, all let go at the same moment (beside the timers' own thread), and
     * answers what each returned, in order.
     */
    static List<Object> race(List<Callable<Object>> racers) throws Exception {
        var go = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(racers.size());
        try {
            var futures = racers.stream().map(racer -> pool.submit(() -> {
                go.await();
                return racer.call();
            })).toList();
            go.countDown();
            var results = new ArrayList<Object>();
            for (var future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
