package dev.handoff.router.functions;

import static dev.handoff.router.testing.Events.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.handoff.router.domain.ParticipantKind;
import dev.handoff.router.domain.Webhook;
import dev.handoff.router.testing.BotServer;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.RouterTestBase;
import dev.handoff.router.testing.World;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A representative may register a webhook, its desk: {@code participant.upsert} takes and stores it (never answering
 * its secret); the desk is told what the representative holds (CONTRACT §3c) and sent no bot call; and the
 * representative is routed exactly as one without a desk.
 */
@QuarkusTest
@WithTestResource(DynaliteResource.class)
class RepresentativeDeskTest extends RouterTestBase {

    @Test
    void aRepresentativesDeskIsStoredToldWhatItHoldsAndItIsRoutedAsWithoutOne() {
        var world = newWorld();
        BotServer.Bot desk = bots.listener(world.id("rep-1-desk"));

        var withDesk = escalatedChatAndEnd(world, desk);

        assertEquals(escalatedChatAndEnd(newWorld(), null), withDesk, "routed as a representative without a desk");
        assertEquals(List.of("assigned", "message:cust-1: hello, a person?", "released"),
                BotServer.told(desk, world), "told of the conversation, the customer's message, its release; nothing"
                        + " of what the representative said itself");
        assertTrue(desk.calls().stream().allMatch(BotServer.Call::signatureValid), "signed with its secret");
        assertTrue(desk.calls().stream().noneMatch(call -> call.body().has("channelId")), "no Bot Framework activity");
        var assigned = desk.calls().get(0).body();
        assertEquals(world.id("c-1"), assigned.path("conversationId").asText());
        assertEquals("cust-1", assigned.path("customer").path("id").asText());
        assertEquals("Hi, I'm A", assigned.path("transcript").path(0).path("text").asText(),
                "the transcript so far: the bot's greeting");
        var stored = participants.find(world.id("rep-1")).orElseThrow();
        assertEquals(ParticipantKind.REPRESENTATIVE, stored.kind());
        assertEquals(new Webhook(desk.url(), desk.secret()), stored.webhook());
    }

    /** A bot's conversation escalated to rep-1, a chat with the representative, the end: what the world shows. */
    private List<Object> escalatedChatAndEnd(World world, BotServer.Bot desk) {
        world.queue("queue-1");
        world.bot(bots.bot(world.id("agent-a"), "Hi, I'm A"), 1, "queue-1");
        var rep = new LinkedHashMap<String, Object>(Map.of("participantId", world.id("rep-1"),
                "kind", "representative", "name", "Rep 1", "capacity", 1, "queues", List.of(world.id("queue-1"))));
        if (desk != null) {
            rep.put("webhook", Map.of("url", desk.url(), "secret", desk.secret()));
        }
        var registered = send("participant.upsert", rep);
        assertEquals("ok", registered.getString("status"), registered.prettify());
        if (desk != null) {
            assertFalse(registered.prettify().contains(desk.secret().substring("whsec_".length())),
                    "the answer carries no secret");
        }

        String c1 = world.id("c-1");
        send("conversation.start", Map.of("conversationId", c1, "queueId", world.id("queue-1"),
                "customer", Map.of("id", "cust-1")));
        var escalated = send("conversation.escalate", Map.of("conversationId", c1, "requestedBy", world.id("agent-a")));
        var customerSaid = send("conversation.message", Map.of("conversationId", c1, "from", "cust-1",
                "text", "hello, a person?"));
        send("conversation.message", Map.of("conversationId", c1, "from", world.id("rep-1"),
                "text", "yes, how can I help?"));
        int loadWhileHeld = world.load("rep-1");
        var ended = send("conversation.end", Map.of("conversationId", c1, "requestedBy", world.id("rep-1")));
        return List.of(world.shortName(escalated.getString("assignee.participantId")),
                escalated.getString("assignee.kind"), customerSaid.getList("replies"), loadWhileHeld,
                ended.getString("status"), world.load("rep-1"), world.timeline("c-1"), world.messages("c-1"));
    }
}
