package dev.handoff.router.benchmark;

import java.util.Map;
import java.util.function.Supplier;

import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.World;

/**
 * What wrap-up costs (one caller): a representative ends the conversation it was given, in a queue without wrap-up
 * (its capacity freed by the end) or with one (held by the end, freed by the measured {@code participant.wrap-up-done}
 * that follows). The start is measured too, so the three event types compare within one table.
 */
final class WrapUpEnd extends RoutingScenario {
    static final String PREFIX = "representative ends, ";
    private final boolean wrapsUp;
    private boolean prepared;

    WrapUpEnd(boolean wrapsUp, EventDriver driver, Supplier<World> worlds) {
        super(PREFIX + (wrapsUp ? "then is done wrapping up" : "no wrap-up"), driver, worlds);
        this.wrapsUp = wrapsUp;
    }

    boolean wrapsUp() {
        return wrapsUp;
    }

    @Override
    public String description() {
        return "a `conversation.start` given to one of 10 representatives (capacity 64 each), its `conversation.end`"
                + " by that representative" + (wrapsUp ? " in a queue with `wrapUpSeconds: 600`, then its"
                        + " `participant.wrap-up-done`" : " in a queue without wrap-up");
    }

    @Override
    public int eventsPerUnit() {
        return wrapsUp ? 3 : 2;
    }

    @Override
    public void prepare(int callers) {
        if (prepared) {
            return;
        }
        freshWorld();
        Events.send("queue.upsert", Map.of("queueId", world.id("queue"), "name", "queue", "wrapUpSeconds",
                wrapsUp ? 600 : 0));
        for (int i = 0; i < 10; i++) {
            world.representative("rep-" + i, 64, "queue");
        }
        prepared = true;
    }

    @Override
    public void runUnit(int caller, Measurements measurements) {
        var started = startAssigned(measurements, "queue", caller);
        if (started.isEmpty()) {
            return;
        }
        String conversation = started.get().conversationId();
        String holder = world.conversation(world.shortName(conversation)).assignee().participantId();
        var ended = driver.send(measurements, "conversation.end", Map.of("conversationId", conversation,
                "requestedBy", holder));
        if (ended == null) {
            return;
        }
        if (!"ended".equals(ended.status())) {
            measurements.unexpected("conversation.end", ended);
            return;
        }
        if (wrapsUp) {
            var done = driver.send(measurements, "participant.wrap-up-done", Map.of("participantId", holder,
                    "conversationId", conversation));
            if (done == null) {
                return;
            }
            if (!"ended".equals(done.status())) {
                measurements.unexpected("participant.wrap-up-done", done);
                return;
            }
        }
        measurements.unitCompleted();
    }
}
