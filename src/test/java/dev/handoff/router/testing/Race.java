package dev.handoff.router.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.handoff.router.application.Answers.RoutingAnswer;
import dev.handoff.router.functions.RouterFunctions;

/** Routing events sent at once from real threads, released together by a gate. */
public final class Race {
    private Race() {
    }

    /**
     * Sends every event at once from {@code threads} threads (at most), through the {@code route} function; a thrown
     * event (a transient fault, or a change that kept racing) is sent again, as Lambda would retry it, up to 5 times.
     *
     * @return the answers, in the order of {@code events}
     */
    public static List<RoutingAnswer> all(RouterFunctions functions, List<Map<String, Object>> events, int threads)
            throws Exception {
        var pool = Executors.newFixedThreadPool(threads);
        var gate = new CountDownLatch(1);
        var futures = new ArrayList<Future<RoutingAnswer>>();
        for (var event : events) {
            futures.add(pool.submit(() -> {
                gate.await();
                for (int attempt = 1;; attempt++) {
                    try {
                        return (RoutingAnswer) functions.route(event);
                    } catch (RuntimeException retryable) {
                        if (attempt == 5) {
                            throw retryable;
                        }
                    }
                }
            }));
        }
        gate.countDown();
        var answers = new ArrayList<RoutingAnswer>();
        try {
            for (var future : futures) {
                answers.add(future.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        return answers;
    }
}
