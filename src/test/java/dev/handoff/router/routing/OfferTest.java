package dev.handoff.router.routing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.handoff.router.testing.BotServer;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.Invariants;
import dev.handoff.router.testing.World;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A queue's {@code offer} against dynalite: a bot's escalation is offered to a representative, whose desk is told over
 * HTTP, signed; the bot keeps the customer until the accept. Then accepts, declines, the offer's timer (the router's
 * own local timers, the clock skipped past the deadline) and sweeps race: exactly one outcome, capacity exact.
 */
@QuarkusTest
@TestProfile(ShortLease.class)
@WithTestResource(DynaliteResource.class)
class OfferTest extends TimerTestBase {
    /** Short, for the clock's skips add up in the application this profile's classes share (see WrapUpTest). */
    private static final int SHORT_OFFER = 5;

    /** Long enough that an answer given at once comes in time, however slow the machine. */
    private static final int IN_TIME = 600;

    /**
     * bot-1 (front) holds c-1 and escalates it to support, which offers for {@code timeoutSeconds}; rep-1 has the most
     * room, rep-2 one.
     */
    private World escalatedToSupport(BotServer.Bot desk, int timeoutSeconds) {
        World world = newWorld();
        world.queue("front");
        var queue = Events.send("queue.upsert", Map.of("queueId", world.id("support"), "name", "support",
                "offer", Map.of("timeoutSeconds", timeoutSeconds, "declineLimit", 3)));
        assertEquals("ok", queue.getString("status"), queue.prettify());
        world.bot(bots.bot(world.id("bot-1"), "Hi, bot 1 here."), 1, "front");
        if (desk == null) {
            world.representative("rep-1", 2, "support");
        } else {
            world.representative("rep-1", desk, 2, "support");
        }
        world.representative("rep-2", 1, "support");
        var started = Events.send("conversation.start", Map.of("conversationId", world.id("c-1"),
                "queueId", world.id("front"), "customer", Map.of("id", "cust-1")));
        assertEquals("assigned", started.getString("status"), started.prettify());
        var escalated = Events.send("conversation.escalate", Map.of("conversationId", world.id("c-1"),
                "requestedBy", world.id("bot-1"), "targetQueueId", world.id("support")));
        assertEquals("waiting", escalated.getString("status"), escalated.prettify());
        assertEquals(world.id("rep-1"), escalated.getString("offer.participantId"));
        return world;
    }

    @Test
    void theDeskIsOfferedItAndTheAcceptMakesTheHolder() {
        var desk = bots.listener("desk-" + System.nanoTime());
        World world = escalatedToSupport(desk, IN_TIME);
        assertEquals(IN_TIME, Events.send("queue.get", Map.of("queueId", world.id("support")))
                .getInt("offer.timeoutSeconds"));
        // THEN the bot keeps it, rep-1's capacity is held, conversation.get shows the offer
        assertEquals(world.id("bot-1"), world.conversation("c-1").assignee().participantId());
        assertEquals(1, world.load("rep-1"));
        var seen = Events.send("conversation.get", Map.of("conversationId", world.id("c-1")));
        assertEquals(world.id("rep-1"), seen.getString("offer.participantId"), seen.prettify());
        // AND the desk was offered it, signed, with its deadline and the bot's greeting in the transcript
        await().atMost(PATIENCE).untilAsserted(() -> assertEquals(List.of("offered"), BotServer.told(desk, world)));
        var offered = desk.calls().get(0);
        assertTrue(offered.signatureValid());
        assertEquals(seen.getString("offer.until"), offered.body().path("expiresAt").asText());
        assertEquals("Hi, bot 1 here.", offered.body().path("transcript").path(0).path("text").asText());
        // WHEN rep-1 accepts: THEN it holds it, and the bot is let go
        var accepted = Events.send("conversation.accept", Map.of("conversationId", world.id("c-1"),
                "participantId", world.id("rep-1")));
        assertEquals("assigned", accepted.getString("status"), accepted.prettify());
        assertEquals(world.id("rep-1"), accepted.getString("assignee.participantId"));
        assertEquals(0, world.load("bot-1"));
        await().atMost(PATIENCE).untilAsserted(
                () -> assertEquals(List.of("offered", "assigned"), BotServer.told(desk, world)));
        await().atMost(PATIENCE).untilAsserted(() -> Invariants.check(participants, conversations,
                List.of(world.id("rep-1"), world.id("rep-2"), world.id("bot-1")), List.of(world.id("c-1"))));
    }

    @Test
    void theTimerExpiresAnUnansweredOfferAndTheNextIsOfferedIt() {
        World world = escalatedToSupport(null, SHORT_OFFER);
        clock.skip(Duration.ofSeconds(SHORT_OFFER + 1));
        // (it is back in its line for a moment, between the two writes)
        await().atMost(PATIENCE).untilAsserted(() -> assertEquals(world.id("rep-2"), java.util.Optional.ofNullable(
                world.conversation("c-1").offer()).map(o -> o.holder().participantId()).orElse(null)));
        // (rep-1's claim is released after the write that moved the offer: awaited)
        await().atMost(PATIENCE).untilAsserted(() -> assertEquals(0, world.load("rep-1")));
        assertEquals(1, world.load("rep-2"));
        assertTrue(world.timeline("c-1").contains("offer-expired:rep-1"), world.timeline("c-1").toString());
        assertEquals(1, participants.find(world.id("rep-1")).orElseThrow().missedOffers());
    }

