package dev.handoff.router.benchmark;

import java.util.List;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The benchmark's SDK interceptor (next to {@code DynamoDbProbe} in {@code quarkus.dynamodb.interceptors}): asks every
 * request for its consumed capacity, and adds to the measuring thread's {@link ThreadTally} the call (by purpose and
 * operation), its capacity units, its outcome and the time from the first hook to the last. That window includes this
 * interceptor's own bookkeeping (a short stack walk), for the router's events and the floor alike.
 */
public class DynamoDbMeter implements ExecutionInterceptor {
    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("benchmark.call-started");
    private static final ExecutionAttribute<CallPurpose> PURPOSE = new ExecutionAttribute<>("benchmark.purpose");
    private static final List<String> WRITES = List.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem");

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (ThreadTally.current() != null) {
            attributes.putAttribute(STARTED, System.nanoTime());
            attributes.putAttribute(PURPOSE, CallPurpose.ofCurrentCall());
        }
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        var total = ReturnConsumedCapacity.TOTAL;
        SdkRequest request = context.request();
        if (request instanceof GetItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof PutItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof UpdateItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof DeleteItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof BatchGetItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof BatchWriteItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof QueryRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        }
        return request;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        ThreadTally tally = counted(attributes);
        if (tally == null) {
            return;
        }
        boolean write = WRITES.contains(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        double units = capacityUnits(context.response());
        if (units < 0) {
            tally.callsWithoutCapacity++;
        } else if (write) {
            tally.writeUnits += units;
        } else {
            tally.readUnits += units;
        }
        stopClock(tally, attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        ThreadTally tally = counted(attributes);
        if (tally == null) {
            return;
        }
        if (isConditionalFailure(context.exception())) {
            tally.conditionalFailures++;
        } else {
            tally.otherDynamoErrors++;
        }
        stopClock(tally, attributes);
    }

    /** Counts the call on the measuring thread's tally; null when the thread is not measuring. */
    private static ThreadTally counted(ExecutionAttributes attributes) {
        ThreadTally tally = ThreadTally.current();
        if (tally == null || attributes.getAttribute(STARTED) == null) {
            return null;
        }
        tally.countCall(attributes.getAttribute(PURPOSE),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        return tally;
    }

    /** Closes the call's time window last, so that the bookkeeping above lies inside it. */
    private static void stopClock(ThreadTally tally, ExecutionAttributes attributes) {
        tally.dynamoNanos += System.nanoTime() - attributes.getAttribute(STARTED);
    }

    /** The units a response reports (a batch reports one entry per table), or -1 when it reports none. */
    private static double capacityUnits(SdkResponse response) {
        var reported = response.getValueForField("ConsumedCapacity", Object.class);
        if (reported.isEmpty()) {
            return -1;
        }
        if (reported.get() instanceof ConsumedCapacity one) {
            return one.capacityUnits() == null ? -1 : one.capacityUnits();
        }
        if (reported.get() instanceof List<?> perTable && !perTable.isEmpty()) {
            return perTable.stream().mapToDouble(c -> ((ConsumedCapacity) c).capacityUnits()).sum();
        }
        return -1;
    }

    private static boolean isConditionalFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConditionalCheckFailedException) {
                return true;
            }
        }
        return false;
    }
}
