package dev.handoff.router.adapters.webhook;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;

/** Our signatures against the Standard Webhooks specification's test vector and its reference library. */
class WebhookSignerTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void matchesTheSpecificationsTestVector() {
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                WebhookSigner.sign(SECRET, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"));
    }

    @Test
    void theReferenceLibraryVerifiesWhatWeSignAndRefusesATamperedBody() throws Exception {
        long now = Instant.now().getEpochSecond();
        String body = "{\"type\":\"conversationUpdate\",\"conversation\":{\"id\":\"c-42\"}}";
        String signature = WebhookSigner.sign(SECRET, "msg_1", now, body);
        var headers = Map.of("webhook-id", List.of("msg_1"), "webhook-timestamp", List.of(Long.toString(now)),
                "webhook-signature", List.of(signature));
        assertDoesNotThrow(() -> new Webhook(SECRET).verify(body, headers));
        assertEquals(new Webhook(SECRET).sign("msg_1", now, body), signature);
        assertThrows(WebhookVerificationException.class,
                () -> new Webhook(SECRET).verify(body.replace("c-42", "c-43"), headers));
    }
}
