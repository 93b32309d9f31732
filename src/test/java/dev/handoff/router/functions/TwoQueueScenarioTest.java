package dev.handoff.router.functions;

import static dev.handoff.router.testing.Events.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.testing.BotServer;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.RouterTestBase;
import dev.handoff.router.testing.World;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The acceptance scenario "two bots in two queues", played through the route function against dynalite, with a real
 * HTTP server as each bot. After every step: the assignee, every participant's load, the lines and the timeline.
 */
@QuarkusTest
@WithTestResource(DynaliteResource.class)
class TwoQueueScenarioTest extends RouterTestBase {

    @Test
    void aRepresentativeTransfersBackToABotOfAnotherQueue() {
        var world = newWorld();
        world.queue("queue-1");
        world.queue("queue-2");
        var agentA = bots.bot(world.id("agent-a"), "Hi, I'm Agent A. How can I help?");
        var agentB = bots.bot(world.id("agent-b"), "Hi, I'm Agent B. I'll take it from here.");
        world.bot(agentA, 3, "queue-1");
        world.representative("rep-1", 2, "queue-1");
        world.bot(agentB, 3, "queue-2");

        // 1-2. The customer starts in Queue 1; Agent A gets it, receives its two calls and greets.
        var started = send("conversation.start", Map.of("conversationId", world.id("c-1"),
                "queueId", world.id("queue-1"), "customer", Map.of("id", "cust-7", "name", "Ana", "locale", "en-US"),
                "context", Map.of("orderId", "A-1001")));
        assertEquals("assigned", started.getString("status"));
        assertEquals(world.id("agent-a"), started.getString("assignee.participantId"));
        assertEquals("bot", started.getString("assignee.kind"));
        assertEquals("Hi, I'm Agent A. How can I help?", started.getString("greeting.text"));
        assertFalse(started.getBoolean("duplicate"));
        assertEquals(List.of("conversationUpdate", "event"), agentA.callTypes());
        assertTrue(agentA.calls().stream().allMatch(BotServer.Call::signatureValid));
        assertEquals("cust-7", agentA.calls().get(1).body().path("value").path("customer").path("id").asText());
        assertEquals("A-1001", agentA.calls().get(1).body().path("value").path("orderId").asText());
        assertLoads(world, 1, 0, 0);
        assertNoOneWaits(world);
        assertEquals(List.of("started", "assigned:agent-a", "bot-notified:agent-a", "greeted:agent-a"),
                world.timeline("c-1"));

        // 3-4. The customer asks for a person: Agent A escalates; the representative takes over, A is released.
        var escalated = send("conversation.escalate", Map.of("conversationId", world.id("c-1"),
                "requestedBy", world.id("agent-a"), "reason", "customer asked for a person"));
        assertEquals("assigned", escalated.getString("status"));
        assertEquals(world.id("rep-1"), escalated.getString("assignee.participantId"));
        assertEquals("representative", escalated.getString("assignee.kind"));
        assertNull(escalated.get("greeting"));
        assertLoads(world, 0, 1, 0);
        assertNoOneWaits(world);
        assertEquals(List.of("started", "assigned:agent-a", "bot-notified:agent-a", "greeted:agent-a",
                "escalated:rep-1", "assigned:rep-1", "disconnected:agent-a"), world.timeline("c-1"));

        // 5-8. The representative transfers to a bot of Queue 2: it is released, Agent B gets the update then the
        // context with every variable so far, and its greeting is recorded and returned.
        var transferred = send("conversation.transfer-to-bot", Map.of("conversationId", world.id("c-1"),
                "requestedBy", world.id("rep-1"), "targetQueueId", world.id("queue-2"),
                "context", Map.of("refundApproved", true, "amount", 42)));
        assertEquals("assigned", transferred.getString("status"));
        assertEquals(world.id("queue-2"), transferred.getString("queueId"));
        assertEquals(world.id("agent-b"), transferred.getString("assignee.participantId"));
        assertEquals("Hi, I'm Agent B. I'll take it from here.", transferred.getString("greeting.text"));
        assertEquals(world.id("agent-b"), transferred.getString("greeting.participantId"));
        assertLoads(world, 0, 0, 1);
        assertNoOneWaits(world);

        assertEquals(List.of("conversationUpdate", "event"), agentB.callTypes());
        assertTrue(agentB.calls().stream().allMatch(BotServer.Call::signatureValid));
        var update = agentB.calls().get(0).body();
        assertEquals(world.id("c-1"), update.path("conversation").path("id").asText());
        assertEquals(world.id("agent-b"), update.path("membersAdded").get(0).path("id").asText());
        assertEquals("cust-7", update.path("membersAdded").get(1).path("id").asText(), "the customer is added too");
        for (var call : agentB.calls()) {
            var activity = call.body();
            assertEquals("handoff-router", activity.path("channelId").asText());
            assertEquals("https://router.invalid/botframework/", activity.path("serviceUrl").asText());
            assertEquals("expectReplies", activity.path("deliveryMode").asText());
            assertEquals("cust-7", activity.path("from").path("id").asText());
            assertEquals("user", activity.path("from").path("role").asText());
            assertEquals(world.id("agent-b"), activity.path("recipient").path("id").asText());
            assertEquals(call.webhookId(), activity.path("id").asText());
            assertEquals("en-US", activity.path("locale").asText(), "the customer's locale");
        }
        assertEquals(world.id("queue-2"), update.path("channelData").path("queueId").asText());
        assertEquals(world.id("rep-1"),
                update.path("channelData").path("transferredFrom").path("participantId").asText());
        assertEquals("representative", update.path("channelData").path("transferredFrom").path("kind").asText());
        var context = agentB.calls().get(1).body();
        assertEquals("omnichannelSetContext", context.path("name").asText());
        assertEquals("A-1001", context.path("value").path("orderId").asText());
        assertTrue(context.path("value").path("refundApproved").asBoolean());
        assertEquals(42, context.path("value").path("amount").asInt());
        assertEquals("Ana", context.path("value").path("customer").path("name").asText());
        assertEquals(2, agentA.calls().size(), "Agent A is told nothing more");

        assertEquals(List.of("started", "assigned:agent-a", "bot-notified:agent-a", "greeted:agent-a",
                "escalated:rep-1", "assigned:rep-1", "disconnected:agent-a", "transferred:agent-b",
                "assigned:agent-b", "disconnected:rep-1", "bot-notified:agent-b", "greeted:agent-b"),
                world.timeline("c-1"));
        var view = send("conversation.get", Map.of("conversationId", world.id("c-1")));
        assertEquals(List.of("Hi, I'm Agent A. How can I help?", "Hi, I'm Agent B. I'll take it from here."),
                view.getList("messages.text"));
        assertEquals(world.id("rep-1"), view.getString("timeline[7].from"));

        // The conversation ends: Agent B is released too.
        var ended = send("conversation.end", Map.of("conversationId", world.id("c-1"),
                "requestedBy", world.id("agent-b")));
        assertEquals("ended", ended.getString("status"));
        assertNull(ended.get("assignee"));
        assertLoads(world, 0, 0, 0);
    }

    private static void assertLoads(World world, int agentA, int representative, int agentB) {
        assertEquals(List.of(agentA, representative, agentB),
                List.of(world.load("agent-a"), world.load("rep-1"), world.load("agent-b")),
                "loads of agent-a, rep-1, agent-b");
    }

    private static void assertNoOneWaits(World world) {
        for (String queue : List.of("queue-1", "queue-2")) {
            for (KindNeeded line : KindNeeded.values()) {
                assertEquals(List.of(), world.waiting(queue, line), queue + " " + line + " line");
            }
        }
    }
}
