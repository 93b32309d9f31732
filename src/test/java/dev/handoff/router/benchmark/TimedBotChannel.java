package dev.handoff.router.benchmark;

import java.util.Map;

import dev.handoff.router.domain.BotChannel;
import dev.handoff.router.domain.Webhook;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

/**
 * Times each bot webhook call on the measuring thread, so that the benchmark can tell the router's own time from the
 * time spent waiting for bots. Passes every call through unchanged, and records nothing on a thread that is not
 * measuring (it decorates the bot channel in every test, where it does nothing).
 */
@Decorator
@Priority(1)
public abstract class TimedBotChannel implements BotChannel {
    @Inject
    @Delegate
    @Any
    BotChannel delegate;

    @Override
    public CallResult call(String participantId, Webhook webhook, String webhookId, Map<String, Object> activity) {
        return ThreadTally.timedWebhookCall(() -> delegate.call(participantId, webhook, webhookId, activity));
    }
}
