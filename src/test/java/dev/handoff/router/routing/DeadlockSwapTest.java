package dev.handoff.router.routing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.Invariants;
import dev.handoff.router.testing.RouterTestBase;
import dev.handoff.router.testing.World;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Bots and representatives waiting on each other, against dynalite: every bot and every representative full, a
 * representative handing a conversation back to a bot (waiting for one) and a bot escalating one to that
 * representative. Without a swap nothing would ever move; with it the two holders exchange conversations directly,
 * once, whichever side asks first, also when both ask at the same moment, each twice, from racing threads.
 */
@QuarkusTest
@WithTestResource(DynaliteResource.class)
class DeadlockSwapTest extends RouterTestBase {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    /**
     * front (bots) and desk (rep-1, room for one). bot-1 greeted c-1, which rep-1 holds now; bot-1 holds c-2 and bot-2
     * c-3: everyone is full.
     */
    private World everyoneFull() {
        World world = newWorld();
        world.queue("front");
        world.queue("desk");
        world.bot(bots.bot(world.id("bot-1"), "Hi, bot 1 here."), 1, "front");
        world.representative("rep-1", 1, "desk");
        start(world, "c-1");
        var escalated = Events.send(escalate(world, "c-1", "bot-1"));
        assertEquals(world.id("rep-1"), escalated.getString("assignee.participantId"), escalated.prettify());
        start(world, "c-2");
        world.bot(bots.bot(world.id("bot-2"), "Hi, bot 2 here."), 1, "front");
        start(world, "c-3");
        assertEquals(world.id("bot-2"), world.conversation("c-3").assignee().participantId());
        return world;
    }

    @Test
    void aHandBackMeetingAnEscalationOfItsBotSwapsThem() {
        World world = everyoneFull();
        // GIVEN bot-2 escalated c-3 to desk, where rep-1 is full: it waits, bot-2 keeping it
        assertEquals("waiting", Events.send(escalate(world, "c-3", "bot-2")).getString("status"));
        // WHEN rep-1 hands c-1 back to front, waiting for a bot
        var answer = Events.send(handBack(world));
        // THEN bot-2 takes c-1 and greets, rep-1 takes c-3
        assertEquals("assigned", answer.getString("status"), answer.prettify());
        assertEquals(world.id("bot-2"), answer.getString("assignee.participantId"));
        assertEquals("Hi, bot 2 here.", answer.getString("greeting.text"));
        assertEquals(world.id("rep-1"), world.conversation("c-3").assignee().participantId());
        assertEquals(List.of(1, 1, 1), List.of(world.load("rep-1"), world.load("bot-1"), world.load("bot-2")));
        await().atMost(PATIENCE).untilAsserted(() -> Invariants.check(participants, conversations,
                ids(world, "rep-1", "bot-1", "bot-2"), ids(world, "c-1", "c-2", "c-3")));
    }

    @Test
    void bothSidesAskingAtOnceAndTwiceSwapOnce() throws Exception {
        for (int round = 0; round < 3; round++) {
            World world = everyoneFull();
            var escalation = escalate(world, "c-3", "bot-2");
            var handBack = handBack(world);
            var go = new CountDownLatch(1);
            var racers = new ArrayList<Callable<String>>();
            for (var event : List.of(escalation, handBack, escalation, handBack)) {
                racers.add(() -> {
                    go.await();
                    return Events.send(event).getString("status");
                });
            }
            var pool = Executors.newFixedThreadPool(4);
            try {
                var futures = racers.stream().map(pool::submit).toList();
                go.countDown();
                for (var future : futures) {
                    assertNotEquals("rejected", future.get());
                }
            } finally {
                pool.shutdownNow();
            }
            // THEN exactly one swap: bot-2 holds c-1, rep-1 holds c-3, and capacity is exact
            assertEquals(world.id("bot-2"), world.conversation("c-1").assignee().participantId(),
                    world.timeline("c-1").toString());
            assertEquals(world.id("rep-1"), world.conversation("c-3").assignee().participantId(),
                    world.timeline("c-3").toString());
            assertEquals(1, world.timeline("c-1").stream().filter(e -> e.startsWith("swapped")).count());
            assertEquals(1, world.timeline("c-3").stream().filter(e -> e.startsWith("swapped")).count());
            assertEquals(List.of(1, 1, 1), List.of(world.load("rep-1"), world.load("bot-1"), world.load("bot-2")));
            await().atMost(PATIENCE).untilAsserted(() -> Invariants.check(participants, conversations,
                    ids(world, "rep-1", "bot-1", "bot-2"), ids(world, "c-1", "c-2", "c-3")));
        }
    }

    private static List<String> ids(World world, String... names) {
        return java.util.Arrays.stream(names).map(world::id).toList();
    }

    private static void start(World world, String conversation) {
        Events.send("conversation.start", Map.of("conversationId", world.id(conversation),
                "queueId", world.id("front"), "customer", Map.of("id", "cust-" + conversation)));
    }

    private static Map<String, Object> escalate(World world, String conversation, String bot) {
        return Events.event("conversation.escalate", Map.of("conversationId", world.id(conversation),
                "requestedBy", world.id(bot), "targetQueueId", world.id("desk")));
    }

    private static Map<String, Object> handBack(World world) {
        return Events.event("conversation.transfer-to-bot", Map.of("conversationId", world.id("c-1"),
                "requestedBy", world.id("rep-1"), "targetQueueId", world.id("front"), "waitForBot", true));
    }
}
