package dev.handoff.router.adapters.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.handoff.router.domain.BotChannel.CallResult;
import dev.handoff.router.domain.BotChannel.Status;
import dev.handoff.router.domain.WebhookUrls;
import dev.handoff.router.domain.Webhook;

/**
 * One attempt of a bot call with the JDK client: checked against the URL policy first, signed with a fresh timestamp,
 * bounded by the client's own connect and whole-call timeouts, and classified: delivered, transient, permanent, gone.
 * A 2xx answer's {@code activities[].text} of type {@code message} are the bot's replies.
 */
final class SignedPost {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REPLY_LENGTH = 4000;

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

    CallResult attempt(Webhook webhook, String webhookId, String body) {
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
                return CallResult.delivered(replies(response.body()));
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

    /** The texts of the message activities in a bot's answer; an empty or foreign body has none. */
    static List<String> replies(String body) {
        var texts = new ArrayList<String>();
        if (body == null || body.isBlank()) {
            return texts;
        }
        try {
            JsonNode activities = JSON.readTree(body).path("activities");
            for (JsonNode activity : activities) {
                if ("message".equals(activity.path("type").asText()) && activity.path("text").isTextual()) {
                    String text = activity.path("text").asText();
                    texts.add(text.length() > MAX_REPLY_LENGTH ? text.substring(0, MAX_REPLY_LENGTH) : text);
                }
            }
        } catch (JsonProcessingException e) {
            // A 2xx with a body that is not JSON still counts as delivered; it just carries no replies.
        }
        return texts;
    }
}
