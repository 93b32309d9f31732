package dev.handoff.router.domain;

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
     * the participant is still available, of the same kind and capacity, has room for the claim's units and does not
     * hold the conversation already, and that its webhook was not found gone ({@link #disableWebhook}).
     *
     * @return the participant just after the claim ({@link Participant#afterClaim}); empty when the condition failed (a
     *         lost race or a changed participant): nothing was written then
     * @throws ItemFull when its item cannot record one more claim; nothing was written then
     */
    Optional<Participant> claim(Participant seen, String conversationId, Claim claim);

    /**
     * Gives back the capacity of the claim {@code token} for a conversation, if it is still held with those units
     * (callers pass the units recorded with the claim, on the {@link Assignee}).
     *
     * @return the participant after the release, or empty when no claim with that token and units was held (already
     *         released)
     */
    Optional<Participant> release(String participantId, String conversationId, String claimToken, int units);

    /**
     * Creates or replaces a participant's settings, keeping its load and assignments.
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

    /** The bot's webhook answered 410 Gone: presence alone does not bring it back into routing. */
    final class WebhookGone extends RuntimeException {
        public WebhookGone(String participantId) {
            super("webhook gone: " + participantId, null, false, false);
        }
    }

    /**
     * The participant's item cannot record one more claim: its claims live on it, and DynamoDB keeps an item under
     * 400 KB (some thousands of open conversations, fewer with long ids). It takes nothing more until it releases some,
     * whatever capacity it declares.
     */
    final class ItemFull extends RuntimeException {
        public ItemFull(String participantId) {
            super("participant item full: " + participantId, null, false, false);
        }
    }

    /** A participant after {@code participant.upsert}, and the queues it left. */
    record Upserted(Participant participant, List<String> previousQueues) {
    }
}
