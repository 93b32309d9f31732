package dev.handoff.router.domain;

import java.time.Instant;

/**
 * One step of a conversation's history (CONTRACT §2).
 *
 * @param event one of started, assigned, waiting, escalated, transferred, disconnected, bot-notified, greeted,
 *              delivery-failed, ended
 * @param from  for transfers and escalations: who handed it on; else null
 */
public record TimelineEntry(Instant at, String event, String eventId, String queueId, String participantId,
        String from) {
}
