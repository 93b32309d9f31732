package dev.handoff.router.domain;

import java.time.Instant;

/**
 * A representative's after-contact work on a conversation it let go (ended, or handed on): its claim stays held until
 * it says it is done ({@code participant.wrap-up-done}) or {@code until} passes, then it is freed and its room offered
 * to the lines it serves.
 *
 * @param holder who wraps up, by the claim it held the conversation by
 * @param since  when it let the conversation go
 */
public record WrapUp(Assignee holder, Instant since, Instant until) {

    /** The wrap-up of {@code holder}, which lets its conversation go at {@code now}: as long as its claim says. */
    public static WrapUp of(Assignee holder, Instant now) {
        return new WrapUp(holder, now, now.plusSeconds(holder.wrapUpSeconds()));
    }

    public boolean dueBy(Instant now) {
        return !until.isAfter(now);
    }
}
