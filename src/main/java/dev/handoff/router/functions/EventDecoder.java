package dev.handoff.router.functions;

import java.net.URI;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.handoff.router.application.Commands;
import dev.handoff.router.application.Commands.Command;
import dev.handoff.router.application.EventContext;
import dev.handoff.router.application.Hashing;
import dev.handoff.router.domain.Customer;
import dev.handoff.router.domain.ErrorCode;
import dev.handoff.router.domain.ParticipantKind;
import dev.handoff.router.domain.Presence;
import dev.handoff.router.domain.Rejection;
import dev.handoff.router.domain.Webhook;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a CloudEvent (structured JSON, CONTRACT §1) into a use case's command, or rejects it: {@code invalid_event}
 * naming the field, or {@code unknown_type}. Nothing is read or written here, so a rejected event stores nothing.
 */
@ApplicationScoped
public class EventDecoder {
    static final int MAX_EVENT_BYTES = 64 * 1024;
    static final int MAX_CONTEXT_ENTRIES = 64;
    static final int MAX_CONTEXT_BYTES = 16 * 1024;
    static final int MAX_CONTEXT_STRING = 2048;

    /** Sorted keys make the body hash independent of the order a sender wrote the fields in. */
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private final Clock clock;

    public EventDecoder(Clock clock) {
        this.clock = clock;
    }

    /** A decoded event: its context and its command. */
    public record Decoded(String type, EventContext context, Command command) {
    }

    /**
     * @param onlyType the one type the calling function takes, or null for {@code route}, which takes them all
     */
    public Decoded decode(Map<String, Object> event, String onlyType) {
        if (event == null) {
            throw Fields.invalid("the event must be a JSON object (a CloudEvent in structured mode)");
        }
        var envelope = new Fields(event, "");
        String specVersion = envelope.string("specversion", 8);
        if (!"1.0".equals(specVersion)) {
            throw Fields.invalid("specversion must be \"1.0\"");
        }
        String id = envelope.string("id", 256);
        String source = envelope.string("source", 1024);
        String type = envelope.string("type", 128);
        if (!EventTypes.ALL.contains(type)) {
            throw new Rejection(ErrorCode.UNKNOWN_TYPE, "type: not an event type of this router");
        }
        if (onlyType != null && !onlyType.equals(type)) {
            throw new Rejection(ErrorCode.UNKNOWN_TYPE, "type: this function takes only " + onlyType + " events");
        }
        String time = envelope.optionalString("time", 64);
        if (time != null) {
            try {
                OffsetDateTime.parse(time);
            } catch (DateTimeParseException e) {
                throw Fields.invalid("time must be an RFC 3339 timestamp");
            }
        }
        String contentType = envelope.optionalString("datacontenttype", 128);
        if (contentType != null && !contentType.startsWith("application/json")) {
            throw Fields.invalid("datacontenttype must be application/json");
        }
        byte[] canonical = canonical(event);
        if (canonical.length > MAX_EVENT_BYTES) {
            throw Fields.invalid("the event is larger than " + MAX_EVENT_BYTES / 1024 + " KB");
        }
        Fields data = envelope.object("data");
        Command command = command(type, data);
        var context = new EventContext(Hashing.sha256Hex(32, source, id), id, source,
                Hashing.sha256Hex(64, new String(canonical, java.nio.charset.StandardCharsets.UTF_8)),
                clock.instant());
        return new Decoded(type, context, command);
    }

    private static Command command(String type, Fields data) {
        return switch (type) {
            case EventTypes.START -> new Commands.Start(data.optionalId("conversationId"), data.id("queueId"),
                    customer(data.object("customer")), data.optionalString("channel", 64), context(data));
            case EventTypes.ESCALATE -> new Commands.Escalate(data.id("conversationId"), data.id("requestedBy"),
                    data.optionalId("targetQueueId"), data.optionalString("reason", 1024), context(data));
            case EventTypes.TRANSFER_TO_BOT -> new Commands.TransferToBot(data.id("conversationId"),
                    data.id("requestedBy"), data.optionalId("targetQueueId"), data.optionalId("targetParticipantId"),
                    context(data));
            case EventTypes.END -> new Commands.End(data.id("conversationId"), data.id("requestedBy"));
            case EventTypes.QUEUE_UPSERT -> new Commands.UpsertQueue(data.id("queueId"), data.string("name", 256),
                    data.integer("unitsPerConversation", 1, 1000, 1));
            case EventTypes.PARTICIPANT_UPSERT -> participant(data);
            case EventTypes.PARTICIPANT_PRESENCE -> new Commands.ChangePresence(data.id("participantId"),
                    presence(data, null));
            case EventTypes.CONVERSATION_GET -> new Commands.GetConversation(data.id("conversationId"));
            default -> throw new Rejection(ErrorCode.UNKNOWN_TYPE, "type: not an event type of this router");
        };
    }

