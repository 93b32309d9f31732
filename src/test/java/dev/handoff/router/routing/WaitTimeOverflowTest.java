package dev.handoff.router.routing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;

import dev.handoff.router.concurrency.ShortLease;
import dev.handoff.router.domain.ConversationStatus;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.QueueStore;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.World;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * A queue's rule on time waited ({@code maxWaitSeconds}) against dynalite, fired by the router's own timers (dev mode's
 * and the tests'): the router's clock is skipped past the due time rather than waited for, and the timers' thread,
 * which looks at that clock, fires within its tick. Then the timers race the sweeper and each other: one outcome each.
 */
@QuarkusTest
@TestProfile(ShortLease.class)
@WithTestResource(DynaliteResource.class)
class WaitTimeOverflowTest extends TimerTestBase {
    /**
     * The rule of the raced waits, whose clock is skipped three times: short, since skips add up in the application
     * the test classes of this profile share, and a bot checks its calls' timestamps against real time.
     */
    private static final int RACED_WAIT = 5;

    @Inject
    QueueStore queues;

    @Test
    void aConversationThatWaitedTooLongIsMovedByItsTimer() {
        // GIVEN sales, where nobody serves, whose rule sends who waited 60 s to support (rep-s has room)
        World world = newWorld();
        world.queue("support");
        world.representative("rep-s", 1, "support");
        upsertSales(world, 60);
        // WHEN a conversation starts in sales: THEN it waits, due 60 s on
        assertEquals("waiting", start(world, "c-1").getString("status"));
        var waiting = world.conversation("c-1");
        assertEquals(waiting.waitingSince().plusSeconds(60), waiting.dueAt());
        // WHEN the router's clock passes the due time
        clock.skip(Duration.ofSeconds(61));
        // THEN its timer moves it to rep-s in support, and sales' line is empty; the line's counter is written after
        // the conversation (by the same step, on the timers' thread), so it is awaited with it
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertEquals(ConversationStatus.ASSIGNED, world.conversation("c-1").status());
            assertEquals(0,
                    queues.lines(List.of(world.id("sales"))).get(world.id("sales")).get(KindNeeded.ANY).waiting());
        });
        var moved = world.conversation("c-1");
        assertEquals(world.id("rep-s"), moved.assignee().participantId());
        assertEquals(world.id("support"), moved.queueId());
        assertNull(moved.dueAt());
        assertEquals(List.of(), world.waiting("sales", KindNeeded.ANY));
        // AND queue.get answers the rule as given
        var sales = Events.send("queue.get", Map.of("queueId", world.id("sales")));
        assertEquals(60, sales.getInt("overflow[0].when.maxWaitSeconds"));
    }

    @Test
    void aRelaxationStepLetsARepresentativeWithALowerLevelTakeItWhenItsTimeComes() {
        // GIVEN support, which after 30 s waited asks a level less of each skill, and rep-fr with French at level 2
        World world = newWorld();
        var answer = Events.send("queue.upsert", Map.of("queueId", world.id("support"), "name", "support",
                "skillRelaxation", List.of(Map.of("afterSeconds", 30, "lowerBy", 1))));
        assertEquals("ok", answer.getString("status"), answer.prettify());
        world.skilledRepresentative("rep-fr", Map.of("french", 2), 1, "support");
        // WHEN a conversation requiring French at level 3 starts: THEN it waits, nobody qualifying
        var started = Events.send("conversation.start", Map.of("conversationId", world.id("c-1"),
                "queueId", world.id("support"), "customer", Map.of("id", "cust-1"),
                "requiredSkills", Map.of("french", 3)));
        assertEquals("waiting", started.getString("status"), started.prettify());
        // WHEN the router's clock passes the step's time
        clock.skip(Duration.ofSeconds(31));
        // THEN its timer relaxes it, and rep-fr takes it
        await().atMost(PATIENCE).untilAsserted(
                () -> assertEquals(ConversationStatus.ASSIGNED, world.conversation("c-1").status()));
        assertEquals(world.id("rep-fr"), world.conversation("c-1").assignee().participantId());
        var seen = Events.send("conversation.get", Map.of("conversationId", world.id("c-1")));
        assertEquals(2, seen.getInt("requiredSkills.french"));
        assertEquals(30, Events.send("queue.get", Map.of("queueId", world.id("support")))
                .getInt("skillRelaxation[0].afterSeconds"));
    }

    @Test
    void timersSweepsAndRepeatsRacingOverDueWaitsActOnceEach() throws Exception {
        for (int round = 0; round < 3; round++) {
            // GIVEN six conversations waiting in sales, due together, and rep-s in support with room for three
            World world = newWorld();
            world.queue("support");
            world.representative("rep-s", 3, "support");
            upsertSales(world, RACED_WAIT);
            var ids = new ArrayList<String>();
            for (int i = 0; i < 6; i++) {
                start(world, "c-" + i);
                ids.add(world.id("c-" + i));
            }
            // WHEN their time passes (and a lease more, for the sweeper), and the timers' thread, two sweeps and
            // every conversation looked at twice from other threads race each other
            clock.skip(Duration.ofSeconds(RACED_WAIT + 1));
            var racers = new ArrayList<Callable<Object>>();
            racers.add(() -> sweeper.sweep(Map.of()));
            racers.add(() -> sweeper.sweep(Map.of()));
            for (String id : ids) {
                for (int twice = 0; twice < 2; twice++) {
                    racers.add(() -> deadlines.lookAt(id));
                }
            }
            race(racers);
            // (the timers' thread may still be on a step whose conversation is written and its old line's counter
            // not yet: both are awaited)
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertEquals(6, ids.stream()
                        .filter(id -> world.id("support").equals(conversations.find(id).orElseThrow().queueId()))
                        .count());
                assertEquals(0, queues.lines(List.of(world.id("sales"))).get(world.id("sales"))
                        .get(KindNeeded.ANY).waiting(), "each counted gone once");
            });
            // THEN each moved once: three went to rep-s, three wait in support's line, none in sales'
            var timelines = ids.stream().map(id -> conversations.find(id).orElseThrow()).toList();
            assertEquals(3, timelines.stream().filter(c -> c.status() == ConversationStatus.ASSIGNED).count());
            assertEquals(3, world.load("rep-s"), "capacity exact");
            assertEquals(3, world.waiting("support", KindNeeded.ANY).size());
            assertEquals(List.of(), world.waiting("sales", KindNeeded.ANY));
            for (var conversation : timelines) {
                assertEquals(1, conversation.timeline().stream().filter(e -> e.event().equals("overflowed")).count(),
                        conversation.id() + " overflowed once: " + conversation.timeline());
                assertNull(conversation.dueAt(), "support has no rule on time waited");
            }
            var lines = queues.lines(List.of(world.id("sales"), world.id("support")));
            // AND support's counter, which racers that lost took tickets of too, is never below the line, and exact
            // after the sweeper's recount a lease later
            assertTrue(lines.get(world.id("support")).get(KindNeeded.ANY).waiting() >= 3);
            clock.skip(Duration.ofSeconds(1));
            sweeper.sweep(Map.of());
            assertEquals(3, queues.lines(List.of(world.id("support"))).get(world.id("support"))
                    .get(KindNeeded.ANY).waiting());
        }
    }

    private static void upsertSales(World world, int maxWaitSeconds) {
        var answer = Events.send("queue.upsert", Map.of("queueId", world.id("sales"), "name", "sales",
                "overflow", List.of(Map.of("when", Map.of("maxWaitSeconds", maxWaitSeconds),
                        "then", Map.of("transferToQueue", world.id("support"))))));
        assertEquals("ok", answer.getString("status"), answer.prettify());
    }

    private static io.restassured.path.json.JsonPath start(World world, String conversation) {
        return Events.send("conversation.start", Map.of("conversationId", world.id(conversation),
                "queueId", world.id("sales"), "customer", Map.of("id", "cust-" + conversation)));
    }
}
