package dev.handoff.router.domain;

import java.util.Map;

/**
 * The port to the webhooks that are told what happens in a conversation: customers' channels and representatives'
 * desks (CONTRACT §3b, §3c). Their answers carry nothing the router reads.
 */
public interface NoticeChannel {

    /**
     * POSTs one notice, signed with the webhook's secret under a fixed {@code webhookId}, retrying transient failures
     * (with the same id) within the configured bounds.
     *
     * @param recipient the channel or participant told, named in what is logged of a failed attempt
     * @return how the call ended: a notice not delivered stays owed
     */
    BotChannel.CallResult post(String recipient, Webhook webhook, String webhookId, Map<String, Object> notice);
}
