package dev.handoff.router.domain;

/**
 * Who holds a conversation, and the claim on that participant that pays for it.
 *
 * @param units      capacity units the claim holds, released with it
 * @param claimToken the token of that claim
 * @param desk       whether the holder is a representative whose desk webhook is told what happens in the
 *                   conversation (CONTRACT §3c); decided when it is claimed
 */
public record Assignee(String participantId, ParticipantKind kind, int units, String claimToken, boolean desk) {

    /** A holder without a desk to tell: a bot, or a representative without a webhook. */
    public Assignee(String participantId, ParticipantKind kind, int units, String claimToken) {
        this(participantId, kind, units, claimToken, false);
    }
}
