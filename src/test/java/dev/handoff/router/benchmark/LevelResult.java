package dev.handoff.router.benchmark;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.HdrHistogram.Histogram;

/**
 * One scenario at one concurrency, as measured. Times are in nanoseconds.
 *
 * @param busyNanos     the callers' summed time inside measured events
 * @param units         units of work completed as planned (a start, a lifecycle, a start and end, a floor write)
 * @param outsideDynamo per event: wall time minus time inside DynamoDB calls on its thread
 * @param ownTime       per event: wall time minus time inside DynamoDB calls and bot webhook calls
 * @param latencyByType the latency of each event type alone
 */
record LevelResult(String scenario, int callers, long phaseNanos, long busyNanos, long units, Histogram latency,
        Histogram outsideDynamo, Histogram ownTime, Map<String, EventTypeTotals.Snapshot> byType, long errors,
        long unexpectedAnswers, List<String> problemSamples, Map<String, Histogram> latencyByType) {

    long events() {
        return latency.getTotalCount();
    }

    /**
     * Measured events per second of the callers' time inside them: with every caller busy all the time this is the
     * wall-clock rate; it leaves out unmeasured work between events (the start scenario's clean-up ends).
     */
    double eventsPerSecond() {
        return busyNanos == 0 ? 0 : events() * callers / (busyNanos / 1e9);
    }

    double perEvent(ToDoubleFunction<EventTypeTotals.Snapshot> figure) {
        long events = events();
        return events == 0 ? 0 : byType.values().stream().mapToDouble(figure).sum() / events;
    }

    double perUnit(ToDoubleFunction<EventTypeTotals.Snapshot> figure) {
        return units == 0 ? 0 : byType.values().stream().mapToDouble(figure).sum() / units;
    }
}
