package dev.handoff.router.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.handoff.router.functions.RouterFunctions;
import dev.handoff.router.testing.BotServer;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.Invariants;
import dev.handoff.router.testing.Race;
import dev.handoff.router.testing.RouterTestBase;
import dev.handoff.router.testing.World;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * {@code conversation.transfer} against dynalite, through the events: a representative hands a conversation to a
 * representative of another queue (cold: it is released, the context travels, both desks are told), or to one it
 * names, who gets it over members with more room; a named one without room, oneself, a bot's request and a stranger's
 * are refused with nothing changed; two transfers racing for the last unit of one named representative: exactly one.
 */
@QuarkusTest
@WithTestResource(DynaliteResource.class)
class TransferTest extends RouterTestBase {

    @Inject
    RouterFunctions functions;

    /** "front" (a bot), "desk" (rep-a, whose desk listens) and "billing" (rep-b, more room, and rep-c, desks listen). */
    private final class Stage {
        final World world = newWorld();
        final BotServer.Bot deskA = bots.listener(world.id("desk-a"));
        final BotServer.Bot deskC = bots.listener(world.id("desk-c"));

        Stage() {
            world.queue("front");
            world.queue("desk");
            world.queue("billing");
            world.bot(bots.bot(world.id("bot"), "Hello"), 4, "front");
            world.representative("rep-a", deskA, 2, "desk");
            world.representative("rep-b", 3, "billing");
            world.representative("rep-c", deskC, 1, "billing");
        }

        /** Starts {@code conversation} with the bot and escalates it to rep-a. */
        void heldByRepA(String conversation) {
            Events.send("conversation.start", Map.of("conversationId", world.id(conversation),
                    "queueId", world.id("front"), "customer", Map.of("id", "cust-" + conversation)));
            var answer = Events.send("conversation.escalate", Map.of("conversationId", world.id(conversation),
                    "requestedBy", world.id("bot"), "targetQueueId", world.id("desk")));
            assertEquals(world.id("rep-a"), answer.getString("assignee.participantId"), answer.prettify());
        }

        Map<String, Object> transfer(String conversation, String by, String queue, String named) {
            var data = new HashMap<String, Object>(Map.of("conversationId", world.id(conversation),
                    "requestedBy", world.id(by), "context", Map.of("refund", "yes")));
            if (queue != null) {
                data.put("targetQueueId", world.id(queue));
            }
            if (named != null) {
                data.put("targetParticipantId", world.id(named));
            }
            return Events.event("conversation.transfer", data);
        }
    }

    @Test
    void aTransferToAQueueGoesToTheMemberWithMostRoomReleasingTheSender() {
        var stage = new Stage();
        World world = stage.world;
        stage.heldByRepA("c-1");
        // WHEN rep-a transfers c-1 to billing
        var answer = Events.send(stage.transfer("c-1", "rep-a", "billing", null));
        // THEN rep-b (most room) has it, rep-a is free, the context travelled, the timeline says transferred
        assertEquals("assigned", answer.getString("status"), answer.prettify());
        assertEquals(world.id("rep-b"), answer.getString("assignee.participantId"));
        assertEquals(world.id("billing"), answer.getString("queueId"));
        assertEquals(0, world.load("rep-a"));
        assertEquals(1, world.load("rep-b"));
        assertEquals("yes", world.conversation("c-1").context().get("refund"));
        assertTrue(world.timeline("c-1").stream().anyMatch(step -> step.startsWith("transferred")),
                world.timeline("c-1").toString());
        // AND rep-a's desk was told it has it, then that it was released
        assertEquals(List.of("assigned", "released"), BotServer.told(stage.deskA, world));
    }

    @Test
    void aNamedRepresentativeGetsItOverOthersWithMoreRoomAndItsDeskIsTold() {
        var stage = new Stage();
        World world = stage.world;
        stage.heldByRepA("c-1");
        var answer = Events.send(stage.transfer("c-1", "rep-a", "billing", "rep-c"));
        assertEquals(world.id("rep-c"), answer.getString("assignee.participantId"), answer.prettify());
        assertEquals(List.of(1, 0, 0), List.of(world.load("rep-c"), world.load("rep-b"), world.load("rep-a")));
        assertEquals("assigned", BotServer.told(stage.deskC, world).get(0));
    }

