package dev.handoff.router.benchmark;

import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import dev.handoff.router.application.Answers.RoutingAnswer;
import dev.handoff.router.testing.BotServer;
import dev.handoff.router.testing.World;

/**
 * The two-queue scenario end to end, once per unit: start in queue 1 (Agent A gets it, two webhook calls, greeting),
 * escalate to the representative, transfer to Agent B in queue 2 (two webhook calls, greeting), end by Agent B.
 * Capacities leave room for every caller, so each event takes its happy path; bot A's is far above the
 * representative's because a start goes to whoever has most room left, and with many conversations open at once the
 * representative would otherwise get some starts.
 */
final class TwoQueueLifecycle extends RoutingScenario {
    static final String NAME = "two-queue lifecycle";
    private static final int CAPACITY = 64;
    private static final int BOT_A_CAPACITY = 1000;

    private final BotServer bots;

    TwoQueueLifecycle(EventDriver driver, Supplier<World> worlds, BotServer bots) {
        super(NAME, driver, worlds);
        this.bots = bots;
    }

    @Override
    public String description() {
        return "start (to bot A, queue 1) → escalate (to the representative, queue 1) → transfer-to-bot (to bot B,"
                + " queue 2) → end (by bot B); bots on a loopback HTTP server that answers at once with a greeting;"
                + " capacity: bot A " + BOT_A_CAPACITY + " (so that starts keep going to it while many"
                + " conversations are open), the representative and bot B " + CAPACITY;
    }

    @Override
    public int eventsPerUnit() {
        return 4;
    }

    @Override
    public void prepare(int callers) {
        freshWorld();
        world.queue("queue-1");
        world.queue("queue-2");
        world.bot(bots.bot(world.id("agent-a"), "Hi, I'm Agent A."), BOT_A_CAPACITY, "queue-1");
        world.representative("rep-1", CAPACITY, "queue-1");
        world.bot(bots.bot(world.id("agent-b"), "Hi, I'm Agent B."), CAPACITY, "queue-2");
    }

    @Override
    public void runUnit(int caller, Measurements measurements) {
        String conversation = world.id("c-" + UUID.randomUUID());
        var started = driver.send(measurements, "conversation.start", Map.of("conversationId", conversation,
                "queueId", world.id("queue-1"), "customer", Map.of("id", "cust-" + caller, "name", "Ana"),
                "context", Map.of("orderId", "A-1001")));
        if (!assignedTo(measurements, "conversation.start", started, "agent-a")) {
            return;
        }
        var escalated = driver.send(measurements, "conversation.escalate", Map.of("conversationId", conversation,
                "requestedBy", world.id("agent-a"), "reason", "asks for a person"));
        if (!assignedTo(measurements, "conversation.escalate", escalated, "rep-1")) {
            return;
        }
        var transferred = driver.send(measurements, "conversation.transfer-to-bot", Map.of(
                "conversationId", conversation, "requestedBy", world.id("rep-1"),
                "targetQueueId", world.id("queue-2"), "context", Map.of("refund", true)));
        if (!assignedTo(measurements, "conversation.transfer-to-bot", transferred, "agent-b")) {
            return;
        }
        var ended = driver.send(measurements, "conversation.end", Map.of("conversationId", conversation,
                "requestedBy", world.id("agent-b")));
        if (ended == null) {
            return;
        }
        if (!"ended".equals(ended.status())) {
            measurements.unexpected("conversation.end", ended);
            return;
        }
        measurements.unitCompleted();
    }

    private boolean assignedTo(Measurements measurements, String type, RoutingAnswer answer, String participant) {
        if (answer == null) {
            return false; // threw: counted as an error
        }
        if (!"assigned".equals(answer.status()) || answer.assignee() == null
                || !world.id(participant).equals(answer.assignee().participantId())) {
            measurements.unexpected(type, answer);
            return false;
        }
        return true;
    }
}
