package dev.handoff.router.domain;

/** A bot's first message after it received a conversation. */
public record Greeting(String participantId, String text) {
}
