package dev.handoff.router.functions;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

import dev.handoff.router.application.Answers.AdminAnswer;
import dev.handoff.router.application.Answers.Answer;
import dev.handoff.router.application.Answers.ConversationView;
import dev.handoff.router.application.Answers.Error;
import dev.handoff.router.application.Answers.MessageAnswer;
import dev.handoff.router.application.Answers.ParticipantAnswer;
import dev.handoff.router.application.Answers.QueueAnswer;
import dev.handoff.router.application.Answers.QueueListAnswer;
import dev.handoff.router.application.Answers.RoutingAnswer;
import dev.handoff.router.application.Answers.TranscriptAnswer;
import dev.handoff.router.application.Commands;
import dev.handoff.router.application.Commands.Command;
import dev.handoff.router.domain.Queue;

/**
 * The event types of CONTRACT §1, each declared once: its name, the shape of its answer, whether a function of its name
 * serves it alone ({@code QUARKUS_FUNQY_EXPORT}), and how its {@code data} becomes a command. The command names its use
 * case ({@link Command#runWith}); {@code EventTypeTest} checks that every type exported alone has its {@code @Funq}.
 */
public enum EventType {
    START("conversation.start", AnswerShape.ROUTING, true, data -> new Commands.Start(
            data.optionalId("conversationId"), data.id("queueId"), EventData.customer(data.object("customer")),
            data.optionalString("channel", 64), EventData.context(data),
            data.integer("priority", Queue.MIN_PRIORITY, Queue.MAX_PRIORITY, 0),
            EventData.requiredSkills(data))),
    ESCALATE("conversation.escalate", AnswerShape.ROUTING, true, data -> new Commands.Escalate(
            data.id("conversationId"), data.id("requestedBy"), data.optionalId("targetQueueId"),
            data.optionalString("reason", 1024), EventData.context(data), EventData.priority(data),
            EventData.requiredSkills(data))),
    TRANSFER("conversation.transfer", AnswerShape.ROUTING, true, EventData::transfer),
    TRANSFER_TO_BOT("conversation.transfer-to-bot", AnswerShape.ROUTING, true, EventData::transferToBot),
    END("conversation.end", AnswerShape.ROUTING, true, data -> new Commands.End(
            data.id("conversationId"), data.id("requestedBy"))),
    ACCEPT("conversation.accept", AnswerShape.ROUTING, true, data -> new Commands.AnswerOffer(
            data.id("conversationId"), data.id("participantId"), true)),
    DECLINE("conversation.decline", AnswerShape.ROUTING, true, data -> new Commands.AnswerOffer(
            data.id("conversationId"), data.id("participantId"), false)),
    QUEUE_UPSERT("queue.upsert", AnswerShape.ADMIN, true, EventData::queue),
    PARTICIPANT_UPSERT("participant.upsert", AnswerShape.ADMIN, true, EventData::participant),
    PARTICIPANT_WRAP_UP_DONE("participant.wrap-up-done", AnswerShape.ROUTING, true, data -> new Commands.WrapUpDone(
            data.id("participantId"), data.id("conversationId"))),
    PARTICIPANT_PRESENCE("participant.presence", AnswerShape.ADMIN, true, data -> new Commands.ChangePresence(
            data.id("participantId"), EventData.presence(data, null))),
    CHANNEL_UPSERT("channel.upsert", AnswerShape.ADMIN, true, data -> new Commands.UpsertChannel(
            data.id("channelId"), EventData.webhook(data.object("webhook")))),
    CONVERSATION_GET("conversation.get", AnswerShape.CONVERSATION_VIEW, true, data -> new Commands.GetConversation(
            data.id("conversationId"))),
    MESSAGE("conversation.message", AnswerShape.MESSAGE, true, data -> new Commands.Say(
            data.id("conversationId"), data.string("from", 256), EventData.text(data))),
    TRANSCRIPT("conversation.transcript", AnswerShape.TRANSCRIPT, true, data -> new Commands.GetTranscript(
            data.id("conversationId"), data.integer("after", 0, Integer.MAX_VALUE, 0),
            data.integer("limit", 1, 100, 50))),
    PARTICIPANT_GET("participant.get", AnswerShape.PARTICIPANT, true, data -> new Commands.GetParticipant(
            data.id("participantId"), data.optionalId("after"), data.integer("limit", 1, 100, 50))),
    QUEUE_GET("queue.get", AnswerShape.QUEUE, true, data -> new Commands.GetQueue(
            data.id("queueId"), data.optionalId("after"), data.integer("limit", 1, 100, 50))),
    QUEUE_LIST("queue.list", AnswerShape.QUEUE_LIST, true, data -> new Commands.ListQueues(
            data.optionalId("after"), data.integer("limit", 1, 100, 50)));

    private final String wire;
    private final AnswerShape answer;
    private final boolean exportedAlone;
    private final Function<Fields, Command> decoding;

    EventType(String wire, AnswerShape answer, boolean exportedAlone, Function<Fields, Command> decoding) {
        this.wire = wire;
        this.answer = answer;
        this.exportedAlone = exportedAlone;
        this.decoding = decoding;
    }

    /** The name in the event's {@code type}, and of the function that serves this type alone. */
    public String wire() {
        return wire;
    }

    public AnswerShape answer() {
        return answer;
    }

    public boolean exportedAlone() {
        return exportedAlone;
    }

    /** The command of an event of this type, or a rejection naming the field of {@code data} that is wrong. */
    Command decode(Fields data) {
        return decoding.apply(data);
    }

    public static Optional<EventType> fromWire(String type) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(type)).findFirst();
    }

    /** The kinds of answer (CONTRACT §2); a rejected event is answered in the shape of its type's answer. */
    public enum AnswerShape {
        ROUTING(RoutingAnswer.class),
        ADMIN(AdminAnswer.class),
        CONVERSATION_VIEW(ConversationView.class),
        MESSAGE(MessageAnswer.class),
        TRANSCRIPT(TranscriptAnswer.class),
        PARTICIPANT(ParticipantAnswer.class),
        QUEUE(QueueAnswer.class),
        QUEUE_LIST(QueueListAnswer.class);

        private final Class<? extends Answer> type;

        AnswerShape(Class<? extends Answer> type) {
            this.type = type;
        }

        /** The answer's class: what a function serving this type alone declares it returns. */
        public Class<? extends Answer> type() {
            return type;
        }

        /** The field of {@code data} that a rejected answer of this shape names its subject by. */
        String subjectField() {
            return switch (this) {
                case PARTICIPANT -> "participantId";
                case QUEUE, QUEUE_LIST -> "queueId";
                default -> "conversationId";
            };
        }

        /** @param subjectId the value of {@link #subjectField()} in the event's {@code data}, if a string */
        Answer rejected(String eventId, String subjectId, Error error) {
            return switch (this) {
                case ROUTING -> RoutingAnswer.rejected(eventId, subjectId, error);
                case ADMIN -> AdminAnswer.rejected(eventId, error);
                case CONVERSATION_VIEW -> ConversationView.rejected(eventId, subjectId, error);
                case MESSAGE -> MessageAnswer.rejected(eventId, subjectId, error);
                case TRANSCRIPT -> TranscriptAnswer.rejected(eventId, subjectId, error);
                case PARTICIPANT -> ParticipantAnswer.rejected(eventId, subjectId, error);
                case QUEUE -> QueueAnswer.rejected(eventId, subjectId, error);
                case QUEUE_LIST -> QueueListAnswer.rejected(eventId, error);
            };
        }
    }
}
