package dev.handoff.router.domain;

/**
 * What a {@link Rejection} is about, in the router's own words. The edge turns each into the contract's field name
 * ({@code data.conversationId}, say), so that the use cases never speak JSON paths.
 */
public enum Subject {
    /** The event itself (its source and id). */
    EVENT,
    /** The conversation the event names. */
    CONVERSATION,
    /** Who asked for the change. */
    REQUESTER,
    /** Who said a message. */
    SPEAKER,
    /** The queue a new conversation starts in. */
    QUEUE,
    /** The queue a hand-on names. */
    TARGET_QUEUE,
    /** The participant a hand-on names. */
    TARGET_PARTICIPANT,
    /** The participant an admin event names. */
    PARTICIPANT,
    /** The queues a participant serves. */
    PARTICIPANT_QUEUES,
    /** A queue's overflow rules. */
    OVERFLOW,
    /** The URL of a webhook being registered (a participant's or a channel's). */
    WEBHOOK_URL
}
