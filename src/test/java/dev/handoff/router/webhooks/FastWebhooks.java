package dev.handoff.router.webhooks;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Short webhook timeouts, retry delays and saga lease, so that slow and failing bots are played out quickly; and JSON
 * log lines, as on Lambda, so that {@code LogLinesTest} reads what Lambda would write.
 */
public class FastWebhooks implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "router.webhook.call-timeout", "PT0.5S",
                "router.webhook.connect-timeout", "PT0.5S",
                "router.webhook.retry-delay", "PT0.05S",
                "router.webhook.max-retries", "2",
                "router.saga.lease", "PT0.5S",
                "router.log.json", "true");
    }
}
