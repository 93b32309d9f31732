package dev.handoff.router.domain;

import java.util.List;
import java.util.Map;


/** The port to bots' webhooks (CONTRACT §3). */
public interface BotChannel {

    /**
     * POSTs one activity to a bot, signed with its secret under a fixed {@code webhookId}, retrying transient failures
     * (with the same id) within the configured bounds.
     *
     * @param participantId the bot called, named in what is logged of a failed attempt
     * @return the bot's reply texts on 2xx, or how the call failed in the end
     */
    CallResult call(String participantId, Webhook webhook, String webhookId, Map<String, Object> activity);

    /** How a call ended. */
    enum Status {
        /** 2xx. */
        DELIVERED,
        /** A 5xx, 408, 429, timeout, reset or refused connection: worth trying again. */
        TRANSIENT,
        /** Any other answer, or a URL the policy refuses: trying again won't help. */
        PERMANENT,
        /** 410: the bot's webhook is gone for good. */
        GONE
    }

    /**
     * @param replies the texts of the bot's {@code message} replies, in order
     * @param signals what the bot asked for in its replies (to escalate, to end), in order
     * @param failure why the call failed (status code or error class), never the secret or the body; null on success
     */
    record CallResult(Status status, List<String> replies, List<BotSignal> signals, String failure) {
        public static CallResult delivered(List<String> replies) {
            return delivered(replies, List.of());
        }

        public static CallResult delivered(List<String> replies, List<BotSignal> signals) {
            return new CallResult(Status.DELIVERED, List.copyOf(replies), List.copyOf(signals), null);
        }

        public static CallResult failed(Status status, String why) {
            return new CallResult(status, List.of(), List.of(), why);
        }

        public boolean ok() {
            return status == Status.DELIVERED;
        }
    }
}
