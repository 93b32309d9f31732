package dev.handoff.router.application;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.handoff.router.config.RouterConfig;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.Customer;
import dev.handoff.router.domain.Owed;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.PendingDelivery;
import dev.handoff.router.domain.TranscriptMessage;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The Bot Framework activities the router sends to bots (CONTRACT §3), as the Activity spec and the SDK want them:
 * every activity names its channel, service URL, sender, recipient and conversation, and asks for the bot's answers in
 * the HTTP response ({@code deliveryMode: expectReplies}), so that a bot built with the SDK, with no app id, answers
 * there instead of calling a connector. The customer is the sender, the bot the recipient.
 */
@ApplicationScoped
public class BotActivities {
    private final String channelId;
    private final String serviceUrl;

    public BotActivities(RouterConfig config) {
        this.channelId = config.botFramework().channelId();
        this.serviceUrl = config.botFramework().serviceUrl();
    }

    /**
     * "The agent is added": {@code membersAdded} names the bot and the customer, so a bot that greets each added member
     * other than itself (the SDK samples' pattern) greets the customer, once.
     */
    public Map<String, Object> conversationUpdate(Conversation c, PendingDelivery owed, Participant bot, String id,
            Instant now) {
        var channelData = new LinkedHashMap<String, Object>();
        channelData.put("queueId", owed.queueId());
        channelData.put("transferredFrom", owed.transferredFrom() == null ? null : Map.of(
                "participantId", owed.transferredFrom().participantId(),
                "kind", owed.transferredFrom().kind().wire()));
        var activity = common("conversationUpdate", c, bot, id, now);
        activity.put("membersAdded", List.of(bot(bot), customer(c.customer())));
        activity.put("channelData", channelData);
        return activity;
    }

    /**
     * Omnichannel's set-context event: the customer and every context variable the conversation carries, and, when
     * something was said before the bot came, the transcript so far as an attachment.
     */
    public Map<String, Object> setContext(Conversation c, Participant bot, String id, Instant now,
            List<TranscriptMessage> said) {
        var customer = new LinkedHashMap<String, Object>();
        customer.put("id", c.customer().id());
        if (c.customer().name() != null) {
            customer.put("name", c.customer().name());
        }
        var value = new LinkedHashMap<String, Object>();
        value.put("customer", customer);
        value.putAll(c.context());
        var activity = common("event", c, bot, id, now);
        activity.put("name", "omnichannelSetContext");
        activity.put("value", value);
        if (!said.isEmpty()) {
            var messages = said.stream().map(m -> {
                var message = new LinkedHashMap<String, Object>();
                message.put("sequence", m.sequence());
                message.put("at", m.at().toString());
                message.put("from", Map.of("id", m.from().id(), "kind", m.from().kind().wire()));
                message.put("text", m.text());
                return message;
            }).toList();
            activity.put("attachments", List.of(Map.of("contentType", "application/json", "name", "transcript",
                    "content", Map.of("messages", messages))));
        }
        return activity;
    }

    /** A customer's message, as the Bot Framework's {@code message} activity. */
    public Map<String, Object> message(Conversation c, Participant bot, Owed.MessageToBot message, String id) {
        var activity = common("message", c, bot, id, message.at());
        activity.put("text", message.text());
        return activity;
    }

    private Map<String, Object> common(String type, Conversation c, Participant bot, String id, Instant now) {
        var activity = new LinkedHashMap<String, Object>();
        activity.put("type", type);
        activity.put("id", id);
        activity.put("timestamp", now.toString());
        activity.put("channelId", channelId);
        activity.put("serviceUrl", serviceUrl);
        activity.put("from", customer(c.customer()));
        activity.put("recipient", bot(bot));
        activity.put("conversation", Map.of("id", c.id()));
        if (c.customer().locale() != null) {
            activity.put("locale", c.customer().locale());
        }
        activity.put("deliveryMode", "expectReplies");
        return activity;
    }

    private static Map<String, Object> bot(Participant bot) {
        var account = new LinkedHashMap<String, Object>();
        account.put("id", bot.id());
        account.put("name", bot.name());
        account.put("role", "bot");
        return account;
    }

    private static Map<String, Object> customer(Customer customer) {
        var account = new LinkedHashMap<String, Object>();
        account.put("id", customer.id());
        if (customer.name() != null) {
            account.put("name", customer.name());
        }
        account.put("role", "user");
        return account;
    }
}
