package dev.handoff.router.domain;

/**
 * The webhook calls still owed to a bot that received the conversation, written with the assignment so that a crash
 * before the calls is finished by a retry of the event instead of being lost.
 *
 * @param eventKey        the event whose answer carries the greeting; also seeds the calls' fixed webhook ids
 * @param transferredFrom who handed the conversation on; null for a new conversation
 */
public record PendingDelivery(String participantId, String eventKey, String eventId, String queueId,
        Assignee transferredFrom) {
}
