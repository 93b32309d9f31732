package dev.handoff.router.observability;

/**
 * What handling one event cost, counted on the thread that handles it: the adapters count their DynamoDB calls here,
 * and the edge reads the count into the event's log line. A leaf, like {@code config}: every layer but the domain may
 * use it. (The DynamoDB client is synchronous, so its calls run on the event's own thread.)
 */
public final class EventTally {
    private static final ThreadLocal<int[]> DYNAMODB_CALLS = ThreadLocal.withInitial(() -> new int[1]);

    private EventTally() {
    }

    /** Starts counting for a new event on this thread. */
    public static void start() {
        DYNAMODB_CALLS.get()[0] = 0;
    }

    public static void dynamoDbCall() {
        DYNAMODB_CALLS.get()[0]++;
    }

    /** DynamoDB calls made on this thread since {@link #start()}, retries by the SDK included. */
    public static int dynamoDbCalls() {
        return DYNAMODB_CALLS.get()[0];
    }
}
