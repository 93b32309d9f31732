package dev.handoff.router.domain;

import java.time.Instant;

/** A timer that fired: the conversation whose wait was due, and the time it was set for. */
public record DueTimer(String conversationId, Instant dueAt) {
}
