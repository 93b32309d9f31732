package dev.handoff.router.benchmark;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Everything measured in one scenario at one concurrency; the callers record into it concurrently. */
final class Measurements {
    private static final int SIGNIFICANT_DIGITS = 3;
    private static final int ERROR_SAMPLES = 5;

    private final Histogram latency = new ConcurrentHistogram(SIGNIFICANT_DIGITS);
    private final Histogram outsideDynamo = new ConcurrentHistogram(SIGNIFICANT_DIGITS);
    private final Histogram ownTime = new ConcurrentHistogram(SIGNIFICANT_DIGITS);
    private final LongAdder busyNanos = new LongAdder();
    private final LongAdder completedUnits = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder unexpectedAnswers = new LongAdder();
    private final List<String> problemSamples = new CopyOnWriteArrayList<>();
    private final Map<String, EventTypeTotals> byType = new ConcurrentHashMap<>();
    private final Map<String, Histogram> latencyByType = new ConcurrentHashMap<>();

    /** One measured event: its wall time (nanoseconds) and what it cost on its thread. */
    void record(String type, long wallNanos, ThreadTally tally) {
        latency.recordValue(wallNanos);
        latencyByType.computeIfAbsent(type, t -> new ConcurrentHistogram(SIGNIFICANT_DIGITS)).recordValue(wallNanos);
        long outside = Math.max(0, wallNanos - tally.dynamoNanos);
        outsideDynamo.recordValue(outside);
        ownTime.recordValue(Math.max(0, outside - tally.webhookNanos));
        busyNanos.add(wallNanos);
        byType.computeIfAbsent(type, t -> new EventTypeTotals()).add(tally);
    }

    /** An event that threw: a fault the router passed on for the platform to retry. */
    void error(String type, Throwable thrown) {
        errors.increment();
        sample(type + " threw " + thrown);
    }

    /** An answer the scenario did not expect (a rejection, or an assignee other than planned). */
    void unexpected(String type, Object answer) {
        unexpectedAnswers.increment();
        sample(type + " answered " + answer);
    }

    void unitCompleted() {
        completedUnits.increment();
    }

    private void sample(String problem) {
        if (problemSamples.size() < ERROR_SAMPLES) {
            problemSamples.add(problem);
        }
    }

    LevelResult result(String scenario, int callers, long phaseNanos) {
        var types = new TreeMap<String, EventTypeTotals.Snapshot>();
        byType.forEach((type, totals) -> types.put(type, totals.snapshot()));
        var latencies = new TreeMap<String, Histogram>();
        latencyByType.forEach((type, histogram) -> latencies.put(type, histogram.copy()));
        return new LevelResult(scenario, callers, phaseNanos, busyNanos.sum(), completedUnits.sum(),
                latency.copy(), outsideDynamo.copy(), ownTime.copy(), types, errors.sum(), unexpectedAnswers.sum(),
                List.copyOf(problemSamples), latencies);
    }
}
