package dev.handoff.router.domain;

/**
 * Who holds a conversation, and the claim on that participant that pays for it.
 *
 * @param units         capacity units the claim holds, released with it
 * @param claimToken    the token of that claim
 * @param desk          whether the holder is a representative whose desk webhook is told what happens in the
 *                      conversation (CONTRACT §3c); decided when it is claimed
 * @param wrapUpSeconds for a representative: how long the claim stays held for wrap-up once it lets the conversation
 *                      go (its queue's {@link Queue#wrapUpSeconds} when it was claimed); 0: it is freed at once
 */
public record Assignee(String participantId, ParticipantKind kind, int units, String claimToken, boolean desk,
        int wrapUpSeconds) {

    /** A holder without a desk to tell: a bot, or a representative without a webhook. */
    public Assignee(String participantId, ParticipantKind kind, int units, String claimToken) {
        this(participantId, kind, units, claimToken, false);
    }

    /** A holder whose claim is freed as soon as it lets the conversation go. */
    public Assignee(String participantId, ParticipantKind kind, int units, String claimToken, boolean desk) {
        this(participantId, kind, units, claimToken, desk, 0);
    }

    /** Whether this holder and {@code other} are the same participant holding by the same claim. */
    public boolean sameClaim(Assignee other) {
        return other != null && participantId.equals(other.participantId) && claimToken.equals(other.claimToken);
    }
}
