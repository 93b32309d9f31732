package dev.handoff.router.benchmark;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import dev.handoff.router.domain.AssignmentMethod;
import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.World;

/**
 * What the routing policies of issue 13 cost (one caller): a start in a queue of representatives with room under each
 * assignment method; and a start that waits at the back of a line, with and without a conversation with a priority in
 * that line (with one, its place is counted instead of taken from its ticket).
 */
final class PolicyStart extends RoutingScenario {
    static final String METHOD_PREFIX = "start, assignment ";
    static final String WAITING_PREFIX = "waiting start, ";
    private final int members;
    private final int ahead;
    private final AssignmentMethod method;
    private final boolean prioritizedLine;
    private boolean prepared;

    private PolicyStart(String name, EventDriver driver, Supplier<World> worlds, AssignmentMethod method,
            boolean prioritizedLine, int size) {
        super(name, driver, worlds);
        this.members = size;
        this.ahead = 2 * size;
        this.method = method;
        this.prioritizedLine = prioritizedLine;
    }

    /** A start that is assigned, in a queue of {@code size} representatives with room ranked by {@code method}. */
    static PolicyStart assigned(AssignmentMethod method, int size, EventDriver driver, Supplier<World> worlds) {
        return new PolicyStart(METHOD_PREFIX + method.wire(), driver, worlds, method, false, size);
    }

    /** A start that waits behind twice {@code size}, with or without someone with a priority among them. */
    static PolicyStart waiting(boolean prioritizedLine, int size, EventDriver driver, Supplier<World> worlds) {
        return new PolicyStart(WAITING_PREFIX + (prioritizedLine ? "a priority in line" : "no priority in line"),
                driver, worlds, null, prioritizedLine, size);
    }

    AssignmentMethod method() {
        return method;
    }

    boolean prioritizedLine() {
        return prioritizedLine;
    }

    @Override
    public String description() {
        return method != null
                ? "a `conversation.start` in a queue of " + members + " representatives (capacity 64 each) whose"
                        + " assignment is `" + method.wire() + "`, then an unmeasured `conversation.end`"
                : "a `conversation.start` that waits behind " + ahead + " others (its place in the answer), "
                        + (prioritizedLine ? "one of them with priority 3" : "none with a priority")
                        + ", then an unmeasured `conversation.end` by its customer";
    }

    @Override
    public int eventsPerUnit() {
        return 1;
    }

    @Override
    public void prepare(int callers) {
        if (prepared) {
            return;
        }
        freshWorld();
        var queue = new HashMap<String, Object>(Map.of("queueId", world.id("queue"), "name", "queue"));
        if (method != null) {
            queue.put("assignment", method.wire());
        }
        Events.send("queue.upsert", queue);
        if (method != null) {
            for (int i = 0; i < members; i++) {
                world.representative(String.format("rep-%03d", i), 64, "queue");
            }
        } else {
            world.representative("rep", 1, "queue");
            start("busy", 0);
            for (int i = 0; i < ahead; i++) {
                start("ahead-" + i, prioritizedLine && i == ahead / 2 ? 3 : 0);
            }
        }
        prepared = true;
    }

    @Override
    public void runUnit(int caller, Measurements measurements) {
        if (method != null) {
            startAssigned(measurements, "queue", caller).ifPresent(started -> {
                measurements.unitCompleted();
                endUnmeasured(started);
            });
            return;
        }
        String conversation = "w-" + UUID.randomUUID();
        var answer = driver.send(measurements, "conversation.start", Map.of("conversationId", world.id(conversation),
                "queueId", world.id("queue"), "customer", Map.of("id", "cust-" + conversation)));
        if (answer == null) {
            return;
        }
        if (!"waiting".equals(answer.status()) || answer.position() == null || answer.position() != ahead + 1) {
            measurements.unexpected("conversation.start", answer);
        } else {
            measurements.unitCompleted();
        }
        driver.sendUnmeasured("conversation.end", Map.of("conversationId", world.id(conversation),
                "requestedBy", "cust-" + conversation));
    }

    private void start(String conversation, int priority) {
        Events.send("conversation.start", Map.of("conversationId", world.id(conversation), "queueId",
                world.id("queue"), "customer", Map.of("id", "cust-" + conversation), "priority", priority));
    }
}
