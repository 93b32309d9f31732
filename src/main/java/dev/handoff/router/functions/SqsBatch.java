package dev.handoff.router.functions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * An SQS batch (CONTRACT §1: the event as a record's body), read as Lambda's own {@link SQSEvent}: each record is
 * handled as one event; the {@link SQSBatchResponse} names the records to retry. A rejected event is answered, not
 * retried. A record that failed transiently is retried, and so is every later record of its FIFO message group (the
 * same conversation), so that its events keep their order.
 */
final class SqsBatch {
    private static final Logger LOG = Logger.getLogger(SqsBatch.class);
    /**
     * Reads records as Lambda writes them. Message attributes are not used here (and their binary values would need
     * decoding): they are ignored.
     */
    private static final ObjectMapper LAMBDA_EVENTS = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addMixIn(SQSEvent.SQSMessage.class, WithoutMessageAttributes.class)
            .build();
    private static final String MESSAGE_GROUP_ID = "MessageGroupId";

    private SqsBatch() {
    }

    /** Whether the input is an SQS event rather than a CloudEvent. */
    static boolean isBatch(Map<String, Object> input) {
        return input != null && input.get("Records") instanceof List<?> records && !records.isEmpty()
                && records.get(0) instanceof Map<?, ?> first && "aws:sqs".equals(first.get("eventSource"));
    }

    static SQSBatchResponse handle(Map<String, Object> input, Function<Map<String, Object>, ?> handleEvent) {
        var records = ((List<?>) input.get("Records")).stream()
                .map(record -> LAMBDA_EVENTS.convertValue(record instanceof Map<?, ?> map ? map : Map.of(),
                        SQSEvent.SQSMessage.class))
                .toList();
        var failures = new ArrayList<SQSBatchResponse.BatchItemFailure>();
        var blockedGroups = new HashSet<String>();
        for (SQSEvent.SQSMessage message : records) {
            String group = message.getAttributes() == null ? null : message.getAttributes().get(MESSAGE_GROUP_ID);
            if (group != null && blockedGroups.contains(group)) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                continue;
            }
            try {
                handleEvent.apply(body(message));
            } catch (RuntimeException transientFault) {
                LOG.warnf("SQS message %s failed and will be retried: %s", message.getMessageId(),
                        transientFault.getClass().getSimpleName());
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                if (group != null) {
                    blockedGroups.add(group);
                }
            }
        }
        return new SQSBatchResponse(failures);
    }

    @JsonIgnoreProperties("messageAttributes")
    private abstract static class WithoutMessageAttributes {
    }

    /** The record's body as an event; a body that is not a JSON object becomes null, which is rejected as such. */
    private static Map<String, Object> body(SQSEvent.SQSMessage message) {
        if (message.getBody() == null) {
            return null;
        }
        try {
            return LAMBDA_EVENTS.readValue(message.getBody(), new TypeReference<Map<String, Object>>() {
            });
        } catch (JsonProcessingException notAnObject) {
            return null;
        }
    }
}
