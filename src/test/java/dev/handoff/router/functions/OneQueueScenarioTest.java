package dev.handoff.router.functions;

import static dev.handoff.router.testing.Events.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.handoff.router.testing.BotServer;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.RouterTestBase;
import dev.handoff.router.testing.World;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The acceptance scenario "two bots in one queue": Agent A, the representative and Agent B all serve one queue.
 * Omnichannel needs capacities ordered A > representative > B; here any ordering gives the right result: the start
 * goes to the bot with most room, the escalation to the representative, the transfer back to the other bot, never
 * back to the one that served.
 */
@QuarkusTest
@WithTestResource(DynaliteResource.class)
class OneQueueScenarioTest extends RouterTestBase {

    @ParameterizedTest(name = "capacities A={0}, representative={1}, B={2}")
    @CsvSource({
            "3, 2, 1, agent-a, agent-b", // the ordering Omnichannel requires
            "1, 2, 3, agent-b, agent-a", // B above A: B starts, and the transfer back goes to A
            "2, 1, 3, agent-b, agent-a", // representative lowest
            "3, 1, 2, agent-a, agent-b"})
    void escalationGoesToTheRepresentativeAndTransferBackToTheOtherBot(int capacityA, int capacityRep,
            int capacityB, String first, String last) {
        var world = newWorld();
        world.queue("queue-1");
        var agentA = bots.bot(world.id("agent-a"), "Hi, I'm Agent A.");
        var agentB = bots.bot(world.id("agent-b"), "Hi, I'm Agent B.");
        world.bot(agentA, capacityA, "queue-1");
        world.representative("rep-1", capacityRep, "queue-1");
        world.bot(agentB, capacityB, "queue-1");
        var firstBot = first.equals("agent-a") ? agentA : agentB;
        var lastBot = last.equals("agent-a") ? agentA : agentB;

        var started = start(world, "c-1");
        assertEquals(world.id(first), started.getString("assignee.participantId"));
        assertEquals(firstBot.greeting(), started.getString("greeting.text"));
        assertEquals(1, world.load(first));
        assertEquals(0, world.load("rep-1"));
        assertEquals(0, world.load(last));

        var escalated = send("conversation.escalate", Map.of("conversationId", world.id("c-1"),
                "requestedBy", world.id(first)));
        assertEquals(world.id("rep-1"), escalated.getString("assignee.participantId"));
        assertEquals(0, world.load(first));
        assertEquals(1, world.load("rep-1"));
        assertEquals(0, world.load(last));

        var transferred = send("conversation.transfer-to-bot", Map.of("conversationId", world.id("c-1"),
                "requestedBy", world.id("rep-1")));
        assertEquals(world.id(last), transferred.getString("assignee.participantId"));
        assertEquals(lastBot.greeting(), transferred.getString("greeting.text"));
        assertEquals(0, world.load(first));
        assertEquals(0, world.load("rep-1"));
        assertEquals(1, world.load(last));
        assertEquals(List.of("conversationUpdate", "event"), firstBot.callTypes());
        assertEquals(List.of("conversationUpdate", "event"), lastBot.callTypes());
        assertTrue(lastBot.calls().stream().allMatch(BotServer.Call::signatureValid));
        assertEquals(List.of("started", "assigned:" + first, "bot-notified:" + first, "greeted:" + first,
                "escalated:rep-1", "assigned:rep-1", "disconnected:" + first, "transferred:" + last,
                "assigned:" + last, "disconnected:rep-1", "bot-notified:" + last, "greeted:" + last),
                world.timeline("c-1"));
    }

    @Test
    void aTransferBackReturnsToABotThatServedOnlyWhenTheEventNamesIt() {
        var world = newWorld();
        world.queue("queue-1");
        var agentA = bots.bot(world.id("agent-a"), "Hi, I'm Agent A.");
        world.bot(agentA, 1, "queue-1");
        world.representative("rep-1", 1, "queue-1");

        start(world, "c-1");
        send("conversation.escalate", Map.of("conversationId", world.id("c-1"), "requestedBy", world.id("agent-a")));

        var unnamed = send("conversation.transfer-to-bot", Map.of("conversationId", world.id("c-1"),
                "requestedBy", world.id("rep-1")));
        assertEquals("rejected", unnamed.getString("status"));
        assertEquals("no_bot_available", unnamed.getString("error.code"));
        assertEquals(world.id("rep-1"), world.conversation("c-1").assignee().participantId(),
                "the representative keeps the conversation");
        assertEquals(1, world.load("rep-1"));

        var named = send("conversation.transfer-to-bot", Map.of("conversationId", world.id("c-1"),
                "requestedBy", world.id("rep-1"), "targetParticipantId", world.id("agent-a")));
        assertEquals("assigned", named.getString("status"));
        assertEquals(world.id("agent-a"), named.getString("assignee.participantId"));
        assertEquals(1, world.load("agent-a"));
        assertEquals(0, world.load("rep-1"));
        assertEquals(List.of("conversationUpdate", "event", "conversationUpdate", "event"), agentA.callTypes());
        assertEquals(world.id("rep-1"), agentA.calls().get(2).body().path("channelData").path("transferredFrom")
                .path("participantId").asText());
    }

    private static io.restassured.path.json.JsonPath start(World world, String conversation) {
        return send("conversation.start", Map.of("conversationId", world.id(conversation),
                "queueId", world.id("queue-1"), "customer", Map.of("id", "cust-1")));
    }
}
