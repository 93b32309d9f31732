package dev.handoff.router.domain;

import java.time.Instant;

/**
 * Capacity held by one conversation on one participant, recorded on the participant's own item.
 *
 * @param units     capacity units held
 * @param token     names this one claim, never another: the token of the routing step that made it, then
 *                  {@link #SEPARATOR} and a part of its own ({@link #of}). A release names it, so a stale release frees
 *                  nothing, and a step that claims again for the same conversation on the same participant (after its
 *                  write lost a race and its first claim went back) cannot be mistaken for the claim released before
 * @param claimedAt when it was claimed; a claim that no conversation holds is freed after a lease from here
 */
public record Claim(int units, String token, Instant claimedAt) {
    public static final String SEPARATOR = "~";

    /** A claim's token: the step's, made unique with {@code unique} (e.g. a random id). */
    public static String tokenOf(String stepToken, String unique) {
        return stepToken + SEPARATOR + unique;
    }

    /**
     * Whether the routing step with this token made the claim, so that a try of the step after a crash takes it up
     * again. A claim made before tokens named one claim has exactly the step's token.
     */
    public boolean madeBy(String stepToken) {
        return token.equals(stepToken) || token.startsWith(stepToken + SEPARATOR)
                && token.indexOf(SEPARATOR, stepToken.length() + SEPARATOR.length()) < 0;
    }
}
