package dev.handoff.router.domain;

import java.util.Map;

/**
 * A queue and the participants that serve it. The member list lives on the queue's item so that routing finds every
 * candidate with one read.
 *
 * @param unitsPerConversation capacity units a conversation of this queue takes from its assignee
 * @param members              participant id to kind, maintained by {@code participant.upsert}
 */
public record Queue(String id, String name, int unitsPerConversation, Map<String, ParticipantKind> members) {
    public Queue {
        members = Map.copyOf(members);
    }
}