    @Test
    void aNamedRepresentativeWithoutRoomIsWaitedForWhenAskedAndTakesItWhenItFreesRoom() {
        // GIVEN rep-a holds c-1 and c-2, and has transferred c-2 to rep-c, whose one unit it takes
        var stage = new Stage();
        World world = stage.world;
        stage.heldByRepA("c-1");
        stage.heldByRepA("c-2");
        Events.send(stage.transfer("c-2", "rep-a", "billing", "rep-c"));
        // WHEN rep-a transfers c-1 to rep-c too, waiting for it up to 60 s
        var data = new HashMap<>(stage.transfer("c-1", "rep-a", "billing", "rep-c"));
        @SuppressWarnings("unchecked")
        var fields = new HashMap<>((Map<String, Object>) data.get("data"));
        fields.put("waitSeconds", 60);
        data.put("data", fields);
        var answer = Events.send(data);
        // THEN it waits in billing for rep-c alone: rep-b, with room, does not take it, and rep-a keeps it
        assertEquals("waiting", answer.getString("status"), answer.prettify());
        assertEquals(world.id("billing"), answer.getString("queueId"));
        assertEquals(List.of(1, 0, 1), List.of(world.load("rep-a"), world.load("rep-b"), world.load("rep-c")));
        assertEquals(world.id("rep-a"), world.conversation("c-1").assignee().participantId());
        // WHEN rep-c ends c-2: THEN c-1 is rep-c's, and rep-a is let go
        Events.send("conversation.end", Map.of("conversationId", world.id("c-2"), "requestedBy", world.id("rep-c")));
        assertEquals(world.id("rep-c"), world.conversation("c-1").assignee().participantId());
        assertEquals(List.of(0, 0, 1), List.of(world.load("rep-a"), world.load("rep-b"), world.load("rep-c")));
    }

    @Test
    void transfersThatCannotBeMadeAreRefusedWithNothingChanged() {
        var stage = new Stage();
        World world = stage.world;
        stage.heldByRepA("c-1");
        stage.heldByRepA("c-2");
        Events.send(stage.transfer("c-2", "rep-a", "billing", "rep-c")); // rep-c is full now
        var before = world.conversation("c-1");
        assertRejected(Events.send(stage.transfer("c-1", "rep-a", "billing", "rep-c")), "participant_unavailable",
                "data.targetParticipantId");
        assertRejected(Events.send(stage.transfer("c-1", "rep-a", "desk", "rep-a")), "invalid_event",
                "data.targetParticipantId");
        assertRejected(Events.send(stage.transfer("c-1", "rep-b", "billing", null)), "not_assignee",
                "data.requestedBy");
        assertRejected(Events.send(stage.transfer("c-1", "rep-a", "nowhere", null)), "no_such_queue",
                "data.targetQueueId");
        assertEquals(before, world.conversation("c-1"));
        assertEquals(1, world.load("rep-a"));
        // AND a bot that holds a conversation escalates it; it does not transfer it
        Events.send("conversation.start", Map.of("conversationId", world.id("c-3"), "queueId", world.id("front"),
                "customer", Map.of("id", "cust-3")));
        assertRejected(Events.send(stage.transfer("c-3", "bot", "billing", null)), "invalid_state",
                "data.requestedBy");
        assertEquals(world.id("bot"), world.conversation("c-3").assignee().participantId());
    }

    @Test
    void twoTransfersRacingForTheLastUnitOfOneRepresentativeMakeExactlyOne() throws Exception {
        for (int round = 0; round < 3; round++) {
            var stage = new Stage();
            World world = stage.world;
            stage.heldByRepA("c-1");
            stage.heldByRepA("c-2");
            // WHEN rep-a transfers both to rep-c (one unit) at once
            var answers = Race.all(functions, List.of(stage.transfer("c-1", "rep-a", "billing", "rep-c"),
                    stage.transfer("c-2", "rep-a", "billing", "rep-c")), 2);
            // THEN one went, the other is refused and still rep-a's, capacity exact
            var statuses = answers.stream().map(a -> a.status()).sorted().toList();
            assertEquals(List.of("assigned", "rejected"), statuses, "round " + round);
            assertEquals(1, world.load("rep-c"));
            assertEquals(1, world.load("rep-a"));
            Invariants.check(participants, conversations, List.of(world.id("rep-a"), world.id("rep-c")),
                    List.of(world.id("c-1"), world.id("c-2")));
        }
    }

    private static void assertRejected(JsonPath answer, String code, String field) {
        assertEquals("rejected", answer.getString("status"), answer.prettify());
        assertEquals(code, answer.getString("error.code"), answer.prettify());
        assertTrue(answer.getString("error.message").startsWith(field), answer.prettify());
    }
}
