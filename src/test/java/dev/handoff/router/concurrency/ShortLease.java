package dev.handoff.router.concurrency;

import java.util.Map;
import java.util.Set;

import dev.handoff.router.testing.SkippableClock;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A short saga lease, so that repeats and the sweeper take over a crashed step's work within the test's patience; and
 * a clock the test can skip the lease on ({@link SkippableClock}) rather than wait for it.
 */
public class ShortLease implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        // A bot call's retry backoff (0.25 s, then 0.5 s by default) alone would outlast the lease, which is meant to be
        // longer than a step with its bot calls; the tests that time retries use their own profile (FastWebhooks).
        return Map.of("router.saga.lease", "PT0.3S", "router.webhook.retry-delay", "PT0.02S");
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(SkippableClock.class);
    }
}
