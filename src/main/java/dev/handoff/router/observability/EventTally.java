package dev.handoff.router.observability;

/**
 * What handling one event cost, counted on the thread that handles it: the adapters count their DynamoDB calls here,
 * and the edge reads the counts into the event's log line and metrics. A leaf, like {@code config}: every layer but the domain may
 * use it. (The DynamoDB client is synchronous, so its calls run on the event's own thread.)
 */
public final class EventTally {
    /** [0]: DynamoDB calls; [1]: conditional writes refused. */
    private static final ThreadLocal<int[]> COUNTS = ThreadLocal.withInitial(() -> new int[2]);

    private EventTally() {
    }

    /** Starts counting for a new event on this thread. */
    public static void start() {
        int[] counts = COUNTS.get();
        counts[0] = 0;
        counts[1] = 0;
    }

    public static void dynamoDbCall() {
        COUNTS.get()[0]++;
    }

    public static void conditionalCheckFailure() {
        COUNTS.get()[1]++;
    }

    /** Conditional writes DynamoDB refused on this thread since {@link #start()} (a lost race, a stale read). */
    public static int conditionalCheckFailures() {
        return COUNTS.get()[1];
    }

    /** DynamoDB calls made on this thread since {@link #start()}, retries by the SDK included. */
    public static int dynamoDbCalls() {
        return COUNTS.get()[0];
    }
}
