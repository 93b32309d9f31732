package dev.handoff.router.adapters.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.handoff.router.domain.BotChannel.Status;
import dev.handoff.router.domain.Webhook;
import dev.handoff.router.testing.BotServer;

/** The SSRF guard on bots' webhook URLs, production defaults and the dev/test allowance, and its check per call. */
class WebhookUrlPolicyTest {
    private static final WebhookUrlPolicy PRODUCTION = new WebhookUrlPolicy(false, false);
    private static final WebhookUrlPolicy DEV = new WebhookUrlPolicy(true, false);

    @ParameterizedTest(name = "{0}: production {1}, dev {2}")
    @CsvSource({
            "https://93.184.216.34/hook,          allowed, allowed",
            "http://93.184.216.34/hook,           refused, refused", // plain http to a public host
            "https://10.0.0.1/hook,               refused, refused", // private range
            "https://172.16.5.4/hook,             refused, refused",
            "https://192.168.1.10/hook,           refused, refused",
            "https://169.254.169.254/latest,      refused, refused", // the cloud metadata service
            "https://100.64.0.1/hook,             refused, refused", // shared address space
            "http://127.0.0.1:8080/bot,           refused, allowed", // loopback: dev and tests only
            "http://localhost:8080/bot,           refused, allowed",
            "https://127.0.0.1/bot,               refused, refused", // loopback over https is still internal
            "http://[::1]:8080/bot,               refused, allowed",
            "https://[fd00::1]/hook,              refused, refused", // IPv6 unique local
            "https://0.0.0.0/hook,                refused, refused",
            "ftp://93.184.216.34/hook,            refused, refused",
            "https://user:pw@93.184.216.34/hook,  refused, refused"})
    void decidesByTheAddressesTheHostResolvesTo(String url, String production, String dev) {
        assertEquals(production, verdict(PRODUCTION.refusal(url)), "production: " + url);
        assertEquals(dev, verdict(DEV.refusal(url)), "dev: " + url);
    }

    @Test
    void privateAddressesCanBeAllowedByConfig() {
        var onPremises = new WebhookUrlPolicy(false, true);
        assertEquals("allowed", verdict(onPremises.refusal("https://10.0.0.1/hook")));
        assertEquals("refused", verdict(onPremises.refusal("http://10.0.0.1/hook")), "still https only");
    }

    @Test
    void eachCallIsCheckedAgainAndARefusedOneNeverLeaves() {
        try (var bots = new BotServer()) {
            var bot = bots.bot("checked", "hello");
            var production = new SignedPost(Duration.ofSeconds(1), Duration.ofSeconds(1), PRODUCTION,
                    Clock.systemUTC());
            var result = production.attempt(new Webhook(bot.url(), bot.secret()), "msg_1", "{\"type\":\"event\"}", true);
            assertEquals(Status.PERMANENT, result.status());
            assertTrue(result.failure().startsWith("URL refused"), result.failure());
            assertTrue(bot.calls().isEmpty(), "nothing was sent");

            var dev = new SignedPost(Duration.ofSeconds(1), Duration.ofSeconds(1), DEV, Clock.systemUTC());
            assertEquals(Status.DELIVERED, dev.attempt(new Webhook(bot.url(), bot.secret()), "msg_2",
                    "{\"type\":\"conversationUpdate\"}", true).status());
            assertEquals(1, bot.calls().size());
        }
    }

    private static String verdict(Optional<String> refusal) {
        return refusal.isPresent() ? "refused" : "allowed";
    }
}
