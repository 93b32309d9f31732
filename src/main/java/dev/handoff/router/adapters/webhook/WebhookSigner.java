package dev.handoff.router.adapters.webhook;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.EmptyWebhookSecretException;
import com.standardwebhooks.exceptions.WebhookSigningException;

/**
 * Standard Webhooks signatures ({@code v1,} + base64 of HMAC-SHA256 over {@code id.timestamp.body}, keyed by the
 * bytes of the secret {@code whsec_<base64>}), made by the specification's reference library.
 */
public final class WebhookSigner {
    private WebhookSigner() {
    }

    /**
     * @param timestampSeconds Unix seconds, as sent in {@code webhook-timestamp}
     */
    public static String sign(String secret, String webhookId, long timestampSeconds, String body) {
        try {
            return new Webhook(secret).sign(webhookId, timestampSeconds, body);
        } catch (WebhookSigningException | EmptyWebhookSecretException e) {
            // Secrets are checked when a participant is registered (whsec_ + base64 of 16 bytes or more).
            throw new IllegalStateException("a registered webhook secret could not sign", e);
        }
    }
}
