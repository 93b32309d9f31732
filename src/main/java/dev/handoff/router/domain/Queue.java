package dev.handoff.router.domain;

/**
 * A queue's settings. Who serves it is in the {@link MemberStore}, one entry per member, so the queue's item stays the
 * same size however many members it has.
 *
 * @param unitsPerConversation capacity units a conversation of this queue takes from its assignee
 */
public record Queue(String id, String name, int unitsPerConversation) {
}
