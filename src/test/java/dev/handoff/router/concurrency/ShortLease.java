package dev.handoff.router.concurrency;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** A short saga lease, so that repeats and the sweeper take over a crashed step's work within the test's patience. */
public class ShortLease implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("router.saga.lease", "PT0.3S");
    }
}
