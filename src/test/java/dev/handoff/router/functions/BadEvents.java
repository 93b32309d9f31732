package dev.handoff.router.functions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.params.provider.Arguments;

import dev.handoff.router.testing.Events;

/**
 * What the decoder's rejection tests and the edge's share: a valid event of each type (with a fresh id) and the cases
 * that break one. Ids are short names; the edge's test makes them its world's.
 */
final class BadEvents {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private BadEvents() {
    }

    /** A change to make to a valid event of a type, and the rejection it must get. */
    record Case(String name, String type, Consumer<Map<String, Object>> change, String code, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Arguments c(String name, String type, Consumer<Map<String, Object>> change, String code, String field) {
        return Arguments.of(new Case(name, type, change, code, field));
    }

    static Map<String, Object> valid(String type) {
        Map<String, Object> data = switch (type) {
            case "conversation.start" -> map("conversationId", "new-conv", "queueId", "queue-1",
                    "customer", map("id", "cust-9", "name", "Ana"), "channel", "webchat",
                    "context", map("orderId", "A-1"));
            case "conversation.escalate", "conversation.transfer", "conversation.transfer-to-bot", "conversation.end" ->
                    map("conversationId", "live", "requestedBy", "agent-a");
            case "participant.upsert" -> map("participantId", "new-bot", "kind", "bot", "name", "New bot",
                    "capacity", 2, "queues", List.of("queue-1"),
                    // A public address as a literal: it passes the URL policy without DNS, which tests don't have.
                    "webhook", map("url", "https://93.184.216.34/hook", "secret", SECRET));
            case "participant.presence" -> map("participantId", "agent-a", "presence", "offline");
            case "participant.wrap-up-done" -> map("participantId", "agent-a", "conversationId", "live");
            case "conversation.accept", "conversation.decline" -> map("conversationId", "live",
                    "participantId", "stranger");
            case "channel.upsert" -> map("channelId", "new-channel",
                    "webhook", map("url", "https://93.184.216.34/hook", "secret", SECRET));
            case "queue.upsert" -> map("queueId", "new-queue", "name", "New queue");
            case "conversation.get" -> map("conversationId", "live");
            case "conversation.message" -> map("conversationId", "live", "from", "cust-1", "text", "hello");
            case "conversation.transcript" -> map("conversationId", "live");
            case "participant.get" -> map("participantId", "agent-a", "after", "live", "limit", 10);
            case "queue.get" -> map("queueId", "queue-1", "after", "agent-a", "limit", 10);
            case "queue.list" -> map("after", "queue-1", "limit", 10);
            default -> throw new IllegalArgumentException(type);
        };
        return Events.event(type, data);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> data(Map<String, Object> event) {
        return (Map<String, Object>) event.get("data");
    }

    static Map<String, Object> map(Object... pairs) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
