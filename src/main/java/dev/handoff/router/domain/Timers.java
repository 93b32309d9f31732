package dev.handoff.router.domain;

import java.time.Instant;

/**
 * Timers that fire when a waiting conversation falls due ({@link Conversation#dueAt}), with no event arriving. Set
 * after the write that made the wait due, so a timer lost in a crash between the two is made up by the sweeper, which
 * reads the due waits from the store. A timer fires at least once, near its time (perhaps early, when the mechanism
 * cannot wait that long at once, or twice): what it fires re-reads the conversation and acts only on a wait still due
 * then.
 */
public interface Timers {

    /** Fires a {@link DueTimer} for {@code conversationId} at {@code dueAt} (at once when that has passed). */
    void set(String conversationId, Instant dueAt);
}
