package dev.handoff.router.domain;

/**
 * A customer's channel (a web chat, a messaging connector) that registered a webhook: everything the customer should
 * see of its conversations is posted there (CONTRACT §3b).
 */
public record Channel(String id, Webhook webhook) {
}
