package dev.handoff.router.domain;

import java.time.Instant;

/** Something a bot answered, kept in order on the conversation. */
public record Message(Instant at, String participantId, String text) {
}
