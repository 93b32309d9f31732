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
        return Map.of("router.saga.lease", "PT0.3S");
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(SkippableClock.class);
    }
}
