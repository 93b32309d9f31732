package dev.handoff.router.functions;

import static dev.handoff.router.testing.Events.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.RouterTestBase;
import dev.handoff.router.testing.World;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** More conversations than capacity: the extra ones wait in order and are handed out as capacity frees. */
@QuarkusTest
@WithTestResource(DynaliteResource.class)
class WaitingTest extends RouterTestBase {

    @Test
    void extraConversationsWaitInOrderAndAreAssignedAsCapacityFrees() {
        var world = newWorld();
        world.queue("queue-1");
        var bot = bots.bot(world.id("agent-a"), "Hello!");
        world.bot(bot, 2, "queue-1");

        assertEquals("assigned", start(world, "c-1").getString("status"));
        assertEquals("assigned", start(world, "c-2").getString("status"));
        var third = start(world, "c-3");
        assertEquals("waiting", third.getString("status"));
        assertEquals(1, third.getInt("position"));
        assertNull(third.get("assignee"));
        var fourth = start(world, "c-4");
        assertEquals("waiting", fourth.getString("status"));
        assertEquals(2, fourth.getInt("position"));
        assertEquals(2, world.load("agent-a"));
        assertEquals(List.of("c-3", "c-4"), world.waiting("queue-1", KindNeeded.ANY));
        assertEquals(List.of("started", "waiting"), world.timeline("c-3"));

        // The first ends: its capacity goes to the longest-waiting conversation, whose bot is told and greets.
        send("conversation.end", Map.of("conversationId", world.id("c-1"), "requestedBy", world.id("agent-a")));
        assertEquals(2, world.load("agent-a"));
        assertEquals(List.of("c-4"), world.waiting("queue-1", KindNeeded.ANY));
        assertEquals(List.of("started", "waiting", "assigned:agent-a", "bot-notified:agent-a", "greeted:agent-a"),
                world.timeline("c-3"));
        var fourthNow = send("conversation.get", Map.of("conversationId", world.id("c-4")));
        assertEquals("waiting", fourthNow.getString("status"));
        assertEquals(6, bot.calls().size(), "two calls each for c-1, c-2 and c-3; none for c-4 yet");

        send("conversation.end", Map.of("conversationId", world.id("c-2"), "requestedBy", "cust-c-2"));
        assertEquals(List.of(), world.waiting("queue-1", KindNeeded.ANY));
        assertEquals("assigned", world.conversation("c-4").status().wire());
        assertEquals(2, world.load("agent-a"));

        send("conversation.end", Map.of("conversationId", world.id("c-3"), "requestedBy", world.id("agent-a")));
        send("conversation.end", Map.of("conversationId", world.id("c-4"), "requestedBy", world.id("agent-a")));
        assertEquals(0, world.load("agent-a"));
    }

    @Test
    void anEscalationWaitsWithTheBotUntilARepresentativeBecomesAvailable() {
        var world = newWorld();
        world.queue("queue-1");
        var bot = bots.bot(world.id("agent-a"), "Hello!");
        world.bot(bot, 1, "queue-1");
        world.representative("rep-1", 1, "queue-1");
        send("participant.presence", Map.of("participantId", world.id("rep-1"), "presence", "offline"));

        start(world, "c-1");
        var escalated = send("conversation.escalate", Map.of("conversationId", world.id("c-1"),
                "requestedBy", world.id("agent-a")));
        assertEquals("waiting", escalated.getString("status"));
        assertEquals(1, escalated.getInt("position"));
        assertEquals(world.id("agent-a"), escalated.getString("assignee.participantId"),
                "the bot keeps the customer company meanwhile");
        assertEquals(1, world.load("agent-a"));
        assertEquals(List.of("c-1"), world.waiting("queue-1", KindNeeded.REPRESENTATIVE));

        var available = send("participant.presence", Map.of("participantId", world.id("rep-1"),
                "presence", "available"));
        assertEquals("ok", available.getString("status"));
        assertEquals(List.of(world.id("c-1")), available.getList("assigned.conversationId"));
        assertEquals(List.of(world.id("rep-1")), available.getList("assigned.assignee.participantId"));
        assertEquals(0, world.load("agent-a"));
        assertEquals(1, world.load("rep-1"));
        assertEquals(List.of(), world.waiting("queue-1", KindNeeded.REPRESENTATIVE));
        assertEquals(List.of("started", "assigned:agent-a", "bot-notified:agent-a", "greeted:agent-a",
                "escalated", "waiting", "assigned:rep-1", "disconnected:agent-a"), world.timeline("c-1"));
    }

    private static JsonPath start(World world, String conversation) {
        return send("conversation.start", Map.of("conversationId", world.id(conversation),
                "queueId", world.id("queue-1"), "customer", Map.of("id", "cust-" + conversation)));
    }
}
