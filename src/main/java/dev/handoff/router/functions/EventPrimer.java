package dev.handoff.router.functions;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.handoff.router.application.Answers.Error;
import dev.handoff.router.snapstart.Primer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Primes the edge: the object mapper Funqy reads events and writes answers with (Quarkus' one, which
 * {@link MalformedBodies} customizes) reads an event and writes one answer of each shape (CONTRACT §2) and an SQS
 * batch's answer; the decoder decodes an event (its canonical JSON and hash); an SQS batch is read. Nothing is routed,
 * logged as an event or counted in the metrics: no use case runs.
 */
@ApplicationScoped
public class EventPrimer implements Primer {
    private static final String EVENT = "{\"specversion\":\"1.0\",\"id\":\"snapstart-priming\",\"source\":"
            + "\"/snapstart\",\"type\":\"conversation.get\",\"data\":{\"conversationId\":\"snapstart-priming\"}}";

    @Inject
    ObjectMapper mapper;

    @Inject
    EventDecoder decoder;

    @Override
    public String name() {
        return "event and answer JSON";
    }

    @Override
    public void prime() {
        try {
            Map<String, Object> event = mapper.readValue(EVENT, new TypeReference<Map<String, Object>>() {
            });
            decoder.decode(event, null);
            var error = new Error("not_found", "data.conversationId: priming");
            for (EventType.AnswerShape shape : EventType.AnswerShape.values()) {
                mapper.writeValueAsBytes(shape.rejected("snapstart-priming", "snapstart-priming", error));
            }
            Map<String, Object> batch = Map.of("Records", List.of(Map.of("messageId", "snapstart-priming",
                    "eventSource", "aws:sqs", "attributes", Map.of("MessageGroupId", "snapstart-priming"),
                    "body", EVENT)));
            mapper.writeValueAsBytes(SqsBatch.handle(batch, body -> null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the priming event is valid JSON", e);
        }
    }
}
