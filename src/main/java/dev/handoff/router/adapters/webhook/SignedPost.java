package dev.handoff.router.adapters.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.handoff.router.domain.BotChannel.CallResult;
import dev.handoff.router.domain.BotChannel.Status;
import dev.handoff.router.domain.WebhookUrls;
import dev.handoff.router.domain.Webhook;

/**
 * One attempt of a bot call with the JDK client: checked against the URL policy first, signed with a fresh timestamp,
 * bounded by the client's own connect and whole-call timeouts, and classified: delivered, transient, permanent, gone.
 * A bot's 2xx answer is read by {@link BotReplies}; a channel's or a desk's is not read.
 */
final class SignedPost {

    private final HttpClient client;
    private final Duration callTimeout;
    private final WebhookUrls urls;
    private final Clock clock;

    SignedPost(Duration connectTimeout, Duration callTimeout, WebhookUrls urls, Clock clock) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect could lead past the URL policy
                .build();
        this.callTimeout = callTimeout;
        this.urls = urls;
        this.clock = clock;
    }

    /** @param readReplies whether the answer carries replies (a bot's) */
    CallResult attempt(Webhook webhook, String webhookId, String body, boolean readReplies) {
        var refusal = urls.refusal(webhook.url());
        if (refusal.isPresent()) {
            return CallResult.failed(Status.PERMANENT, "URL refused: " + refusal.get());
        }
        long timestamp = clock.instant().getEpochSecond();
        var request = HttpRequest.newBuilder(URI.create(webhook.url()))
                .timeout(callTimeout)
                .header("content-type", "application/json")
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSigner.sign(webhook.secret(), webhookId, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status / 100 == 2) {
                if (!readReplies) {
                    return CallResult.delivered(java.util.List.of());
                }
                var read = BotReplies.read(response.body());
                return CallResult.delivered(read.texts(), read.signals());
            }
            if (status == 410) {
                return CallResult.failed(Status.GONE, "HTTP 410");
            }
            boolean transientStatus = status >= 500 || status == 408 || status == 429;
            return CallResult.failed(transientStatus ? Status.TRANSIENT : Status.PERMANENT, "HTTP " + status);
        } catch (IOException e) {
            return CallResult.failed(Status.TRANSIENT, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CallResult.failed(Status.PERMANENT, "interrupted");
        }
    }
}
