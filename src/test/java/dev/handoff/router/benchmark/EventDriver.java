package dev.handoff.router.benchmark;

import java.util.Map;
import java.util.function.Supplier;

import dev.handoff.router.application.Answers.Answer;
import dev.handoff.router.application.Answers.RoutingAnswer;
import dev.handoff.router.functions.RouterFunctions;
import dev.handoff.router.testing.Events;

/**
 * Sends events straight to the {@code route} function in-process (decode, route, answer; no JSON encoding of the
 * answer and no HTTP) and measures each on the calling thread.
 */
final class EventDriver {
    private final RouterFunctions functions;

    EventDriver(RouterFunctions functions) {
        this.functions = functions;
    }

    /** A measured routing event; null when it threw (counted as an error). */
    RoutingAnswer send(Measurements measurements, String type, Map<String, Object> data) {
        return measure(measurements, type, () -> (RoutingAnswer) functions.route(Events.event(type, data)));
    }

    RouterFunctions functions() {
        return functions;
    }

    /** An event outside the measurement (set-up or clean-up work between measured events). */
    Answer sendUnmeasured(String type, Map<String, Object> data) {
        return (Answer) functions.route(Events.event(type, data));
    }

    /** Runs {@code work} as one measured event; null when it threw (counted as an error). */
    static <T> T measure(Measurements measurements, String type, Supplier<T> work) {
        ThreadTally tally = ThreadTally.start();
        long started = System.nanoTime();
        try {
            T result = work.get();
            measurements.record(type, System.nanoTime() - started, tally);
            return result;
        } catch (RuntimeException thrown) {
            measurements.record(type, System.nanoTime() - started, tally);
            measurements.error(type, thrown);
            return null;
        } finally {
            ThreadTally.stop();
        }
    }
}
