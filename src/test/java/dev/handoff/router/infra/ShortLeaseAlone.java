package dev.handoff.router.infra;

import java.util.HashMap;
import java.util.Map;

import dev.handoff.router.concurrency.ShortLease;

/**
 * {@link ShortLease}, in an application (and so a dynalite) of its own: the sweeps {@code InfraPermissionsTest} makes
 * then see only its own worlds, not the hundreds of participants {@code CrashPointsTest} leaves in a shared engine
 * (a sweep fills everyone with room within a time budget, and its scenarios expect one sweep to finish their
 * leftovers). Webhooks are not kept between calls: on Lambda each function has its own instances, so each reads the
 * webhooks it calls, and here all functions share one application.
 */
public class ShortLeaseAlone extends ShortLease {
    @Override
    public Map<String, String> getConfigOverrides() {
        var overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("router.webhook.directory-kept", "0S");
        // The process's own timers never fire here: the timer function (fed as by SQS) and the sweeper are the ones
        // whose calls are derived, and no fire from a thread of its own may mingle with another's calls.
        overrides.put("router.timers.local-tick", "PT1H");
        return overrides;
    }
}
