package dev.handoff.router.application;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.EventRecord;
import dev.handoff.router.domain.Greeting;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.ParticipantStore;
import dev.handoff.router.domain.PendingDelivery;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Tells a bot it got a conversation (CONTRACT §3): the conversation update, then, only if that succeeded, the
 * set-context event; then records the replies, the greeting and the timeline on the conversation and clears what was
 * owed. The webhook ids derive from the owed delivery, so a repeat of the delivery sends the same ids.
 */
@ApplicationScoped
public class BotDeliveries {
    private static final Logger LOG = Logger.getLogger(BotDeliveries.class);
    private static final int MAX_RECORD_ATTEMPTS = 5;

    private final BotChannel channel;
    private final ConversationStore conversations;
    private final ParticipantStore participants;
    private final Clock clock;

    public BotDeliveries(BotChannel channel, ConversationStore conversations, ParticipantStore participants,
            Clock clock) {
        this.channel = channel;
        this.conversations = conversations;
        this.participants = participants;
        this.clock = clock;
    }

    /**
     * Delivers what {@code stored} owes its bot, if anything, and returns the conversation as recorded afterwards.
     *
     * @param bot the bot as last read, if the caller has it (saves a read); else it is read
     */
    public Conversation deliverOwed(Conversation stored, Participant bot) {
        PendingDelivery owed = stored.pendingDelivery();
        if (owed == null) {
            return stored;
        }
        Participant recipient = bot != null && bot.id().equals(owed.participantId()) ? bot
                : participants.find(owed.participantId()).orElse(null);
        List<String> replies = new ArrayList<>();
        boolean failed = recipient == null || recipient.webhook() == null || !send(stored, owed, recipient, replies);
        return record(stored, owed, replies, failed);
    }

    private boolean send(Conversation conversation, PendingDelivery owed, Participant bot, List<String> replies) {
        Instant now = clock.instant();
        String updateId = webhookId(owed, "conversationUpdate");
        var update = channel.call(bot.webhook(), updateId, conversationUpdate(conversation, owed, updateId, now));
        if (!update.ok()) {
            LOG.warnf("conversation %s: conversation update to bot %s failed: %s", conversation.id(), bot.id(),
                    update.failure());
            return false;
        }
        replies.addAll(update.replies());
        String contextId = webhookId(owed, "omnichannelSetContext");
        var context = channel.call(bot.webhook(), contextId, setContext(conversation, owed, contextId, now));
        if (!context.ok()) {
            LOG.warnf("conversation %s: set-context to bot %s failed: %s", conversation.id(), bot.id(),
                    context.failure());
            return false;
        }
        replies.addAll(context.replies());
        return true;
    }

    private Conversation record(Conversation stored, PendingDelivery owed, List<String> replies, boolean failed) {
        Conversation current = stored;
        for (int attempt = 0; attempt < MAX_RECORD_ATTEMPTS; attempt++) {
            if (!owed.equals(current.pendingDelivery())) {
                return current; // recorded meanwhile by a concurrent repeat of the same delivery
            }
            Conversation next = withGreetingOnEvent(current.delivered(owed, replies, failed, clock.instant()), owed,
                    replies, failed);
            try {
                return conversations.replace(next);
            } catch (ConversationStore.StaleWrite changed) {
                Optional<Conversation> reread = conversations.find(stored.id());
                if (reread.isEmpty()) {
                    return current;
                }
                current = reread.get();
            }
        }
        throw new ConcurrentChange("conversation " + stored.id() + " kept changing while recording a delivery");
    }

    private static Conversation withGreetingOnEvent(Conversation next, PendingDelivery owed, List<String> replies,
            boolean failed) {
        EventRecord event = next.events().get(owed.eventKey());
        if (event == null) {
            return next; // handed out by an event of another conversation: nothing to answer here
        }
        Greeting greeting = replies.isEmpty() || failed ? null : new Greeting(owed.participantId(), replies.get(0));
        return next.remember(owed.eventKey(), event.withOutcome(event.outcome().withGreeting(greeting, failed)));
    }

    static String webhookId(PendingDelivery owed, String step) {
        return "msg_" + Hashing.sha256Hex(32, owed.eventKey(), owed.participantId(), step);
    }

    static Map<String, Object> conversationUpdate(Conversation c, PendingDelivery owed, String id, Instant now) {
        var bot = member(owed.participantId());
        var channelData = new LinkedHashMap<String, Object>();
        channelData.put("queueId", owed.queueId());
        channelData.put("transferredFrom", owed.transferredFrom() == null ? null : Map.of(
                "participantId", owed.transferredFrom().participantId(),
                "kind", owed.transferredFrom().kind().wire()));
        var activity = new LinkedHashMap<String, Object>();
        activity.put("type", "conversationUpdate");
        activity.put("id", id);
        activity.put("timestamp", now.toString());
        activity.put("conversation", Map.of("id", c.id()));
        activity.put("recipient", bot);
        activity.put("membersAdded", List.of(bot));
        activity.put("channelData", channelData);
        return activity;
    }

    static Map<String, Object> setContext(Conversation c, PendingDelivery owed, String id, Instant now) {
        var customer = new LinkedHashMap<String, Object>();
        customer.put("id", c.customer().id());
        if (c.customer().name() != null) {
            customer.put("name", c.customer().name());
        }
        var value = new LinkedHashMap<String, Object>();
        value.put("customer", customer);
        value.putAll(c.context());
        var activity = new LinkedHashMap<String, Object>();
        activity.put("type", "event");
        activity.put("name", "omnichannelSetContext");
        activity.put("id", id);
        activity.put("timestamp", now.toString());
        activity.put("conversation", Map.of("id", c.id()));
        activity.put("recipient", member(owed.participantId()));
        activity.put("value", value);
        return activity;
    }

    private static Map<String, Object> member(String botId) {
        var member = new LinkedHashMap<String, Object>();
        member.put("id", botId);
        member.put("role", "bot");
        return member;
    }
}
