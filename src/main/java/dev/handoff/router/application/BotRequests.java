package dev.handoff.router.application;

import java.time.Instant;
import java.util.List;

import org.jboss.logging.Logger;

import dev.handoff.router.domain.BotSignal;
import dev.handoff.router.domain.Rejection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Does what a bot asked for in its replies ({@link BotSignal}): escalates or ends the conversation exactly as
 * {@code conversation.escalate} or {@code conversation.end} by that bot would. Each request is an event of its own,
 * keyed by the call whose answer carried it, so a redelivery of that call is a repeat, not a second escalation. A
 * request the state does not allow (the bot lost the conversation meanwhile, it ended) changes nothing.
 */
@ApplicationScoped
public class BotRequests {
    private static final Logger LOG = Logger.getLogger(BotRequests.class);

    private final EscalateConversation escalate;
    private final EndConversation end;

    public BotRequests(EscalateConversation escalate, EndConversation end) {
        this.escalate = escalate;
        this.end = end;
    }

    /** What one bot asked for in the answer to one call. */
    public record Requested(String conversationId, String botId, String webhookId, List<BotSignal> signals) {
    }

    public void act(List<Requested> requests, Instant now) {
        for (var request : requests) {
            for (int i = 0; i < request.signals().size(); i++) {
                var signal = request.signals().get(i);
                String source = "/bots/" + request.botId();
                String id = request.webhookId() + "-" + i;
                var event = new EventContext(Hashing.sha256Hex(32, source, id), id, source,
                        Hashing.sha256Hex(64, source, id, signal.toString()), now);
                try {
                    if (signal instanceof BotSignal.Escalate asked) {
                        escalate.handle(event, new Commands.Escalate(request.conversationId(), request.botId(), null,
                                "the bot asked for a person", asked.context()));
                    } else {
                        end.handle(event, new Commands.End(request.conversationId(), request.botId()));
                    }
                } catch (Rejection refused) {
                    LOG.infof("conversation %s: bot %s asked for %s, refused: %s", request.conversationId(),
                            request.botId(), signal.getClass().getSimpleName().toLowerCase(), refused.code().wire());
                }
            }
        }
    }
}
