package dev.handoff.router.domain;

import java.util.Map;

/**
 * What a bot asks for in its replies, the way real bots do instead of calling the router: to hand the conversation to
 * a person (Omnichannel's {@code channelData.tags} {@code Escalate}, the Bot Framework handoff protocol's
 * {@code handoff.initiate}), or to end it (the {@code EndConversation} tag, an {@code endOfConversation} activity).
 */
public sealed interface BotSignal {

    /** @param context flat variables to merge into the conversation's context (string, number, boolean values) */
    record Escalate(Map<String, Object> context) implements BotSignal {
    }

    record End() implements BotSignal {
    }
}
