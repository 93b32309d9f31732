package dev.handoff.router.adapters.timers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.handoff.router.domain.Timers;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Timers on AWS: a message to an SQS standard queue, delayed until the due time, which the {@code timer} function
 * receives (a FIFO queue has no delay per message). SQS delays a message 15 minutes at most: one due later arrives
 * early and is sent again for the rest ({@code WaitDeadlines}). A message that cannot be sent is left to the sweeper,
 * which reads due waits from the store: the event that set the timer has already been written, and must not fail.
 */
final class SqsTimers implements Timers {
    /** SQS's longest delay of one message. */
    static final Duration MAX_DELAY = Duration.ofMinutes(15);
    private static final Logger LOG = Logger.getLogger(SqsTimers.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsClient sqs;
    private final String queueUrl;
    private final Clock clock;

    SqsTimers(SqsClient sqs, String queueUrl, Clock clock) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.clock = clock;
    }

    @Override
    public void set(String conversationId, Instant dueAt) {
        try {
            sqs.sendMessage(SendMessageRequest.builder().queueUrl(queueUrl)
                    .messageBody(body(conversationId, dueAt))
                    .delaySeconds((int) delay(clock.instant(), dueAt).toSeconds())
                    .build());
        } catch (SdkException failed) {
            LOG.warnf("a timer could not be set (%s); the sweeper will look at its conversation when due",
                    failed.getClass().getSimpleName());
        }
    }

    /** Until {@code dueAt}, in whole seconds rounded up, and at most {@link #MAX_DELAY}. */
    static Duration delay(Instant now, Instant dueAt) {
        long millis = Math.max(0, Duration.between(now, dueAt).toMillis());
        return Duration.ofSeconds(Math.min(MAX_DELAY.toSeconds(), (millis + 999) / 1000));
    }

    /** What the {@code timer} function reads (CONTRACT §7): the conversation and the due time it was set for. */
    static String body(String conversationId, Instant dueAt) {
        try {
            return JSON.writeValueAsString(Map.of("conversationId", conversationId, "dueAt", dueAt.toString()));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
