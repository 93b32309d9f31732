package dev.handoff.router.benchmark;

import java.util.Map;

import dev.handoff.router.domain.BotChannel.CallResult;
import dev.handoff.router.domain.NoticeChannel;
import dev.handoff.router.domain.Webhook;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

/**
 * Times each notice posted to a channel or a desk on the measuring thread, as {@link TimedBotChannel} times bot calls:
 * waiting for a webhook is not the router's own time.
 */
@Decorator
@Priority(1)
public abstract class TimedNoticeChannel implements NoticeChannel {
    @Inject
    @Delegate
    @Any
    NoticeChannel delegate;

    @Override
    public CallResult post(String recipient, Webhook webhook, String webhookId, Map<String, Object> notice) {
        return ThreadTally.timedWebhookCall(() -> delegate.post(recipient, webhook, webhookId, notice));
    }
}
