package dev.handoff.router.adapters.dynamodb;

import dev.handoff.router.observability.EventTally;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Counts every DynamoDB request, SDK retries included, into the event's {@link EventTally} (registered in
 * {@code application.properties} as {@code quarkus.dynamodb.interceptors}).
 */
public class CallCounter implements ExecutionInterceptor {
    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        EventTally.dynamoDbCall();
    }
}
