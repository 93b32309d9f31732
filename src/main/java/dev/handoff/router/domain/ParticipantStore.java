package dev.handoff.router.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Participants and the capacity they hold. Capacity moves only through {@link #claim} and {@link #release}. */
public interface ParticipantStore {

    /** Strongly consistent reads of the participants that exist among {@code ids}. */
    List<Participant> findAll(Collection<String> ids);

    Optional<Participant> find(String participantId);

    /** Every participant, read consistently page by page (the sweeper's walk; participants are few). */
    List<Participant> findEveryone();

    /**
     * Claims capacity for a conversation in one conditional write that checks, against the state {@code seen}, that
     * the participant is still available, of the same kind and capacity, has room for the claim's units and is not
     * making a claim for the conversation already, and that its webhook was not found gone ({@link #disableWebhook}).
     * The claim stays on the participant ({@link Participant#unsettled}) until {@link #settle}d.
     *
     * @return the participant just after the claim ({@link Participant#afterClaim}); empty when the condition failed (a
     *         lost race or a changed participant): nothing was written then
     * @throws ItemFull when its item cannot record one more claim; nothing was written then
     */
    Optional<Participant> claim(Participant seen, String conversationId, Claim claim);

    /**
     * A claim in an exchange: as {@link #claim}, on a participant that is about to give back {@code givesBack} units
     * (a conversation it holds goes to another in the same exchange), so it may go that far past its room for a moment;
     * only while the participant is exactly as {@code seen} (its revision, which every change of its room moves), so
     * that the units it is to give back are still held.
     */
    Optional<Participant> claimInExchange(Participant seen, String conversationId, Claim claim, int givesBack);

    /**
     * Moves a claim from the participant to an item of its own, once the conversation holds it: two writes of about
     * one unit each, whatever the participant holds. Repeating it does nothing more; a claim released meanwhile is not
     * brought back.
     *
     * @return whether the claim is now settled (false when it was released, or the participant holds the
     *         conversation by another claim still, whose release comes first: the sweeper settles it then)
     */
    boolean settle(String participantId, String conversationId, Claim claim);

    /**
     * Records on the participant that a release of a claim is coming, before the write that disconnects its holder:
     * should the step die after that write, the sweeper finds the mark and finishes the release; should the write
     * lose, the step {@link #unmark}s it. Each mark has an owner of its own, so marks of concurrent releases of one
     * claim do not block each other: only one of them gives the units back ({@link #release(ReleaseMark)}).
     *
     * @return the mark; empty when there is no such participant
     */
    Optional<ReleaseMark> markRelease(String participantId, String conversationId, String claimToken, int units);

    /**
     * Gives back the capacity of a marked claim, settled or not, if it is still held with those units (callers pass
     * the units recorded with the claim, on the {@link Assignee}): marks the claim's item released by this mark's
     * owner (so one release only of a claim goes on), then gives the units back and removes the mark in one write.
     * Never gives the units back twice, whatever crashes or repeats; removes the mark when it gives nothing back.
     *
     * @return the participant after the release, or empty when no claim with that token and units was held (already
     *         released), or another release of it took it
     */
    Optional<Participant> release(ReleaseMark mark);

    /** Removes a mark whose release is not coming (the write that would have disconnected the holder lost). */
    void unmark(ReleaseMark mark);

    /** Marks and releases a claim that no conversation write disconnects first (see {@link #release(ReleaseMark)}). */
    default Optional<Participant> release(String participantId, String conversationId, String claimToken,
            int units) {
        return markRelease(participantId, conversationId, claimToken, units).flatMap(this::release);
    }

    /**
     * A page of the claims the participant holds, settled or not, in the order of their conversation ids, after the
     * conversation id {@code after} (null: from the first). The unsettled ones are those of {@code participant} as
     * read.
     */
    HeldPage held(Participant participant, String after, int limit);

    /**
     * Finishes the releases whose marks were made before {@code cutoff} (a lease ago: the step that made them is dead
     * by then): a mark whose claim the conversation still holds is removed (its disconnecting write never landed);
     * the others' releases are finished as their owner would have.
     *
     * @return the participants whose capacity this gave back, as they are after it
     */
    List<Participant> finishReleases(Instant cutoff, StillHeld stillHeld);

    /** Whether a conversation still holds a participant's claim (its holder is that participant, by that token). */
    @FunctionalInterface
    interface StillHeld {
        boolean holds(String conversationId, String participantId, String claimToken);
    }

    /**
     * A release on its way: marked on the participant, by its own owner id.
     */
    record ReleaseMark(String participantId, String conversationId, String claimToken, int units, String owner) {
    }

    /**
     * Creates or replaces a participant's settings, keeping its load and claims.
     *
     * @return the participant after the change (its revision too), and the queues it served before
     */
    Upserted upsert(Participant settings);

    /**
     * Takes a bot whose webhook answered 410 out of routing (presence offline, webhook marked disabled) until an upsert
     * changes it; does nothing if the bot's webhook URL changed meanwhile.
     *
     * @return the participant after the change; empty when nothing changed
     */
    Optional<Participant> disableWebhook(String participantId, String url);

    /**
     * Changes presence of an existing participant; empty when there is no such participant.
     *
     * @throws WebhookGone when asked to make available a bot taken out of routing by {@link #disableWebhook}: only
     *                     an upsert (with a webhook that works) brings it back
     */
    Optional<Participant> changePresence(String participantId, Presence presence);

    /**
     * Counts an offer the participant missed (declined, or let expire) among those it missed in a row: once per offer
     * ({@code offerKey}), however often asked, so that a retried step counts it once.
     *
     * @return the participant as it is now, its {@link Participant#missedOffers} counted; empty when it is gone
     */
    Optional<Participant> missedOffer(String participantId, String offerKey);

    /** It accepted an offer: it missed none in a row now. A presence change or an upsert sets the count back too. */
    void acceptedOffer(String participantId);

    /** The bot's webhook answered 410 Gone: presence alone does not bring it back into routing. */
    final class WebhookGone extends RuntimeException {
        public WebhookGone(String participantId) {
            super("webhook gone: " + participantId, null, false, false);
        }
    }

    /**
     * The participant's item cannot record one more claim in the making: DynamoDB keeps an item under 400 KB, and only
     * claims not yet settled are on it, so this takes some thousands of claims under way at once. It takes nothing
     * more until some settle.
     */
    final class ItemFull extends RuntimeException {
        public ItemFull(String participantId) {
            super("participant item full: " + participantId, null, false, false);
        }
    }

    /** A claim held on a participant for a conversation. */
    record HeldClaim(String participantId, String conversationId, Claim claim) {
    }

    /**
     * @param nextAfter the conversation id to ask the next page after; null when this page is the last
     */
    record HeldPage(List<HeldClaim> claims, String nextAfter) {
    }

    /** A participant after {@code participant.upsert}, and the queues it left. */
    record Upserted(Participant participant, List<String> previousQueues) {
    }
}
