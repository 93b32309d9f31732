package dev.handoff.router.domain;

/**
 * The port to the router's metrics (README "Metrics"): what happened, counted and timed, never who. Values passed here
 * are bounded sets the router defines (event types, outcomes, queue ids an administrator chose, kinds): never a
 * conversation or customer id, a customer's words or context, a URL or a secret.
 */
public interface Metrics {

    /**
     * One event handled (or failed, to be retried).
     *
     * @param eventType the event's type if the router knows it, else {@code unknown}
     * @param outcome the answer's status, {@code rejected}, or {@code failed} (a transient fault)
     * @param millis the time it took, in milliseconds
     * @param conditionalCheckFailures conditional writes DynamoDB refused while handling it (lost races, stale reads)
     */
    void eventHandled(String eventType, String outcome, double millis, int conditionalCheckFailures);

    /**
     * A conversation joined a waiting line, at the given place: the line's length as seen by its own count (those who
     * join right after it are not counted).
     */
    void joinedLine(String queueId, KindNeeded line, int conversationsWaiting);

    /** The longest-waiting conversation of a line a participant may serve was handed out after waiting this long. */
    void handedOut(String queueId, KindNeeded line, long waitedSeconds);

    /** A bot call (its arrival calls, or a message) still failed after the channel's retries. */
    void botCallFailed(BotCall call);

    /** A notice still failed after the channel's retries; it stays owed. */
    void noticeFailed(Owed.Audience recipient);

    /** What one sweep found left by crashed or cut-short steps, and the conditional writes refused meanwhile. */
    void swept(int deliveriesFinished, int claimsReleased, int conversationsHandedOut, int conditionalCheckFailures);

    /** Which bot call failed. */
    enum BotCall {
        /** The conversation update or the set-context event telling a bot it got a conversation. */
        ARRIVAL,
        /** A customer's message to the holding bot. */
        MESSAGE
    }

    /** Counts nothing: for code wired by hand without metrics. */
    Metrics NONE = new Metrics() {
        @Override
        public void eventHandled(String eventType, String outcome, double millis, int conditionalCheckFailures) {
        }

        @Override
        public void joinedLine(String queueId, KindNeeded line, int conversationsWaiting) {
        }

        @Override
        public void handedOut(String queueId, KindNeeded line, long waitedSeconds) {
        }

        @Override
        public void botCallFailed(BotCall call) {
        }

        @Override
        public void noticeFailed(Owed.Audience recipient) {
        }

        @Override
        public void swept(int deliveriesFinished, int claimsReleased, int conversationsHandedOut,
                int conditionalCheckFailures) {
        }
    };
}
