package dev.handoff.router.domain;

/**
 * A waiting conversation that a change handed to a participant with room: what an admin answer lists, and what an
 * admin event's record keeps so that a repeat answers the same.
 */
public record Handout(String conversationId, String participantId, ParticipantKind kind) {

    public static Handout of(Conversation conversation) {
        Assignee holder = conversation.assignee();
        return new Handout(conversation.id(), holder.participantId(), holder.kind());
    }
}
