package dev.handoff.router.benchmark;

import java.util.Map;
import java.util.function.Supplier;

import dev.handoff.router.testing.BotServer;
import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.World;

/**
 * What issue 14's way out of a bot/person deadlock costs (one caller): every bot and the representative full, a bot's
 * escalation that waits for the representative (it looks for a hand-back to swap with, and finds none), then the
 * representative's hand-back with {@code waitForBot}, which finds that escalation and swaps the two. The cycle is built
 * fresh, outside the measurement, for each unit.
 */
final class HandBackSwap extends RoutingScenario {
    static final String NAME = "hand-back meets an escalation";
    private final BotServer bots;
    private int unit;

    HandBackSwap(EventDriver driver, Supplier<World> worlds, BotServer bots) {
        super(NAME, driver, worlds);
        this.bots = bots;
    }

    @Override
    public String description() {
        return "unmeasured: a fresh front queue (two bots, capacity 1) and desk (one representative, capacity 1), a"
                + " conversation a bot greeted and escalated to the representative, two more the bots hold; measured:"
                + " one bot's `conversation.escalate` to desk, which waits, then the representative's"
                + " `conversation.transfer-to-bot` with `waitForBot`, which swaps them (bots on a loopback HTTP server"
                + " that greets at once)";
    }

    @Override
    public int eventsPerUnit() {
        return 2;
    }

    @Override
    public void prepare(int callers) {
        freshWorld();
    }

    @Override
    public void runUnit(int caller, Measurements measurements) {
        String u = "u" + caller + "-" + unit++;
        String front = u + "-front";
        String desk = u + "-desk";
        world.queue(front);
        world.queue(desk);
        world.bot(bots.bot(world.id(u + "-bot-1"), "Hi."), 1, front);
        world.representative(u + "-rep", 1, desk);
        start(u + "-c1", front);
        driver.sendUnmeasured("conversation.escalate", Map.of("conversationId", world.id(u + "-c1"),
                "requestedBy", world.id(u + "-bot-1"), "targetQueueId", world.id(desk)));
        start(u + "-c2", front);
        world.bot(bots.bot(world.id(u + "-bot-2"), "Hello."), 1, front);
        start(u + "-c3", front);
        var escalated = driver.send(measurements, "conversation.escalate", Map.of("conversationId",
                world.id(u + "-c3"), "requestedBy", world.id(u + "-bot-2"), "targetQueueId", world.id(desk)));
        if (escalated == null) {
            return;
        }
        if (!"waiting".equals(escalated.status())) {
            measurements.unexpected("conversation.escalate", escalated);
            return;
        }
        var handedBack = driver.send(measurements, "conversation.transfer-to-bot", Map.of("conversationId",
                world.id(u + "-c1"), "requestedBy", world.id(u + "-rep"), "targetQueueId", world.id(front),
                "waitForBot", true));
        if (handedBack == null) {
            return;
        }
        if (!"assigned".equals(handedBack.status()) || handedBack.assignee() == null
                || !world.id(u + "-bot-2").equals(handedBack.assignee().participantId())) {
            measurements.unexpected("conversation.transfer-to-bot", handedBack);
            return;
        }
        measurements.unitCompleted();
    }

    private void start(String conversation, String queue) {
        Events.send("conversation.start", Map.of("conversationId", world.id(conversation), "queueId",
                world.id(queue), "customer", Map.of("id", "cust-" + conversation)));
    }
}
