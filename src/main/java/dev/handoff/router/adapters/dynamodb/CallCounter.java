package dev.handoff.router.adapters.dynamodb;

import dev.handoff.router.observability.EventTally;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Counts every DynamoDB request, SDK retries included, and every conditional write refused (whichever store made
 * it, before the store turns it into its own exception) into the event's {@link EventTally} (registered in
 * {@code application.properties} as {@code quarkus.dynamodb.interceptors}).
 */
public class CallCounter implements ExecutionInterceptor {
    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        EventTally.dynamoDbCall();
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (context.exception() instanceof ConditionalCheckFailedException) {
            EventTally.conditionalCheckFailure();
        }
    }
}
