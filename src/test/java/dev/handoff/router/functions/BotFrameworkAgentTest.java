package dev.handoff.router.functions;

import static dev.handoff.router.testing.Events.send;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.handoff.router.testing.BotFrameworkBot;
import dev.handoff.router.testing.BotServer;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.RouterTestBase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An unmodified Bot Framework bot (botbuilder's CloudAdapter and ActivityHandler, no app id, greeting in
 * onMembersAdded, as the SDK's samples write one) is Agent B of the two-queue scenario: the router's calls are
 * activities the SDK accepts, it answers in the HTTP response, and it greets exactly once.
 */
@QuarkusTest
@WithTestResource(DynaliteResource.class)
class BotFrameworkAgentTest extends RouterTestBase {
    private static BotFrameworkBot agentB;

    @BeforeAll
    static void startTheSdkBot() {
        agentB = BotFrameworkBot.start("Agent B");
    }

    @AfterAll
    static void stopTheSdkBot() {
        agentB.close();
    }

    @Test
    void anSdkBotTakesTheTransferBackAndGreetsOnce() {
        var world = newWorld();
        world.queue("queue-1");
        world.queue("queue-2");
        world.bot(bots.bot(world.id("agent-a"), "Hi, I'm Agent A."), 3, "queue-1");
        world.representative("rep-1", 2, "queue-1");
        var registered = send("participant.upsert", Map.of("participantId", world.id("agent-b"), "kind", "bot",
                "name", "Agent B", "capacity", 3, "queues", List.of(world.id("queue-2")),
                "webhook", Map.of("url", agentB.url(), "secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")));
        assertEquals("ok", registered.getString("status"), registered.prettify());
        var webchat = bots.listener(world.id("webchat"));
        world.channel("webchat", webchat);

        send("conversation.start", Map.of("conversationId", world.id("c-1"), "queueId", world.id("queue-1"),
                "customer", Map.of("id", "cust-7", "name", "Ana", "locale", "en-US"),
                "channel", world.id("webchat"), "context", Map.of("orderId", "A-1001")));
        send("conversation.escalate", Map.of("conversationId", world.id("c-1"), "requestedBy", world.id("agent-a")));
        var transferred = send("conversation.transfer-to-bot", Map.of("conversationId", world.id("c-1"),
                "requestedBy", world.id("rep-1"), "targetQueueId", world.id("queue-2")));

        assertEquals(world.id("agent-b"), transferred.getString("assignee.participantId"), transferred.prettify());
        assertEquals("delivered", transferred.getString("delivery.status"));
        assertEquals("Hi, I'm Agent B. How can I help?", transferred.getString("greeting.text"));
        var view = send("conversation.get", Map.of("conversationId", world.id("c-1")));
        assertEquals(List.of("Hi, I'm Agent A.", "Hi, I'm Agent B. How can I help?"), view.getList("messages.text"),
                "each bot greeted once");
        assertEquals(List.of("bot-notified:agent-b", "greeted:agent-b"),
                world.timeline("c-1").subList(world.timeline("c-1").size() - 2, world.timeline("c-1").size()));

        // The customer chats with it: it answers, and its answer shows it saw the context it was given.
        var answer = send("conversation.message", Map.of("conversationId", world.id("c-1"), "from", "cust-7",
                "text", "where is my order?"));
        assertEquals("accepted", answer.getString("status"), answer.prettify());
        assertEquals(List.of("You said: where is my order? (order A-1001)"), answer.getList("replies.text"));
        assertEquals(List.of(world.id("agent-b")), answer.getList("replies.participantId"));

        // The fence: Agent A lost the conversation long ago; what it says is refused and reaches nobody.
        var late = send("conversation.message", Map.of("conversationId", world.id("c-1"),
                "from", world.id("agent-a"), "text", "I am still here!"));
        assertEquals("not_assignee", late.getString("error.code"));
        assertEquals("data.from: only the customer or the conversation's current assignee may speak in it",
                late.getString("error.message"));

        var transcript = send("conversation.transcript", Map.of("conversationId", world.id("c-1")));
        assertEquals(List.of("Hi, I'm Agent A.", "Hi, I'm Agent B. How can I help?", "where is my order?",
                "You said: where is my order? (order A-1001)"), transcript.getList("messages.text"));
        assertEquals(List.of("bot", "bot", "customer", "bot"), transcript.getList("messages.kind"));

        // The customer's channel saw each greeting once, the answer, and never Agent A's late words.
        assertEquals(List.of("assigned:agent-a", "message:agent-a: Hi, I'm Agent A.", "assigned:rep-1",
                "assigned:agent-b", "message:agent-b: Hi, I'm Agent B. How can I help?",
                "message:agent-b: You said: where is my order? (order A-1001)"), BotServer.told(webchat, world));
    }

    /** A real bot hands off the way real bots do: Omnichannel's Escalate tag, and endOfConversation. */
    @Test
    void anSdkBotEscalatesAndEndsThroughItsReplies() {
        var world = newWorld();
        world.queue("queue-2");
        send("participant.upsert", Map.of("participantId", world.id("agent-b"), "kind", "bot", "name", "Agent B",
                "capacity", 2, "queues", List.of(world.id("queue-2")),
                "webhook", Map.of("url", agentB.url(), "secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")));
        world.representative("rep-2", 1, "queue-2");
        // Busy while the two conversations start, so that both go to the bot; then free for the escalation.
        send("participant.presence", Map.of("participantId", world.id("rep-2"), "presence", "busy"));
        send("conversation.start", Map.of("conversationId", world.id("c-3"), "queueId", world.id("queue-2"),
                "customer", Map.of("id", "cust-3")));
        send("conversation.start", Map.of("conversationId", world.id("c-4"), "queueId", world.id("queue-2"),
                "customer", Map.of("id", "cust-4")));
        send("participant.presence", Map.of("participantId", world.id("rep-2"), "presence", "available"));

        var asked = send("conversation.message", Map.of("conversationId", world.id("c-3"), "from", "cust-3",
                "text", "talk to a person"));
        assertEquals(List.of("Let me find a person for you."), asked.getList("replies.text"), asked.prettify());
        var escalated = send("conversation.get", Map.of("conversationId", world.id("c-3")));
        assertEquals(world.id("rep-2"), escalated.getString("assignee.participantId"), "escalated as the bot asked");
        assertEquals("asked", escalated.getString("context.reason"), "with the context its tag carried");

        var bye = send("conversation.message", Map.of("conversationId", world.id("c-4"), "from", "cust-4",
                "text", "bye"));
        assertEquals(List.of("Goodbye."), bye.getList("replies.text"));
        assertEquals("ended", send("conversation.get", Map.of("conversationId", world.id("c-4"))).getString("status"),
                "ended as the bot asked");
        assertEquals(0, world.load("agent-b"));
    }

    @Test
    void anSdkBotGreetsANewConversationItIsGiven() {
        var world = newWorld();
        world.queue("queue-2");
        send("participant.upsert", Map.of("participantId", world.id("agent-b"), "kind", "bot", "name", "Agent B",
                "capacity", 1, "queues", List.of(world.id("queue-2")),
                "webhook", Map.of("url", agentB.url(), "secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")));

        var started = send("conversation.start", Map.of("conversationId", world.id("c-2"),
                "queueId", world.id("queue-2"), "customer", Map.of("id", "cust-8", "locale", "fr-FR")));

        assertEquals("Hi, I'm Agent B. How can I help?", started.getString("greeting.text"), started.prettify());
    }
}
