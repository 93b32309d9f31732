package dev.handoff.router.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/**
 * The router's clock (in place of {@code Clocks}' when a test profile enables this alternative): the system clock in
 * milliseconds, as there, plus whatever the test skipped. A test that has crashed a step skips the saga lease instead of
 * waiting it out: the crashed step is dead, so nothing else would happen in that time, and repeats and the sweeper then
 * find its work abandoned at once. Time only moves forward. Webhook timestamps come from this clock, and a bot checks
 * them within 5 minutes: a class skips less than that in all (a 0.3 s lease per crash point: some hundreds of points).
 */
@Alternative
@Singleton
public class SkippableClock extends Clock {
    private final AtomicLong skippedMillis = new AtomicLong();

    /** Moves this clock {@code duration} ahead of the system clock's time, on top of what was skipped before. */
    public void skip(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: " + duration);
        }
        skippedMillis.addAndGet(duration.toMillis());
    }

    @Override
    public long millis() {
        return System.currentTimeMillis() + skippedMillis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the router's clock is UTC");
    }
}
