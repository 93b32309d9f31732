package dev.handoff.router.functions;

import java.util.Map;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import dev.handoff.router.application.Answers.AdminAnswer;
import dev.handoff.router.application.Answers.Answer;
import dev.handoff.router.application.Answers.Error;
import dev.handoff.router.application.Answers.MessageAnswer;
import dev.handoff.router.application.Answers.RoutingAnswer;
import dev.handoff.router.domain.Metrics;
import dev.handoff.router.observability.EventTally;

/**
 * One log line per handled event: its id, type and conversation, what came of it (the outcome, or the rejection's code
 * and message, or the fault that makes the platform retry it), how long it took and how many DynamoDB calls it made.
 * The same facts go to the MDC, for a formatter that writes them as fields. Only ids, codes and the router's own
 * messages are logged: rejection messages name fields, never values, so no customer context reaches the log. The
 * event's metrics go out with it: its type (or {@code unknown}: the type is the caller's text), its outcome (the
 * answer's status, {@code rejected} or {@code failed}), its time and the conditional writes refused meanwhile.
 */
final class EventLog {
    private static final Logger LOG = Logger.getLogger(EventLog.class);
    private static final int MAX_ID = 128;

    private final long startedNanos;
    private final Metrics metrics;

    private EventLog(Metrics metrics) {
        this.startedNanos = System.nanoTime();
        this.metrics = metrics;
        EventTally.start();
    }

    static EventLog start(Metrics metrics) {
        return new EventLog(metrics);
    }

    void answered(Map<String, Object> event, Answer answer) {
        Error error = answer.error();
        String outcome = error != null ? "rejected " + error.code() + " (" + error.message() + ")" : outcome(answer);
        double millis = elapsedMillis();
        log(event, outcome, error == null ? null : error.code(), null, millis);
        measure(event, error == null ? answer.status() : "rejected", millis);
    }

    void failed(Map<String, Object> event, RuntimeException fault) {
        double millis = elapsedMillis();
        log(event, "failed, to be retried (" + fault.getClass().getSimpleName() + ")", null, fault, millis);
        measure(event, "failed", millis);
    }

    private double elapsedMillis() {
        return (System.nanoTime() - startedNanos) / 1e6;
    }

    private void measure(Map<String, Object> event, String outcome, double millis) {
        String type = EventType.fromWire(text(event, "type")).map(EventType::wire).orElse("unknown");
        metrics.eventHandled(type, outcome, millis, EventTally.conditionalCheckFailures());
    }

    private void log(Map<String, Object> event, String outcome, String errorCode, RuntimeException fault,
            double millis) {
        int calls = EventTally.dynamoDbCalls();
        String eventId = shortened(text(event, "id"));
        String type = shortened(text(event, "type"));
        String conversationId = shortened(event != null && event.get("data") instanceof Map<?, ?> data
                && data.get("conversationId") instanceof String id ? id : null);
        // Only what is known: a JSON line shows no "null" for an event without an id or a conversation.
        putKnown("eventId", eventId);
        putKnown("eventType", type);
        putKnown("conversationId", conversationId);
        putKnown("outcome", outcome);
        putKnown("errorCode", errorCode);
        MDC.put("durationMs", String.format("%.1f", millis));
        MDC.put("dynamoDbCalls", String.valueOf(calls));
        try {
            String line = String.format("event %s %s %s: %s in %.1f ms, %d DynamoDB call%s", eventId, type,
                    conversationId == null ? "-" : conversationId, outcome, millis, calls, calls == 1 ? "" : "s");
            if (fault == null) {
                LOG.info(line);
            } else {
                LOG.warn(line);
            }
        } finally {
            for (String key : new String[] {"eventId", "eventType", "conversationId", "outcome", "errorCode",
                    "durationMs", "dynamoDbCalls"}) {
                MDC.remove(key);
            }
        }
    }

    private static void putKnown(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }

    private static String outcome(Answer answer) {
        if (answer instanceof RoutingAnswer routing) {
            String holder = routing.assignee() == null ? "" : ", holder " + routing.assignee().participantId();
            String where = routing.queueId() == null ? "" : ", queue " + routing.queueId();
            String repeat = routing.duplicate() ? " (repeat)" : "";
            String delivery = routing.delivery() == null ? "" : ", bot calls " + routing.delivery().status();
            return routing.status() + holder + where + delivery + repeat;
        }
        if (answer instanceof AdminAnswer admin) {
            return admin.status() + ", " + admin.assigned().size() + " handed out" + (admin.duplicate() ? " (repeat)"
                    : "");
        }
        if (answer instanceof MessageAnswer message) {
            return message.status() + ", sequence " + message.sequence() + ", " + message.replies().size()
                    + " replies" + (message.duplicate() ? " (repeat)" : "");
        }
        return answer.status();
    }

    private static String text(Map<String, Object> event, String key) {
        return event != null && event.get(key) instanceof String value ? value : null;
    }

    /** Ids are the caller's: bounded in the log, whatever was sent. */
    private static String shortened(String value) {
        return value == null || value.length() <= MAX_ID ? value : value.substring(0, MAX_ID) + "…";
    }
}
