package dev.handoff.router.domain;

/**
 * The webhook calls still owed to a bot that received the conversation, written with the assignment so that a crash
 * before the calls is finished by a retry of the event instead of being lost.
 *
 * @param eventKey        the event whose answer carries the greeting; also seeds the calls' fixed webhook ids
 * @param transferredFrom who handed the conversation on; null for a new conversation
 * @param owedSince       when the assignment was committed; the step that committed it delivers, and anyone else
 *                        (a repeat of the event, the sweeper) only once a lease from here has passed
 * @param firstReply      the first of the transcript sequences reserved for the bot's replies (its greeting)
 */
public record PendingDelivery(String participantId, String eventKey, String eventId, String queueId,
        Assignee transferredFrom, java.time.Instant owedSince, long firstReply) {

    /** Whether the step that owed this delivery is presumed dead, so that someone else should deliver. */
    public boolean abandoned(java.time.Instant now, java.time.Duration lease) {
        return !owedSince.plus(lease).isAfter(now);
    }
}
