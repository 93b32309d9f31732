package dev.handoff.router.infra;

import dev.handoff.router.concurrency.ShortLease;

/**
 * {@link ShortLease}, in an application (and so a dynalite) of its own: the sweeps {@code InfraPermissionsTest} makes
 * then see only its own worlds, not the hundreds of participants {@code CrashPointsTest} leaves in a shared engine
 * (a sweep fills everyone with room within a time budget, and its scenarios expect one sweep to finish their
 * leftovers).
 */
public class ShortLeaseAlone extends ShortLease {
}