    @Test
    void acceptsDeclinesTheTimerAndSweepsRacingEndTheOfferOnce() throws Exception {
        for (int round = 0; round < 3; round++) {
            // GIVEN c-1 offered to rep-1, its deadline just passed (so each racer may act on it)
            World world = escalatedToSupport(null, SHORT_OFFER);
            clock.skip(Duration.ofSeconds(SHORT_OFFER));
            var accept = Events.event("conversation.accept", Map.of("conversationId", world.id("c-1"),
                    "participantId", world.id("rep-1")));
            var decline = Events.event("conversation.decline", Map.of("conversationId", world.id("c-1"),
                    "participantId", world.id("rep-1")));
            // WHEN an accept (twice), a decline (twice), two timer looks, a sweep and the timers' thread race
            var racers = new ArrayList<Callable<Object>>();
            for (var event : List.of(accept, accept, decline, decline)) {
                racers.add(() -> Events.send(event).getString("status"));
            }
            for (int i = 0; i < 2; i++) {
                racers.add(() -> deadlines.lookAt(world.id("c-1")));
            }
            racers.add(() -> sweeper.sweep(Map.of()));
            race(racers);
            // THEN exactly one ended rep-1's offer: the accept is late (the deadline passed), so a decline or the
            // timer did, and rep-2 is offered it; rep-1 missed it once
            var timeline = world.timeline("c-1");
            long ended = timeline.stream().filter(e -> e.equals("declined:rep-1") || e.equals("offer-expired:rep-1"))
                    .count();
            assertEquals(1, ended, timeline.toString());
            assertFalse(timeline.contains("accepted:rep-1"), timeline.toString());
            assertEquals(ConversationStatus.WAITING, world.conversation("c-1").status());
            assertEquals(world.id("rep-2"), world.conversation("c-1").offer().holder().participantId());
            assertEquals(world.id("bot-1"), world.conversation("c-1").assignee().participantId());
            // (the timers' thread may be the one that ended it, its release still under way: awaited)
            await().atMost(PATIENCE).untilAsserted(() -> assertEquals(0, world.load("rep-1"), "capacity exact"));
            assertEquals(1, world.load("rep-2"));
            assertEquals(1, participants.find(world.id("rep-1")).orElseThrow().missedOffers());
            await().atMost(PATIENCE).untilAsserted(() -> Invariants.check(participants, conversations,
                    List.of(world.id("rep-1"), world.id("rep-2"), world.id("bot-1")), List.of(world.id("c-1"))));
            // AND rep-2 accepts in time: it holds it
            var accepted = Events.send("conversation.accept", Map.of("conversationId", world.id("c-1"),
                    "participantId", world.id("rep-2")));
            assertEquals("assigned", accepted.getString("status"), accepted.prettify());
            assertNull(world.conversation("c-1").offer());
        }
    }

    @Test
    void anAcceptAndADeclineRacingInTimeMakeOneOutcome() throws Exception {
        for (int round = 0; round < 3; round++) {
            World world = escalatedToSupport(null, IN_TIME);
            var accept = Events.event("conversation.accept", Map.of("conversationId", world.id("c-1"),
                    "participantId", world.id("rep-1")));
            var decline = Events.event("conversation.decline", Map.of("conversationId", world.id("c-1"),
                    "participantId", world.id("rep-1")));
            var racers = new ArrayList<Callable<Object>>();
            for (var event : List.of(accept, decline, accept, decline)) {
                racers.add(() -> {
                    var answer = Events.send(event);
                    return answer.getString("status") + ":" + answer.getString("error.code");
                });
            }
            var answers = race(racers);
            var c1 = world.conversation("c-1");
            boolean acceptedFirst = world.timeline("c-1").contains("accepted:rep-1");
            if (acceptedFirst) { // the declines found it held by rep-1
                assertEquals(world.id("rep-1"), c1.assignee().participantId(), answers.toString());
                assertEquals(1, world.load("rep-1"));
                assertEquals(0, world.load("bot-1"));
                assertFalse(world.timeline("c-1").contains("declined:rep-1"));
            } else { // the accepts found it offered to rep-2
                assertEquals(world.id("rep-2"), c1.offer().holder().participantId(), answers.toString());
                assertEquals(0, world.load("rep-1"));
                assertEquals(1, world.load("bot-1"));
            }
            await().atMost(PATIENCE).untilAsserted(() -> Invariants.check(participants, conversations,
                    List.of(world.id("rep-1"), world.id("rep-2"), world.id("bot-1")), List.of(world.id("c-1"))));
        }
    }
}