    private static Customer customer(Fields customer) {
        return new Customer(customer.string("id", 256), customer.optionalString("name", 256));
    }

    private static Commands.UpsertParticipant participant(Fields data) {
        String kindName = data.string("kind", 32);
        ParticipantKind kind;
        try {
            kind = ParticipantKind.fromWire(kindName);
        } catch (IllegalArgumentException e) {
            throw Fields.invalid(data.name("kind") + " must be bot or representative");
        }
        Fields webhook = data.optionalObject("webhook");
        if (kind == ParticipantKind.BOT && webhook == null) {
            throw Fields.invalid(data.name("webhook") + " is required for a bot");
        }
        if (kind == ParticipantKind.REPRESENTATIVE && webhook != null) {
            throw Fields.invalid(data.name("webhook") + " is only for bots");
        }
        return new Commands.UpsertParticipant(data.id("participantId"), kind, data.string("name", 256),
                data.integer("capacity", 1, 10_000, null), data.ids("queues", 100), presence(data, Presence.AVAILABLE),
                webhook == null ? null : webhook(webhook));
    }

    private static Presence presence(Fields data, Presence absent) {
        String value = data.optionalString("presence", 32);
        if (value == null) {
            if (absent == null) {
                throw Fields.invalid(data.name("presence") + " is required");
            }
            return absent;
        }
        try {
            return Presence.fromWire(value);
        } catch (IllegalArgumentException e) {
            throw Fields.invalid(data.name("presence") + " must be available, busy or offline");
        }
    }

    private static Webhook webhook(Fields webhook) {
        String url = webhook.string("url", 2048);
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw Fields.invalid(webhook.name("url") + " must be an absolute http(s) URL");
        }
        if (uri.getScheme() == null || !Set.of("http", "https").contains(uri.getScheme().toLowerCase())
                || uri.getHost() == null) {
            throw Fields.invalid(webhook.name("url") + " must be an absolute http(s) URL");
        }
        String secret = webhook.string("secret", 512);
        if (!secret.startsWith("whsec_")) {
            throw Fields.invalid(webhook.name("secret") + " must be whsec_ followed by base64");
        }
        try {
            if (Base64.getDecoder().decode(secret.substring("whsec_".length())).length < 16) {
                throw Fields.invalid(webhook.name("secret") + " must hold at least 16 bytes");
            }
        } catch (IllegalArgumentException e) {
            throw Fields.invalid(webhook.name("secret") + " must be whsec_ followed by base64");
        }
        return new Webhook(url, secret);
    }

    /** A flat object of string, number or boolean values (the Omnichannel context variables), bounded in size. */
    private static Map<String, Object> context(Fields data) {
        Fields context = data.optionalObject("context");
        if (context == null) {
            return Map.of();
        }
        Map<String, Object> raw = context.raw();
        if (raw.size() > MAX_CONTEXT_ENTRIES) {
            throw Fields.invalid("data.context must have at most " + MAX_CONTEXT_ENTRIES + " entries");
        }
        int bytes = 0;
        var values = new LinkedHashMap<String, Object>();
        for (var entry : raw.entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue();
            String name = "data.context." + key;
            if (key.isEmpty() || key.length() > 128) {
                throw Fields.invalid("data.context keys must be 1 to 128 characters");
            }
            if ("customer".equals(key)) {
                throw Fields.invalid(name + " is reserved: the customer travels in data.customer");
            }
            if (value instanceof String text) {
                if (text.length() > MAX_CONTEXT_STRING) {
                    throw Fields.invalid(name + " must be at most " + MAX_CONTEXT_STRING + " characters");
                }
                bytes += text.length();
            } else if (value instanceof Number number) {
                if (number instanceof Double d && (d.isNaN() || d.isInfinite())) {
                    throw Fields.invalid(name + " must be a finite number");
                }
                bytes += 24;
            } else if (value instanceof Boolean) {
                bytes += 5;
            } else {
                throw Fields.invalid(name + " must be a string, number or boolean");
            }
            bytes += key.length();
            values.put(key, value);
        }
        if (bytes > MAX_CONTEXT_BYTES) {
            throw Fields.invalid("data.context must be at most " + MAX_CONTEXT_BYTES / 1024 + " KB in all");
        }
        return values;
    }

    private static byte[] canonical(Map<String, Object> event) {
        try {
            return CANONICAL.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw Fields.invalid("the event could not be read as JSON");
        }
    }
}
