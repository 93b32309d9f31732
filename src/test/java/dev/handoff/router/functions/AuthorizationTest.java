package dev.handoff.router.functions;

import static dev.handoff.router.testing.Events.send;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.handoff.router.domain.Conversation;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.RouterTestBase;
import dev.handoff.router.testing.World;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Only the current assignee may hand a conversation on; anyone else is rejected and nothing changes. */
@QuarkusTest
@WithTestResource(DynaliteResource.class)
class AuthorizationTest extends RouterTestBase {

    @Test
    void handOnsByAnyoneButTheAssigneeAreRejectedAndChangeNothing() {
        var world = newWorld();
        world.queue("queue-1");
        world.bot(bots.bot(world.id("agent-a"), "Hi"), 2, "queue-1");
        world.bot(bots.bot(world.id("agent-b"), "Hi"), 1, "queue-1");
        world.representative("rep-1", 1, "queue-1");
        send("conversation.start", Map.of("conversationId", world.id("c-1"), "queueId", world.id("queue-1"),
                "customer", Map.of("id", "cust-1")));
        Conversation before = world.conversation("c-1");
        assertEquals(world.id("agent-a"), before.assignee().participantId());

        assertRejected(send("conversation.escalate", Map.of("conversationId", world.id("c-1"),
                "requestedBy", world.id("agent-b"))), "not_assignee");
        assertRejected(send("conversation.escalate", Map.of("conversationId", world.id("c-1"),
                "requestedBy", world.id("rep-1"))), "not_assignee");
        assertRejected(send("conversation.transfer-to-bot", Map.of("conversationId", world.id("c-1"),
                "requestedBy", world.id("rep-1"))), "not_assignee");
        assertRejected(send("conversation.end", Map.of("conversationId", world.id("c-1"),
                "requestedBy", world.id("agent-b"))), "not_assignee");
        assertUnchanged(world, before);

        // After the escalation the bot no longer holds it: its transfer request is refused too.
        send("conversation.escalate", Map.of("conversationId", world.id("c-1"), "requestedBy", world.id("agent-a")));
        Conversation escalated = world.conversation("c-1");
        assertRejected(send("conversation.transfer-to-bot", Map.of("conversationId", world.id("c-1"),
                "requestedBy", world.id("agent-a"))), "not_assignee");
        assertRejected(send("conversation.escalate", Map.of("conversationId", world.id("c-1"),
                "requestedBy", world.id("agent-a"))), "not_assignee");
        assertEquals(escalated.version(), world.conversation("c-1").version());
        assertEquals(1, world.load("rep-1"));
        assertEquals(0, world.load("agent-a"));
    }

    private static void assertRejected(io.restassured.path.json.JsonPath answer, String code) {
        assertEquals("rejected", answer.getString("status"));
        assertEquals(code, answer.getString("error.code"));
        assertEquals("data.requestedBy", answer.getString("error.message").split(":")[0]);
    }

    private static void assertUnchanged(World world, Conversation before) {
        Conversation now = world.conversation("c-1");
        assertEquals(before.version(), now.version());
        assertEquals(before.timeline(), now.timeline());
        assertEquals(1, world.load("agent-a"));
        assertEquals(0, world.load("agent-b"));
        assertEquals(0, world.load("rep-1"));
    }
}
