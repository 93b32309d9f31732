package dev.handoff.router.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * A call a conversation owes the outside, written in the same conditional write as the change that owes it (the
 * outbox). The step that wrote it makes it right after; anyone else (a repeat of the event, the sweeper) only once the
 * lease from {@code owedSince} has passed.
 *
 * @param seq orders the outbox of one conversation, and names the call (its webhook id derives from it)
 */
public record Owed(long seq, Instant owedSince, Call call) {

    public boolean abandoned(Instant now, Duration lease) {
        return !owedSince.plus(lease).isAfter(now);
    }

    /** What is owed. */
    public sealed interface Call permits MessageToBot {
    }

    /**
     * A customer's message to the bot that held the conversation when it was said: the message activity, whose replies
     * are kept only while that bot still holds it with the same claim (the fence), at the sequences reserved for them.
     *
     * @param claimToken the claim the bot held the conversation by when the message was said
     * @param sequence   the message's own sequence in the transcript; the {@link Conversation#REPLIES_RESERVED}
     *                   after it are reserved for the bot's replies
     * @param eventKey   the event that said it (its answer carries the replies); {@code eventId} its id
     */
    public record MessageToBot(String participantId, String claimToken, long sequence, String text, Instant at,
            String eventKey, String eventId) implements Call {
    }
}
