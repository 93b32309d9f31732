package dev.handoff.router.adapters.webhook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.handoff.router.domain.BotSignal;

/**
 * Reads a bot's answer, the Bot Framework's ExpectedReplies {@code {"activities":[...]}}: the texts of its
 * {@code message} activities, and what it asks for the way real bots do. Omnichannel's {@code channelData.tags}
 * (a JSON string, as Omnichannel bots send it, or an object) with {@code type} {@code Escalate} (and its
 * {@code context}) or {@code EndConversation}; the handoff protocol's {@code handoff.initiate} event (its
 * {@code value}'s flat entries become context); an {@code endOfConversation} activity. {@code typing}, {@code trace}
 * and other activities are ignored, and so is a body that is not JSON (the call was still delivered).
 */
final class BotReplies {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REPLY_LENGTH = 4000;
    private static final int MAX_CONTEXT_ENTRIES = 64;

    private BotReplies() {
    }

    record Read(List<String> texts, List<BotSignal> signals) {
    }

    static Read read(String body) {
        var texts = new ArrayList<String>();
        var signals = new ArrayList<BotSignal>();
        if (body == null || body.isBlank()) {
            return new Read(texts, signals);
        }
        try {
            for (JsonNode activity : JSON.readTree(body).path("activities")) {
                String type = activity.path("type").asText();
                if ("message".equals(type) && activity.path("text").isTextual()) {
                    String text = activity.path("text").asText();
                    texts.add(text.length() > MAX_REPLY_LENGTH ? text.substring(0, MAX_REPLY_LENGTH) : text);
                }
                if ("endOfConversation".equals(type)) {
                    signals.add(new BotSignal.End());
                }
                if ("event".equals(type) && "handoff.initiate".equals(activity.path("name").asText())) {
                    signals.add(new BotSignal.Escalate(flat(activity.path("value"))));
                }
                tagged(activity.path("channelData").path("tags")).ifPresent(signals::add);
            }
        } catch (JsonProcessingException notJson) {
            // A 2xx with a body that is not JSON still counts as delivered; it just carries no replies.
        }
        return new Read(texts, signals);
    }

    private static java.util.Optional<BotSignal> tagged(JsonNode tags) throws JsonProcessingException {
        JsonNode parsed = tags.isTextual() ? JSON.readTree(tags.asText()) : tags;
        if (parsed == null || !parsed.isObject()) {
            return java.util.Optional.empty();
        }
        return switch (parsed.path("type").asText()) {
            case "Escalate" -> java.util.Optional.of(new BotSignal.Escalate(flat(parsed.path("context"))));
            case "EndConversation" -> java.util.Optional.of(new BotSignal.End());
            default -> java.util.Optional.empty();
        };
    }

    /** The object's string, number and boolean entries (the router's context is flat); others are left out. */
    private static Map<String, Object> flat(JsonNode object) {
        var values = new LinkedHashMap<String, Object>();
        if (!object.isObject()) {
            return values;
        }
        object.fields().forEachRemaining(entry -> {
            JsonNode value = entry.getValue();
            if (values.size() >= MAX_CONTEXT_ENTRIES || entry.getKey().isEmpty() || entry.getKey().length() > 128
                    || "customer".equals(entry.getKey())) {
                return;
            }
            if (value.isTextual()) {
                values.put(entry.getKey(), value.asText().length() > 2048 ? value.asText().substring(0, 2048)
                        : value.asText());
            } else if (value.isIntegralNumber()) {
                values.put(entry.getKey(), value.asLong());
            } else if (value.isNumber()) {
                values.put(entry.getKey(), value.decimalValue());
            } else if (value.isBoolean()) {
                values.put(entry.getKey(), value.asBoolean());
            }
        });
        return values;
    }
}
