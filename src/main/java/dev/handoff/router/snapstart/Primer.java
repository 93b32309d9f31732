package dev.handoff.router.snapstart;

/**
 * Work the first event would otherwise pay for (loading and linking classes, building serializers, opening the
 * DynamoDB client's connection), done once before Lambda takes SnapStart's snapshot. A primer reads, never writes,
 * and may fail: {@link SnapStartPriming} logs the failure and goes on (the snapshot is still good, only less warm).
 */
public interface Primer {
    /** What it primes, for the log. */
    String name();

    void prime();
}
