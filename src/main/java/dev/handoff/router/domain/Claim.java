package dev.handoff.router.domain;

import java.time.Instant;

/**
 * Capacity held by one conversation on one participant, recorded on the participant's own item.
 *
 * @param units     capacity units held
 * @param token     which routing step made the claim; a release names it, so a stale release frees nothing
 * @param claimedAt when it was claimed; a claim that no conversation holds is freed after a lease from here
 */
public record Claim(int units, String token, Instant claimedAt) {
}
