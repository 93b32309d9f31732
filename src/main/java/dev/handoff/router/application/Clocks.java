package dev.handoff.router.application;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The router's time source: one place to replace in a test that needs control of time. */
public class Clocks {
    /**
     * Milliseconds, the precision the store keeps: a time read back then equals the time written, so states compared
     * after a round trip (an owed delivery, say) compare equal.
     */
    @Produces
    @Singleton
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }
}
