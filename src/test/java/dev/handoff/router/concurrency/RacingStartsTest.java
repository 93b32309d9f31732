package dev.handoff.router.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import dev.handoff.router.application.Answers.RoutingAnswer;
import dev.handoff.router.domain.ConversationStatus;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.functions.RouterFunctions;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.RouterTestBase;
import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.Invariants;
import dev.handoff.router.testing.Race;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * 200 conversations start at once (real threads against dynalite) in a queue whose total capacity is 10: exactly 10
 * are assigned, the rest wait in one consistent order, no load is ever seen above its capacity, and once everything
 * has ended every load is back to 0.
 */
@QuarkusTest
@WithTestResource(DynaliteResource.class)
class RacingStartsTest extends RouterTestBase {
    private static final int RACERS = 200;

    @Inject
    RouterFunctions functions;

    @Test
    void exactlyTheCapacityIsAssignedAndTheRestWaitsInOrder() throws Exception {
        var world = newWorld();
        world.queue("queue-1");
        world.bot(bots.bot(world.id("bot"), "Hi"), 5, "queue-1");
        world.representative("rep-1", 3, "queue-1");
        world.representative("rep-2", 2, "queue-1");
        var people = List.of(world.id("bot"), world.id("rep-1"), world.id("rep-2"));
        var capacity = Map.of(world.id("bot"), 5, world.id("rep-1"), 3, world.id("rep-2"), 2);
        var ids = new ArrayList<String>();
        for (int i = 0; i < RACERS; i++) {
            ids.add(world.id("c-" + i));
        }

        var overCapacity = Collections.newSetFromMap(new ConcurrentHashMap<String, Boolean>());
        var racing = new AtomicBoolean(true);
        var watcher = Executors.newSingleThreadExecutor();
        Future<Integer> observations = watcher.submit(() -> {
            int seen = 0;
            while (racing.get()) {
                for (var p : participants.findAll(people)) {
                    seen++;
                    if (p.load() > capacity.get(p.id())) {
                        overCapacity.add(p.id() + " at load " + p.load());
                    }
                }
            }
            return seen;
        });

        List<RoutingAnswer> answers = race(ids.stream().map(id -> Events.event("conversation.start",
                Map.of("conversationId", id, "queueId", world.id("queue-1"),
                        "customer", Map.of("id", "cust-" + id)))).toList());
        racing.set(false);
        int looks = observations.get(30, TimeUnit.SECONDS);
        watcher.shutdown();

        assertTrue(overCapacity.isEmpty(), "loads seen above capacity: " + overCapacity);
        assertTrue(looks > 0, "the watcher looked at the loads while the race ran");
        long assigned = answers.stream().filter(a -> a.status().equals("assigned")).count();
        long waiting = answers.stream().filter(a -> a.status().equals("waiting")).count();
        assertEquals(10, assigned);
        assertEquals(RACERS - 10, waiting);
        assertEquals(List.of(5, 3, 2), List.of(world.load("bot"), world.load("rep-1"), world.load("rep-2")));

        // One consistent line: every waiting conversation once, in arrival order, its position its place in it.
        List<String> line = world.waiting("queue-1", KindNeeded.ANY);
        assertEquals(RACERS - 10, line.size());
        assertEquals(RACERS - 10, line.stream().distinct().count());
        var stored = line.stream().map(world::conversation).toList();
        for (int i = 1; i < stored.size(); i++) {
            assertTrue(!stored.get(i).waitingSince().isBefore(stored.get(i - 1).waitingSince()), "line in order");
        }
        for (int i = 0; i < stored.size(); i += 37) {
            assertEquals(i + 1, conversations.position(stored.get(i)));
        }
        Invariants.check(participants, conversations, people, ids);

        // Everything ends, concurrently: freed capacity goes down the line until the line is empty.
        race(ids.stream().map(id -> Events.event("conversation.end",
                Map.of("conversationId", id, "requestedBy", "cust-" + id))).toList());
        for (String id : ids) {
            var c = conversations.find(id).orElseThrow();
            assertEquals(ConversationStatus.ENDED, c.status(), id);
        }
        assertEquals(List.of(0, 0, 0), List.of(world.load("bot"), world.load("rep-1"), world.load("rep-2")));
        assertEquals(List.of(), world.waiting("queue-1", KindNeeded.ANY));
        Invariants.check(participants, conversations, people, ids);
    }

    private List<RoutingAnswer> race(List<Map<String, Object>> events) throws Exception {
        return Race.all(functions, events, 32);
    }
}
