package dev.handoff.router.functions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An SQS batch (CONTRACT §1: the event as a record's body): each record is handled as one event; the answer names the
 * records to retry. A rejected event is answered, not retried. A record that failed transiently is retried, and so is
 * every later record of its FIFO message group (the same conversation), so that its events keep their order.
 */
final class SqsBatch {
    private static final Logger LOG = Logger.getLogger(SqsBatch.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The partial batch response Lambda reads. */
    public record Answer(List<Failure> batchItemFailures) {
    }

    public record Failure(String itemIdentifier) {
    }

    private SqsBatch() {
    }

    /** Whether the input is an SQS event rather than a CloudEvent. */
    static boolean isBatch(Map<String, Object> input) {
        return input != null && input.get("Records") instanceof List<?> records && !records.isEmpty()
                && records.get(0) instanceof Map<?, ?> first && "aws:sqs".equals(first.get("eventSource"));
    }

    static Answer handle(Map<String, Object> input, Function<Map<String, Object>, ?> handleEvent) {
        var failures = new ArrayList<Failure>();
        var blockedGroups = new HashSet<String>();
        for (Object item : (List<?>) input.get("Records")) {
            Map<?, ?> record = item instanceof Map<?, ?> map ? map : Map.of();
            String messageId = String.valueOf(record.get("messageId"));
            String group = record.get("attributes") instanceof Map<?, ?> attributes
                    && attributes.get("MessageGroupId") instanceof String id ? id : null;
            if (group != null && blockedGroups.contains(group)) {
                failures.add(new Failure(messageId));
                continue;
            }
            try {
                handleEvent.apply(body(record));
            } catch (RuntimeException transientFault) {
                LOG.warnf("SQS message %s failed and will be retried: %s", messageId,
                        transientFault.getClass().getSimpleName());
                failures.add(new Failure(messageId));
                if (group != null) {
                    blockedGroups.add(group);
                }
            }
        }
        return new Answer(failures);
    }

    /** The record's body as an event; a body that is not a JSON object becomes null, which is rejected as such. */
    private static Map<String, Object> body(Map<?, ?> record) {
        if (!(record.get("body") instanceof String body)) {
            return null;
        }
        try {
            return JSON.readValue(body, new TypeReference<Map<String, Object>>() {
            });
        } catch (JsonProcessingException notAnObject) {
            return null;
        }
    }
}
