package dev.handoff.router.functions;

import dev.handoff.router.application.Answers.Error;
import dev.handoff.router.domain.Rejection;
import dev.handoff.router.domain.Subject;

/** The contract's field names for what a use case rejects (CONTRACT §2: a rejection's message names the field). */
final class ContractFields {
    private ContractFields() {
    }

    static String fieldOf(Subject subject) {
        return switch (subject) {
            case EVENT -> "id";
            case CONVERSATION -> "data.conversationId";
            case REQUESTER -> "data.requestedBy";
            case SPEAKER -> "data.from";
            case QUEUE -> "data.queueId";
            case TARGET_QUEUE -> "data.targetQueueId";
            case TARGET_PARTICIPANT -> "data.targetParticipantId";
            case PARTICIPANT -> "data.participantId";
            case PARTICIPANT_QUEUES -> "data.queues";
            case WEBHOOK_URL -> "data.webhook.url";
            case OVERFLOW -> "data.overflow";
        };
    }

    /** The answer's error: the code, and the reason behind the field it is about. */
    static Error error(Rejection rejection) {
        String message = rejection.subject() == null ? rejection.reason()
                : fieldOf(rejection.subject()) + ": " + rejection.reason();
        return new Error(rejection.code().wire(), message);
    }
}
