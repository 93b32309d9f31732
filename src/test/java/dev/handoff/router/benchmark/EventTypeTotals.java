package dev.handoff.router.benchmark;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** The DynamoDB and webhook cost of every measured event of one type, summed; callers add to it concurrently. */
final class EventTypeTotals {
    private long events;
    private final Map<CallPurpose, Map<String, Long>> calls = new EnumMap<>(CallPurpose.class);
    private int maxRoutingCalls;
    private double readUnits;
    private double writeUnits;
    private long conditionalFailures;
    private long otherDynamoErrors;
    private long callsWithoutCapacity;
    private long webhookCalls;

    synchronized void add(ThreadTally tally) {
        events++;
        tally.calls.forEach((purpose, byOperation) -> byOperation.forEach((operation, count) -> calls
                .computeIfAbsent(purpose, p -> new TreeMap<>()).merge(operation, (long) count, Long::sum)));
        int routing = tally.calls.getOrDefault(CallPurpose.ROUTING, Map.of()).values().stream()
                .mapToInt(Integer::intValue).sum();
        maxRoutingCalls = Math.max(maxRoutingCalls, routing);
        readUnits += tally.readUnits;
        writeUnits += tally.writeUnits;
        conditionalFailures += tally.conditionalFailures;
        otherDynamoErrors += tally.otherDynamoErrors;
        callsWithoutCapacity += tally.callsWithoutCapacity;
        webhookCalls += tally.webhookCalls;
    }

    synchronized Snapshot snapshot() {
        var copy = new EnumMap<CallPurpose, Map<String, Long>>(CallPurpose.class);
        calls.forEach((purpose, byOperation) -> copy.put(purpose,
                Collections.unmodifiableMap(new TreeMap<>(byOperation))));
        return new Snapshot(events, copy, maxRoutingCalls, readUnits, writeUnits, conditionalFailures,
                otherDynamoErrors, callsWithoutCapacity, webhookCalls);
    }

    /** Totals at the end of a run; the per-event figures divide by {@code events}. */
    record Snapshot(long events, Map<CallPurpose, Map<String, Long>> calls, int maxRoutingCalls, double readUnits,
            double writeUnits, long conditionalFailures, long otherDynamoErrors, long callsWithoutCapacity,
            long webhookCalls) {

        long calls(CallPurpose purpose) {
            return calls.getOrDefault(purpose, Map.of()).values().stream().mapToLong(Long::longValue).sum();
        }

        long allCalls() {
            return calls.keySet().stream().mapToLong(this::calls).sum();
        }

        double perEvent(double total) {
            return events == 0 ? 0 : total / events;
        }
    }
}
