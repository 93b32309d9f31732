package dev.handoff.router.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A record per admin event (queue and participant changes), claimed before the event's work and completed with its
 * answer after it: the Powertools idempotency pattern. Conversation events do not use it: they keep their record on
 * the conversation they change, in the same write, which saves two calls per event.
 */
public interface EventLedger {

    /**
     * Claims the event for this delivery: succeeds when there is no record, or the record expired (older than
     * {@link EventRecord#REMEMBERED}), or its in-progress lease ran out (the delivery holding it died).
     *
     * @param attempt names this delivery: only it may complete or drop the record it claims
     * @return empty when claimed; else the record another delivery left
     */
    Optional<Entry> begin(String eventKey, String attempt, String bodyHash, Instant now, Duration lease);

    /**
     * Marks the event done, with what it handed out, if this attempt still holds its record (a delivery whose lease
     * ran out and was taken over leaves the record to the one that took it).
     */
    void complete(String eventKey, String attempt, List<Handout> assigned);

    /**
     * Drops this attempt's in-progress record: the event was rejected (it must leave nothing) or failed, so that a retry
     * runs at once.
     */
    void forget(String eventKey, String attempt);

    /** The record of an admin event. */
    record Entry(String bodyHash, boolean completed, List<Handout> assigned) {
    }
}
