package dev.handoff.router.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * An SDK interceptor on the real DynamoDB client (registered by {@code quarkus.dynamodb.interceptors} in the test
 * profile): it records every call (operation and table) and, when armed, fails the Nth call from then on, either
 * before it is sent (the write never happens) or after its answer came back (the write happened, the caller never
 * learns it): the two ways a Lambda dies half-way.
 */
public class DynamoDbProbe implements ExecutionInterceptor {
    /** How an armed call fails. */
    public enum Fault {
        BEFORE_SENDING, RESPONSE_LOST
    }

    /** One call: its operation, the table(s) it names, and the index it queries (null when none). */
    /** @param index the index a Query used; null for table calls */
    public record Call(String operation, List<String> tables, String index) {
    }

    private static final ConcurrentLinkedQueue<Call> CALLS = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger COUNTDOWN = new AtomicInteger(-1);
    private static final AtomicReference<Fault> FAULT = new AtomicReference<>();
    private static final AtomicReference<String> FAILING_MARKER = new AtomicReference<>();

    /** Forgets recorded calls and disarms. */
    public static void reset() {
        CALLS.clear();
        COUNTDOWN.set(-1);
        FAULT.set(null);
        FAILING_MARKER.set(null);
    }

    /** Fails, before sending, every call whose request mentions {@code marker} (an id), until {@link #reset()}. */
    public static void failCallsMentioning(String marker) {
        FAILING_MARKER.set(marker);
    }

    /** Fails the {@code n}th call (1-based) from now on, once. */
    public static void failCall(int n, Fault fault) {
        FAULT.set(fault);
        COUNTDOWN.set(n);
    }

    public static List<Call> calls() {
        return List.copyOf(CALLS);
    }

    /** Whether an armed fault has fired. */
    public static boolean fired() {
        return COUNTDOWN.get() == 0;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        CALLS.add(new Call(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), tables(context.request()),
                context.request().getValueForField("IndexName", String.class).orElse(null)));
        String marker = FAILING_MARKER.get();
        if (marker != null && context.request().toString().contains(marker)) {
            throw SdkClientException.create("injected: the database is unreachable for " + marker + " (test fault)");
        }
        if (FAULT.get() == Fault.BEFORE_SENDING && COUNTDOWN.get() > 0 && COUNTDOWN.decrementAndGet() == 0) {
            throw SdkClientException.create("injected: the call never left (test fault)");
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        if (FAULT.get() == Fault.RESPONSE_LOST && COUNTDOWN.get() > 0 && COUNTDOWN.decrementAndGet() == 0) {
            throw SdkClientException.create("injected: the answer was lost (test fault)");
        }
    }

    private static List<String> tables(SdkRequest request) {
        var table = request.getValueForField("TableName", String.class);
        if (table.isPresent()) {
            return List.of(table.get());
        }
        @SuppressWarnings("unchecked")
        var items = request.getValueForField("RequestItems", Map.class);
        return items.map(m -> ((Map<String, ?>) m).keySet().stream().sorted().toList()).orElse(List.of());
    }
}
