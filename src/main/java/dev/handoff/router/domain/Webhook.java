package dev.handoff.router.domain;

/** Where a bot is told about conversations, and the Standard Webhooks secret ({@code whsec_…}) its calls are signed with. */
public record Webhook(String url, String secret) {
    @Override
    public String toString() {
        return "Webhook[url=" + url + ", secret=<hidden>]";
    }
}
