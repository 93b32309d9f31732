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
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.handoff.router.application.BotChannel;
import dev.handoff.router.domain.Webhook;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Calls bots over HTTP with the JDK client: one signed POST per activity, bounded by a connect and a whole-call
 * timeout. A 2xx answer's {@code activities[].text} of type {@code message} are the bot's replies.
 */
@ApplicationScoped
public class HttpBotChannel implements BotChannel {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final Duration callTimeout;
    private final Clock clock;

    public HttpBotChannel(@ConfigProperty(name = "router.webhook.connect-timeout") Duration connectTimeout,
            @ConfigProperty(name = "router.webhook.call-timeout") Duration callTimeout, Clock clock) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.callTimeout = callTimeout;
        this.clock = clock;
    }

    @Override
    public CallResult call(Webhook webhook, String webhookId, Map<String, Object> activity) {
        String body;
        try {
            body = JSON.writeValueAsString(activity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an activity is plain data and always serializes", e);
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
            if (response.statusCode() / 100 != 2) {
                return CallResult.failed("HTTP " + response.statusCode());
            }
            return CallResult.ok(replies(response.body()));
        } catch (IOException e) {
            return CallResult.failed(e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CallResult.failed("interrupted");
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
                    texts.add(text.length() > 4000 ? text.substring(0, 4000) : text);
                }
            }
        } catch (JsonProcessingException e) {
            // A 2xx with a body that is not JSON still counts as delivered; it just carries no replies.
        }
        return texts;
    }
}
