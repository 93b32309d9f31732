package dev.handoff.router.application;

import java.time.Instant;

/**
 * What every use case knows of the event it handles.
 *
 * @param key      stable key of {@code source} + {@code id}: the idempotency key, also the token of claims it makes
 * @param bodyHash hash of the whole event; the same key with another hash is {@code id_reused}
 * @param now      the time the router handles it (not the event's own {@code time})
 */
public record EventContext(String key, String eventId, String source, String bodyHash, Instant now) {
}
