package dev.handoff.router.functions;

import java.util.Map;

import org.jboss.logging.Logger;

import dev.handoff.router.application.Answers.AdminAnswer;
import dev.handoff.router.application.Answers.Answer;
import dev.handoff.router.application.Answers.ConversationView;
import dev.handoff.router.application.Answers.RoutingAnswer;
import dev.handoff.router.application.Router;
import dev.handoff.router.domain.Rejection;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * The functions (CONTRACT §1): one per event type, each exportable alone with {@code QUARKUS_FUNQY_EXPORT}, and
 * {@code route}, which takes every type, alone or in an SQS batch. Each decodes the event, calls the use case and encodes the answer; a
 * rejection is answered, anything else is thrown so that the platform retries the event.
 */
public class RouterFunctions {
    private static final Logger LOG = Logger.getLogger(RouterFunctions.class);

    @Inject
    EventDecoder decoder;

    @Inject
    Router router;

    /** Takes any event type; also an SQS batch of them, answered with the records to retry. */
    @Funq("route")
    public Object route(Map<String, Object> input) {
        if (SqsBatch.isBatch(input)) {
            return SqsBatch.handle(input, event -> handle(event, null));
        }
        return handle(input, null);
    }

    @Funq(EventTypes.START)
    public RoutingAnswer start(Map<String, Object> event) {
        return (RoutingAnswer) handle(event, EventTypes.START);
    }

    @Funq(EventTypes.ESCALATE)
    public RoutingAnswer escalate(Map<String, Object> event) {
        return (RoutingAnswer) handle(event, EventTypes.ESCALATE);
    }

    @Funq(EventTypes.TRANSFER_TO_BOT)
    public RoutingAnswer transferToBot(Map<String, Object> event) {
        return (RoutingAnswer) handle(event, EventTypes.TRANSFER_TO_BOT);
    }

    @Funq(EventTypes.END)
    public RoutingAnswer end(Map<String, Object> event) {
        return (RoutingAnswer) handle(event, EventTypes.END);
    }

    @Funq(EventTypes.QUEUE_UPSERT)
    public AdminAnswer upsertQueue(Map<String, Object> event) {
        return (AdminAnswer) handle(event, EventTypes.QUEUE_UPSERT);
    }

    @Funq(EventTypes.PARTICIPANT_UPSERT)
    public AdminAnswer upsertParticipant(Map<String, Object> event) {
        return (AdminAnswer) handle(event, EventTypes.PARTICIPANT_UPSERT);
    }

    @Funq(EventTypes.PARTICIPANT_PRESENCE)
    public AdminAnswer changePresence(Map<String, Object> event) {
        return (AdminAnswer) handle(event, EventTypes.PARTICIPANT_PRESENCE);
    }

    @Funq(EventTypes.CONVERSATION_GET)
    public ConversationView getConversation(Map<String, Object> event) {
        return (ConversationView) handle(event, EventTypes.CONVERSATION_GET);
    }

    private Answer handle(Map<String, Object> event, String onlyType) {
        try {
            var decoded = decoder.decode(event, onlyType);
            return router.handle(decoded.context(), decoded.command());
        } catch (Rejection rejection) {
            Answer answer = rejected(event, onlyType, rejection);
            LOG.infof("event %s rejected: %s", text(event, "id"), rejection.code().wire());
            return answer;
        }
    }

    /**
     * A rejection in the shape of the answer of the function's type, or, for {@code route}, of the event's type. (The
     * typed functions declare their answer type: Jackson serializes by the declared type.)
     */
    private static Answer rejected(Map<String, Object> event, String onlyType, Rejection rejection) {
        String eventId = text(event, "id");
        String type = onlyType != null ? onlyType : text(event, "type");
        String conversationId = event != null && event.get("data") instanceof Map<?, ?> data
                && data.get("conversationId") instanceof String id ? id : null;
        if (type != null && EventTypes.ADMIN.contains(type)) {
            return AdminAnswer.rejected(eventId, rejection);
        }
        if (EventTypes.CONVERSATION_GET.equals(type)) {
            return ConversationView.rejected(eventId, conversationId, rejection);
        }
        return RoutingAnswer.rejected(eventId, conversationId, rejection);
    }

    private static String text(Map<String, Object> event, String key) {
        return event != null && event.get(key) instanceof String value ? value : null;
    }
}
