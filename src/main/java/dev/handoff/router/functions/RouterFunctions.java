package dev.handoff.router.functions;

import java.util.Map;

import dev.handoff.router.application.Answers.AdminAnswer;
import dev.handoff.router.application.Answers.Answer;
import dev.handoff.router.application.Answers.ConversationView;
import dev.handoff.router.application.Answers.MessageAnswer;
import dev.handoff.router.application.Answers.ParticipantAnswer;
import dev.handoff.router.application.Answers.QueueAnswer;
import dev.handoff.router.application.Answers.QueueListAnswer;
import dev.handoff.router.application.Answers.RoutingAnswer;
import dev.handoff.router.application.Answers.TranscriptAnswer;
import dev.handoff.router.application.Router;
import dev.handoff.router.domain.Metrics;
import dev.handoff.router.domain.Rejection;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * The functions (CONTRACT §1): {@code route}, which takes every type, alone or in an SQS batch, and one per event type
 * that is exported alone ({@link EventType#exportedAlone()}; Funqy needs a method per function, and
 * {@code EventTypeTest} keeps these in line with {@link EventType}). Each decodes the event, calls the use case and
 * encodes the answer; a rejection is answered, anything else is thrown so that the platform retries the event.
 */
public class RouterFunctions {
    @Inject
    EventDecoder decoder;

    @Inject
    Router router;

    @Inject
    Metrics metrics;

    /** Takes any event type; also an SQS batch of them, answered with the records to retry. */
    @Funq("route")
    public Object route(Map<String, Object> input) {
        if (SqsBatch.isBatch(input)) {
            return SqsBatch.handle(input, event -> handle(event, null));
        }
        return handle(input, null);
    }

    // The functions that serve one type alone declare their answer type: Jackson serializes by the declared type.

    @Funq("conversation.start")
    public RoutingAnswer start(Map<String, Object> event) {
        return (RoutingAnswer) handle(event, EventType.START);
    }

    @Funq("conversation.escalate")
    public RoutingAnswer escalate(Map<String, Object> event) {
        return (RoutingAnswer) handle(event, EventType.ESCALATE);
    }

    @Funq("conversation.transfer")
    public RoutingAnswer transfer(Map<String, Object> event) {
        return (RoutingAnswer) handle(event, EventType.TRANSFER);
    }

    @Funq("conversation.transfer-to-bot")
    public RoutingAnswer transferToBot(Map<String, Object> event) {
        return (RoutingAnswer) handle(event, EventType.TRANSFER_TO_BOT);
    }

    @Funq("conversation.end")
    public RoutingAnswer end(Map<String, Object> event) {
        return (RoutingAnswer) handle(event, EventType.END);
    }

    @Funq("conversation.accept")
    public RoutingAnswer accept(Map<String, Object> event) {
        return (RoutingAnswer) handle(event, EventType.ACCEPT);
    }

    @Funq("conversation.decline")
    public RoutingAnswer decline(Map<String, Object> event) {
        return (RoutingAnswer) handle(event, EventType.DECLINE);
    }

    @Funq("participant.wrap-up-done")
    public RoutingAnswer wrapUpDone(Map<String, Object> event) {
        return (RoutingAnswer) handle(event, EventType.PARTICIPANT_WRAP_UP_DONE);
    }

    @Funq("queue.upsert")
    public AdminAnswer upsertQueue(Map<String, Object> event) {
        return (AdminAnswer) handle(event, EventType.QUEUE_UPSERT);
    }

    @Funq("participant.upsert")
    public AdminAnswer upsertParticipant(Map<String, Object> event) {
        return (AdminAnswer) handle(event, EventType.PARTICIPANT_UPSERT);
    }

    @Funq("participant.presence")
    public AdminAnswer changePresence(Map<String, Object> event) {
        return (AdminAnswer) handle(event, EventType.PARTICIPANT_PRESENCE);
    }

    @Funq("channel.upsert")
    public AdminAnswer upsertChannel(Map<String, Object> event) {
        return (AdminAnswer) handle(event, EventType.CHANNEL_UPSERT);
    }

    @Funq("conversation.get")
    public ConversationView getConversation(Map<String, Object> event) {
        return (ConversationView) handle(event, EventType.CONVERSATION_GET);
    }

    @Funq("conversation.message")
    public MessageAnswer say(Map<String, Object> event) {
        return (MessageAnswer) handle(event, EventType.MESSAGE);
    }

    @Funq("conversation.transcript")
    public TranscriptAnswer transcript(Map<String, Object> event) {
        return (TranscriptAnswer) handle(event, EventType.TRANSCRIPT);
    }

    @Funq("participant.get")
    public ParticipantAnswer getParticipant(Map<String, Object> event) {
        return (ParticipantAnswer) handle(event, EventType.PARTICIPANT_GET);
    }

    @Funq("queue.get")
    public QueueAnswer getQueue(Map<String, Object> event) {
        return (QueueAnswer) handle(event, EventType.QUEUE_GET);
    }

    @Funq("queue.list")
    public QueueListAnswer listQueues(Map<String, Object> event) {
        return (QueueListAnswer) handle(event, EventType.QUEUE_LIST);
    }

    private Answer handle(Map<String, Object> event, EventType onlyType) {
        var log = EventLog.start(metrics);
        Answer answer;
        try {
            var decoded = decoder.decode(event, onlyType);
            answer = router.handle(decoded.context(), decoded.command());
        } catch (Rejection rejection) {
            answer = rejected(event, onlyType, rejection);
        } catch (RuntimeException transientFault) {
            log.failed(event, transientFault);
            throw transientFault;
        }
        log.answered(event, answer);
        return answer;
    }

    /** A rejection in the shape of the answer of the function's type, or, for {@code route}, of the event's type. */
    private static Answer rejected(Map<String, Object> event, EventType onlyType, Rejection rejection) {
        EventType.AnswerShape shape = onlyType != null ? onlyType.answer()
                : EventType.fromWire(text(event, "type")).map(EventType::answer)
                        .orElse(EventType.AnswerShape.ROUTING);
        String subjectId = event != null && event.get("data") instanceof Map<?, ?> data
                && data.get(shape.subjectField()) instanceof String id ? id : null;
        return shape.rejected(text(event, "id"), subjectId, ContractFields.error(rejection));
    }

    private static String text(Map<String, Object> event, String key) {
        return event != null && event.get(key) instanceof String value ? value : null;
    }
}
