package dev.handoff.router.benchmark;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one measured event cost on the thread that handled it. The SDK's synchronous client and the bot client run on
 * the caller's thread, so {@link DynamoDbMeter}, {@link TimedBotChannel} and {@link TimedNoticeChannel} add to the
 * tally of the current thread; a thread that is not measuring has none, and they record nothing.
 */
final class ThreadTally {
    private static final ThreadLocal<ThreadTally> CURRENT = new ThreadLocal<>();

    long dynamoNanos;
    long webhookNanos;
    int webhookCalls;
    double readUnits;
    double writeUnits;
    int callsWithoutCapacity;
    int conditionalFailures;
    int otherDynamoErrors;
    /** Calls by purpose, then by operation name. */
    final Map<CallPurpose, Map<String, Integer>> calls = new EnumMap<>(CallPurpose.class);

    static ThreadTally start() {
        var tally = new ThreadTally();
        CURRENT.set(tally);
        return tally;
    }

    static void stop() {
        CURRENT.remove();
    }

    /** The tally of this thread's event under measurement, or null. */
    static ThreadTally current() {
        return CURRENT.get();
    }

    /** Makes a webhook call (a bot's, a channel's, a desk's), timed on this thread's tally if it is measuring. */
    static <T> T timedWebhookCall(java.util.function.Supplier<T> call) {
        ThreadTally tally = current();
        if (tally == null) {
            return call.get();
        }
        long started = System.nanoTime();
        try {
            return call.get();
        } finally {
            tally.webhookNanos += System.nanoTime() - started;
            tally.webhookCalls++;
        }
    }

    void countCall(CallPurpose purpose, String operation) {
        calls.computeIfAbsent(purpose, p -> new TreeMap<>()).merge(operation, 1, Integer::sum);
    }
}
