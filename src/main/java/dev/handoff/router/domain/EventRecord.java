package dev.handoff.router.domain;

import java.time.Instant;

/**
 * The trace an event leaves on the conversation it changed, written in the same conditional write as the change: a
 * repeat of the same {@code source} + {@code id} finds it and gets the same answer.
 *
 * @param bodyHash hash of the event's canonical JSON; a repeat with another body is {@code id_reused}
 * @param at       when it was handled; repeats are recognised for {@link #REMEMBERED} after it
 * @param released the holder the event disconnected, whose claim it released after this write; a repeat of the event
 *                 releases it again (a no-op once done), which finishes a release that a crash cut short
 */
public record EventRecord(String eventId, String bodyHash, Instant at, Outcome outcome, Assignee released) {
    /** How long a repeat of an event is answered as a duplicate (CONTRACT §1). */
    public static final java.time.Duration REMEMBERED = java.time.Duration.ofHours(48);

    public boolean remembered(Instant now) {
        return at.plus(REMEMBERED).isAfter(now);
    }

    public EventRecord withReleased(Assignee holder) {
        return new EventRecord(eventId, bodyHash, at, outcome, holder);
    }

    public EventRecord withOutcome(Outcome newOutcome) {
        return new EventRecord(eventId, bodyHash, at, newOutcome, released);
    }
}
