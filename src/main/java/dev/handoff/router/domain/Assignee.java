package dev.handoff.router.domain;

/**
 * Who holds a conversation, and the claim on that participant that pays for it.
 *
 * @param units capacity units the claim holds, released with it
 * @param claimToken the token of that claim
 */
public record Assignee(String participantId, ParticipantKind kind, int units, String claimToken) {
}
