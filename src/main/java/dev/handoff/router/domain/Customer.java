package dev.handoff.router.domain;

/** The customer a conversation is with; {@code name} may be null. */
public record Customer(String id, String name) {
}
