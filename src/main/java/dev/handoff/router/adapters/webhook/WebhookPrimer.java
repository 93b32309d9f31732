package dev.handoff.router.adapters.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.handoff.router.snapstart.Primer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Primes what a bot call needs before its HTTP request: the JSON of an activity, the Standard Webhooks signature
 * (HMAC-SHA256 through the reference library, keyed by a fixed throwaway secret: nothing it signs is sent, and
 * nothing random is drawn into the snapshot, which every restored instance would share) and the reading of a bot's
 * answer. Sends nothing: the bots are the customers', and no call may leave before an event asks for it.
 */
@ApplicationScoped
public class WebhookPrimer implements Primer {
    private static final String THROWAWAY_SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "snapstart-priming-key-24".getBytes(StandardCharsets.US_ASCII));

    @Override
    public String name() {
        return "webhook signing and JSON";
    }

    @Override
    public void prime() {
        String body = HttpBotChannel.json(Map.of("type", "message", "id", "priming", "text", "priming",
                "channelData", Map.of("transferredFrom", List.of())));
        WebhookSigner.sign(THROWAWAY_SECRET, "msg_priming", Instant.now().getEpochSecond(), body);
        BotReplies.read("{\"activities\":[{\"type\":\"message\",\"text\":\"priming\"}]}");
    }
}
