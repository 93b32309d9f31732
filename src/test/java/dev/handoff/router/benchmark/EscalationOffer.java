package dev.handoff.router.benchmark;

import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import dev.handoff.router.testing.BotServer;
import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.World;

/**
 * What offers cost (one caller): a bot's escalation to a queue of 10 representatives that gives the conversation at
 * once, or one that offers it (then the representative's {@code conversation.accept}, measured too). The start before
 * and the end after are not measured.
 */
final class EscalationOffer extends RoutingScenario {
    static final String PREFIX = "escalation, ";
    private final boolean offers;
    private final BotServer bots;
    private boolean prepared;

    EscalationOffer(boolean offers, EventDriver driver, Supplier<World> worlds, BotServer bots) {
        super(PREFIX + (offers ? "offered then accepted" : "given at once"), driver, worlds);
        this.offers = offers;
        this.bots = bots;
    }

    boolean offers() {
        return offers;
    }

    @Override
    public String description() {
        return "unmeasured: a `conversation.start` a bot of front (10 bots, capacity 64, on a loopback HTTP server that"
                + " greets at once) takes; measured: its `conversation.escalate` to support (10 representatives without"
                + " desks, capacity 64)" + (offers ? " with `offer` {timeoutSeconds: 600}, then the representative's"
                        + " `conversation.accept`" : ", which gives it at once") + "; unmeasured: the customer's end";
    }

    @Override
    public int eventsPerUnit() {
        return offers ? 2 : 1;
    }

    @Override
    public void prepare(int callers) {
        if (prepared) {
            return;
        }
        freshWorld();
        world.queue("front");
        var support = new java.util.HashMap<String, Object>(Map.of("queueId", world.id("support"), "name",
                "support"));
        if (offers) {
            support.put("offer", Map.of("timeoutSeconds", 600));
        }
        Events.send("queue.upsert", support);
        for (int i = 0; i < 10; i++) {
            world.bot(bots.bot(world.id("bot-" + i), "Hi."), 64, "front");
            world.representative("rep-" + i, 64, "support");
        }
        prepared = true;
    }

    @Override
    public void runUnit(int caller, Measurements measurements) {
        String conversation = world.id("c-" + UUID.randomUUID());
        String customer = "cust-" + caller;
        driver.sendUnmeasured("conversation.start", Map.of("conversationId", conversation, "queueId",
                world.id("front"), "customer", Map.of("id", customer)));
        var bot = world.conversation(world.shortName(conversation)).assignee();
        if (bot == null) {
            measurements.unexpected("conversation.start (unmeasured)", null);
            return;
        }
        var escalated = driver.send(measurements, "conversation.escalate", Map.of("conversationId", conversation,
                "requestedBy", bot.participantId(), "targetQueueId", world.id("support")));
        if (escalated == null) {
            return;
        }
        if (!(offers ? "waiting" : "assigned").equals(escalated.status())) {
            measurements.unexpected("conversation.escalate", escalated);
            return;
        }
        if (offers) {
            var offer = world.conversation(world.shortName(conversation)).offer();
            var accepted = offer == null ? null : driver.send(measurements, "conversation.accept", Map.of(
                    "conversationId", conversation, "participantId", offer.holder().participantId()));
            if (accepted == null) {
                return;
            }
            if (!"assigned".equals(accepted.status())) {
                measurements.unexpected("conversation.accept", accepted);
                return;
            }
        }
        driver.sendUnmeasured("conversation.end", Map.of("conversationId", conversation, "requestedBy", customer));
        measurements.unitCompleted();
    }
}
