package dev.handoff.router.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.handoff.router.application.Answers.MessageAnswer;
import dev.handoff.router.testing.BotServer;
import dev.handoff.router.testing.World;

/**
 * A chat: each caller's customer sends messages to the bot that holds its conversation, and the bot (a loopback HTTP
 * server answering at once) replies to each; the reply is posted to the customer's channel (a loopback webhook), as
 * in production. The conversations are started, unmeasured, before the run.
 */
final class Chat extends RoutingScenario {
    static final String NAME = "chat (customer message answered by a bot)";

    private final BotServer bots;
    private final List<String> conversations = new ArrayList<>();

    Chat(EventDriver driver, Supplier<World> worlds, BotServer bots) {
        super(NAME, driver, worlds);
        this.bots = bots;
    }

    @Override
    public String description() {
        return "a `conversation.message` from the customer of a conversation a bot holds; the bot (loopback, answers at"
                + " once) replies, the reply is in the answer and posted to the customer's channel (loopback)";
    }

    @Override
    public int eventsPerUnit() {
        return 1;
    }

    @Override
    public void prepare(int callers) {
        freshWorld();
        world.queue("queue");
        world.bot(bots.bot(world.id("bot"), "Hi"), 10_000, "queue");
        world.channel("web", bots.listener(world.id("web")));
        conversations.clear();
        for (int caller = 0; caller < callers; caller++) {
            String conversation = world.id("chat-" + caller);
            driver.sendUnmeasured("conversation.start", Map.of("conversationId", conversation,
                    "queueId", world.id("queue"), "customer", Map.of("id", "cust-" + caller),
                    "channel", world.id("web")));
            conversations.add(conversation);
        }
    }

    @Override
    public void runUnit(int caller, Measurements measurements) {
        var answer = EventDriver.measure(measurements, "conversation.message",
                () -> (MessageAnswer) driver.functions().route(dev.handoff.router.testing.Events.event(
                        "conversation.message", Map.of("conversationId", conversations.get(caller),
                                "from", "cust-" + caller, "text", "where is my order?"))));
        if (answer == null) {
            return;
        }
        if (!"accepted".equals(answer.status()) || answer.replies().size() != 1) {
            measurements.unexpected("conversation.message", null);
        } else {
            measurements.unitCompleted();
        }
    }
}
