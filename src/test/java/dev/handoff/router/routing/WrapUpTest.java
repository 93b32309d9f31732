package dev.handoff.router.routing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;

import dev.handoff.router.concurrency.ShortLease;
import dev.handoff.router.domain.ConversationStatus;
import dev.handoff.router.testing.BotServer;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.Invariants;
import dev.handoff.router.testing.World;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A queue's {@code wrapUpSeconds} against dynalite: a representative's capacity stays held after it ends a
 * conversation, until {@code participant.wrap-up-done} or the wrap-up's timer (the router's own local timers, the
 * clock skipped past the end rather than waited for); its desk is told over HTTP, signed. Then the done, repeats of it,
 * the timer and sweeps race: one release, capacity exact.
 */
@QuarkusTest
@TestProfile(ShortLease.class)
@WithTestResource(DynaliteResource.class)
class WrapUpTest extends TimerTestBase {

    /**
     * The wrap-up the timer tests skip the clock past: short, since the clock's skips add up in the application the
     * test classes of this profile share, and a desk or bot checks its calls' timestamps against real time (5 minutes'
     * tolerance).
     */
    private static final int SHORT_WRAP_UP = 5;

    /** support wraps up for {@code wrapUpSeconds}; rep-1 (room for one) holds c-1, c-2 waits behind it. */
    private World rep1HoldsC1AndC2Waits(BotServer.Bot desk, int wrapUpSeconds) {
        World world = newWorld();
        var queue = Events.send("queue.upsert", Map.of("queueId", world.id("support"), "name", "support",
                "wrapUpSeconds", wrapUpSeconds));
        assertEquals("ok", queue.getString("status"), queue.prettify());
        if (desk == null) {
            world.representative("rep-1", 1, "support");
        } else {
            world.representative("rep-1", desk, 1, "support");
        }
        assertEquals("assigned", start(world, "c-1").getString("status"));
        assertEquals("waiting", start(world, "c-2").getString("status"));
        return world;
    }

    @Test
    void anEndHoldsTheCapacityUntilDoneAndTheDeskIsToldOfTheWrapUp() {
        // GIVEN rep-1, whose desk listens, holds c-1 and c-2 waits
        var desk = bots.listener("desk-" + System.nanoTime());
        World world = rep1HoldsC1AndC2Waits(desk, 60);
        assertEquals(60, Events.send("queue.get", Map.of("queueId", world.id("support"))).getInt("wrapUpSeconds"));
        // WHEN rep-1 ends c-1: THEN its capacity stays held and c-2 waits on; conversation.get shows the wrap-up
        assertEquals("ended", end(world, "c-1").getString("status"));
        assertEquals(1, world.load("rep-1"));
        assertEquals(ConversationStatus.WAITING, world.conversation("c-2").status());
        var seen = Events.send("conversation.get", Map.of("conversationId", world.id("c-1")));
        assertEquals(world.id("rep-1"), seen.getString("wrapUps[0].participantId"), seen.prettify());
        assertEquals(java.time.Instant.parse(seen.getString("wrapUps[0].since")).plusSeconds(60),
                java.time.Instant.parse(seen.getString("wrapUps[0].until")));
        // WHEN rep-1 says it is done: THEN c-2 is handed to it
        var done = Events.send("participant.wrap-up-done", Map.of("participantId", world.id("rep-1"),
                "conversationId", world.id("c-1")));
        assertEquals("ended", done.getString("status"), done.prettify());
        assertEquals(world.id("rep-1"), world.conversation("c-2").assignee().participantId());
        assertEquals(1, world.load("rep-1"));
        // AND its desk was told, signed, in order
        await().atMost(PATIENCE).untilAsserted(() -> assertEquals(
                List.of("assigned", "released", "wrap-up-started", "wrap-up-ended", "assigned"),
                BotServer.told(desk, world)));
        assertTrue(desk.calls().stream().allMatch(BotServer.Call::signatureValid));
        await().atMost(PATIENCE).untilAsserted(() -> Invariants.check(participants, conversations,
                List.of(world.id("rep-1")), List.of(world.id("c-1"), world.id("c-2"))));
    }

    @Test
    void theTimerFreesTheCapacityWhenTheWrapUpsTimeIsUp() {
        World world = rep1HoldsC1AndC2Waits(null, SHORT_WRAP_UP);
        end(world, "c-1");
        // WHEN the router's clock passes the wrap-up's end: THEN its timer frees rep-1, and c-2 goes to it
        clock.skip(Duration.ofSeconds(SHORT_WRAP_UP + 1));
        await().atMost(PATIENCE).untilAsserted(
                () -> assertEquals(ConversationStatus.ASSIGNED, world.conversation("c-2").status()));
        assertEquals(world.id("rep-1"), world.conversation("c-2").assignee().participantId());
        assertEquals(List.of(), world.conversation("c-1").wrapUps());
        assertEquals(1, world.load("rep-1"));
    }

    @Test
    void doneRepeatsTheTimerAndSweepsRacingReleaseOnce() throws Exception {
        for (int round = 0; round < 3; round++) {
            // GIVEN rep-1 wrapping c-1 up, due now, with c-2 waiting
            World world = rep1HoldsC1AndC2Waits(null, SHORT_WRAP_UP);
            end(world, "c-1");
            clock.skip(Duration.ofSeconds(SHORT_WRAP_UP + 1));
            // WHEN two dones (one event twice and another), two looks, two sweeps and the timers' thread race
            var first = Events.event("participant.wrap-up-done", Map.of("participantId", world.id("rep-1"),
                    "conversationId", world.id("c-1")));
            var second = Events.event("participant.wrap-up-done", Map.of("participantId", world.id("rep-1"),
                    "conversationId", world.id("c-1")));
            var racers = new ArrayList<Callable<Object>>();
            for (var event : List.of(first, first, second)) {
                racers.add(() -> Events.send(event).getString("status"));
            }
            for (int i = 0; i < 2; i++) {
                racers.add(() -> deadlines.lookAt(world.id("c-1")));
                racers.add(() -> sweeper.sweep(Map.of()));
            }
            assertEquals(List.of("ended", "ended", "ended"), race(racers).subList(0, 3),
                    "each done is answered as the conversation is");
            // THEN the wrap-up ended once, and rep-1 holds c-2 alone
            await().atMost(PATIENCE).untilAsserted(
                    () -> assertEquals(ConversationStatus.ASSIGNED, world.conversation("c-2").status()));
            assertEquals(1, world.timeline("c-1").stream().filter("wrap-up-ended:rep-1"::equals).count(),
                    world.timeline("c-1").toString());
            assertEquals(1, world.load("rep-1"), "capacity exact");
            // (the hand-out settles c-2's claim after its write: awaited)
            await().atMost(PATIENCE).untilAsserted(() -> Invariants.check(participants, conversations,
                    List.of(world.id("rep-1")), List.of(world.id("c-1"), world.id("c-2"))));
        }
    }

    private static io.restassured.path.json.JsonPath start(World world, String conversation) {
        return Events.send("conversation.start", Map.of("conversationId", world.id(conversation),
                "queueId", world.id("support"), "customer", Map.of("id", "cust-" + conversation)));
    }

    private static io.restassured.path.json.JsonPath end(World world, String conversation) {
        return Events.send("conversation.end", Map.of("conversationId", world.id(conversation),
                "requestedBy", world.id("rep-1")));
    }
}
