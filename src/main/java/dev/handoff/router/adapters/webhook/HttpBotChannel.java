package dev.handoff.router.adapters.webhook;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.handoff.router.config.RouterConfig;
import dev.handoff.router.domain.BotChannel;
import dev.handoff.router.domain.NoticeChannel;
import dev.handoff.router.domain.WebhookUrls;
import dev.handoff.router.domain.Webhook;
import io.smallrye.faulttolerance.api.TypedGuard;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Calls bots, and posts notices to channels and desks: one {@link SignedPost} per attempt, retried on transient
 * failures by SmallRye Fault Tolerance (exponential backoff with jitter) under the same {@code webhook-id}.
 */
@ApplicationScoped
public class HttpBotChannel implements BotChannel, NoticeChannel {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Logger LOG = Logger.getLogger(HttpBotChannel.class);

    private final SignedPost post;
    private final int maxAttempts;
    private final TypedGuard<CallResult> retries;

    public HttpBotChannel(RouterConfig config, WebhookUrls urls, Clock clock) {
        var settings = config.webhook();
        this.post = new SignedPost(settings.connectTimeout(), settings.callTimeout(), urls, clock);
        int maxRetries = settings.maxRetries();
        this.maxAttempts = maxRetries + 1;
        Duration retryDelay = settings.retryDelay();
        this.retries = TypedGuard.create(CallResult.class)
                .withDescription("webhook call")
                .withRetry()
                .maxRetries(maxRetries)
                .delay(retryDelay.toMillis(), ChronoUnit.MILLIS)
                .jitter(retryDelay.toMillis() / 2, ChronoUnit.MILLIS)
                .withExponentialBackoff().factor(2).maxDelay(retryDelay.toMillis() * 8, ChronoUnit.MILLIS).done()
                .whenResult(result -> ((CallResult) result).status() == Status.TRANSIENT)
                .done()
                .build();
    }

    @Override
    public CallResult call(String participantId, Webhook webhook, String webhookId, Map<String, Object> activity) {
        return send("bot " + participantId, webhook, webhookId, activity, true);
    }

    @Override
    public CallResult post(String recipient, Webhook webhook, String webhookId, Map<String, Object> notice) {
        return send(recipient, webhook, webhookId, notice, false);
    }

    private CallResult send(String recipient, Webhook webhook, String webhookId, Map<String, Object> payload,
            boolean readReplies) {
        String body = json(payload);
        var last = new AtomicReference<CallResult>();
        var attempts = new AtomicInteger();
        try {
            return retries.get(() -> {
                CallResult result = post.attempt(webhook, webhookId, body, readReplies);
                int attempt = attempts.incrementAndGet();
                if (!result.ok()) {
                    // The host, never the URL's path or query (they may carry a token), nor the signature or body.
                    LOG.warnf("%s call %s to %s failed: %s (attempt %d of %d)", recipient, webhookId,
                            host(webhook.url()), result.failure(), attempt, maxAttempts);
                }
                last.set(result);
                return result;
            });
        } catch (FaultToleranceException retriesExhausted) {
            return last.get(); // still transient after the last retry: the caller falls back to another bot
        }
    }

    /** The body of a call: an activity or a notice, plain data. */
    static String json(Map<String, Object> payload) {
        try {
            return JSON.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an activity is plain data and always serializes", e);
        }
    }

    private static String host(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException notAUrl) {
            return "(not a URL)";
        }
    }
}
