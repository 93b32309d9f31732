package dev.handoff.router.domain;

import java.time.Instant;

/**
 * A transfer to one named representative who had no room: the conversation waits in its queue's line for that one
 * alone until {@code until}, then for anyone of the queue.
 */
public record NamedWait(String participantId, Instant until) {
    /** The longest a transfer may wait for one named representative. */
    public static final int MAX_WAIT_SECONDS = 3600;
}
