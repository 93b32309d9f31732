package dev.handoff.router.application;

import java.util.List;
import java.util.Map;

import dev.handoff.router.domain.Webhook;

/** The port to bots' webhooks (CONTRACT §3). */
public interface BotChannel {

    /**
     * POSTs one activity to a bot, signed with its secret under a fixed {@code webhookId}.
     *
     * @return the bot's reply texts on 2xx, or the failure
     */
    CallResult call(Webhook webhook, String webhookId, Map<String, Object> activity);

    /**
     * @param failure why the call failed (status code or error class), never the secret or the body; null on success
     */
    record CallResult(boolean ok, List<String> replies, String failure) {
        public static CallResult ok(List<String> replies) {
            return new CallResult(true, List.copyOf(replies), null);
        }

        public static CallResult failed(String why) {
            return new CallResult(false, List.of(), why);
        }
    }
}
