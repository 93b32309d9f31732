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
    public sealed interface Call permits MessageToBot, Notice {
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

    /** Who a notice is for. */
    public enum Audience {
        /** The customer's channel: everything the customer should see (CONTRACT §3b). */
        CHANNEL,
        /** A representative's desk: what it must know of a conversation it holds or held (CONTRACT §3c). */
        DESK
    }

    /** What a notice says; its name in lower case, with hyphens, is its {@code type} on the wire. */
    public enum NoticeType {
        MESSAGE, ASSIGNED, WAITING, ENDED, RELEASED,
        /** To a desk: its representative wraps the conversation up, its capacity held until it is done. */
        WRAP_UP_STARTED,
        /** To a desk: its wrap-up ended (it said it is done, or its time was up), its capacity freed. */
        WRAP_UP_ENDED,
        /** To a desk: its representative is offered the conversation, to accept by a deadline (the notice's text). */
        OFFERED,
        /** To a desk: the offer it did not answer is gone (its text says why: {@code timeout}, {@code ended}). */
        OFFER_EXPIRED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * Something the customer's channel or a representative's desk is told. Notices to one recipient are posted in the
     * order they were owed, each once it is sure the one before it arrived.
     *
     * @param recipient          the channel's id, or the representative's
     * @param sequence           for the channel: the notice's place in the conversation's gap-free numbering of
     *                           channel calls (1, 2, 3…); 0 for a desk
     * @param about              for a message, who said it; for {@code assigned}, the new holder; else null
     * @param text               for a message: what was said; for {@code offered}, its deadline; for {@code
 *                           offer-expired}, why; else null
     * @param transcriptSequence for a message: its place in the transcript; for a desk's {@code assigned}: the last
     *                           place allocated before it (the transcript it is shown ends there); else 0
     */
    public record Notice(Audience audience, String recipient, long sequence, NoticeType type, Instant at,
            Speaker about, String text, long transcriptSequence) implements Call {
    }
}
