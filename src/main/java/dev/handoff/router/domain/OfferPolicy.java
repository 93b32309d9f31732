package dev.handoff.router.domain;

/**
 * A queue whose representatives are offered conversations, rather than given them: each must accept within
 * {@code timeoutSeconds}, and one that misses {@code declineLimit} offers in a row (declined or let expire) is set
 * {@link Presence#AWAY} until it says otherwise.
 *
 * @param declineLimit 0: no limit
 */
public record OfferPolicy(int timeoutSeconds, int declineLimit) {
    public static final int DEFAULT_TIMEOUT_SECONDS = 120;
    public static final int MIN_TIMEOUT_SECONDS = 5;
    public static final int MAX_TIMEOUT_SECONDS = 3600;
    public static final int MAX_DECLINE_LIMIT = 100;

    public OfferPolicy {
        if (timeoutSeconds < MIN_TIMEOUT_SECONDS || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
            throw new IllegalArgumentException("offer timeoutSeconds out of bounds: " + timeoutSeconds);
        }
        if (declineLimit < 0 || declineLimit > MAX_DECLINE_LIMIT) {
            throw new IllegalArgumentException("offer declineLimit out of bounds: " + declineLimit);
        }
    }

    /** Whether {@code misses} offers missed in a row reach the limit. */
    public boolean reached(int misses) {
        return declineLimit > 0 && misses >= declineLimit;
    }
}
