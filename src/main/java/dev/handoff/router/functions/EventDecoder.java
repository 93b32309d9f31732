package dev.handoff.router.functions;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.handoff.router.application.Commands.Command;
import dev.handoff.router.application.EventContext;
import dev.handoff.router.application.Hashing;
import dev.handoff.router.domain.ErrorCode;
import dev.handoff.router.domain.Rejection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a CloudEvent (structured JSON, CONTRACT §1) into a use case's command, or rejects it: {@code invalid_event}
 * naming the field, or {@code unknown_type}. The envelope is checked here; each type's {@code data} by its
 * {@link EventType}. Nothing is read or written, so a rejected event stores nothing.
 */
@ApplicationScoped
public class EventDecoder {
    static final int MAX_EVENT_BYTES = 64 * 1024;

    /** Sorted keys make the body hash independent of the order a sender wrote the fields in. */
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private final Clock clock;

    public EventDecoder(Clock clock) {
        this.clock = clock;
    }

    /** A decoded event: its type, its context and its command. */
    public record Decoded(EventType type, EventContext context, Command command) {
    }

    /**
     * @param event    the body as parsed; null when it was not a JSON object (see {@link MalformedBodies})
     * @param onlyType the one type the calling function takes, or null for {@code route}, which takes them all
     */
    public Decoded decode(Map<String, Object> event, EventType onlyType) {
        if (event == null) {
            throw Fields.invalid("the body must be a JSON object (a CloudEvent in structured mode)");
        }
        var envelope = new Fields(event, "");
        String specVersion = envelope.string("specversion", 8);
        if (!"1.0".equals(specVersion)) {
            throw Fields.invalid("specversion must be \"1.0\"");
        }
        String id = envelope.string("id", 256);
        String source = envelope.string("source", 1024);
        EventType type = EventType.fromWire(envelope.string("type", 128)).orElseThrow(
                () -> new Rejection(ErrorCode.UNKNOWN_TYPE, null, "type: not an event type of this router"));
        if (onlyType != null && onlyType != type) {
            throw new Rejection(ErrorCode.UNKNOWN_TYPE, null,
                    "type: this function takes only " + onlyType.wire() + " events");
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
        Command command = type.decode(envelope.object("data"));
        var context = new EventContext(Hashing.sha256Hex(32, source, id), id, source,
                Hashing.sha256Hex(64, new String(canonical, StandardCharsets.UTF_8)), clock.instant());
        return new Decoded(type, context, command);
    }

    private static byte[] canonical(Map<String, Object> event) {
        try {
            return CANONICAL.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw Fields.invalid("the event could not be read as JSON");
        }
    }
}
