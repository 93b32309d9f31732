package dev.handoff.router.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.RouterTestBase;
import dev.handoff.router.testing.World;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * {@code participant.get} through the function, against dynalite: a bot holding three conversations is read a page at
 * a time, with its kind, presence and load, and whether it has a webhook, never the webhook's URL or secret; an unknown
 * participant is not found. It changes nothing. (Its decoding rejections are in {@code BadInputTest}.)
 */
@QuarkusTest
@WithTestResource(DynaliteResource.class)
class ParticipantGetTest extends RouterTestBase {

    @Test
    void readsABotAndTheConversationsItHoldsAPageAtATime() {
        World world = newWorld();
        world.queue("q1");
        var bot = bots.bot(world.id("bot-a"), "Hello");
        world.bot(bot, 5, "q1");
        for (String conversation : List.of("c3", "c1", "c2")) {
            Events.send("conversation.start", Map.of("conversationId", world.id(conversation),
                    "queueId", world.id("q1"), "customer", Map.of("id", "cust-" + conversation)));
        }
        var before = world.conversation("c1");
        var botA = participants.find(world.id("bot-a")).orElseThrow();
        var held = participants.held(botA, null, 10).claims().stream()
                .filter(c -> c.conversationId().equals(world.id("c1"))).findFirst().orElseThrow().claim();

        // WHEN it is read two conversations at a time: THEN the first page ends with the id to go on after
        String firstBody = get(Map.of("participantId", world.id("bot-a"), "limit", 2));
        JsonPath first = JsonPath.from(firstBody);
        assertEquals(Set.of("eventId", "participantId", "status", "kind", "name", "presence", "capacity", "load",
                "queues", "skills", "hasWebhook", "missedOffers", "conversations", "after", "error"), first.getMap("").keySet(),
                firstBody);
        assertEquals("ok", first.getString("status"), firstBody);
        assertEquals(Map.of(), first.getMap("skills"), "a bot registered without skills has none");
        assertEquals(world.id("bot-a"), first.getString("participantId"));
        assertEquals("bot", first.getString("kind"));
        assertEquals("available", first.getString("presence"));
        assertEquals(5, first.getInt("capacity"));
        assertEquals(3, first.getInt("load"));
        assertEquals(List.of(world.id("q1")), first.getList("queues"));
        assertTrue(first.getBoolean("hasWebhook"));
        assertEquals(List.of(world.id("c1"), world.id("c2")), first.getList("conversations.conversationId"));
        assertEquals(List.of(1, 1), first.getList("conversations.units"));
        assertEquals(held.claimedAt(), Instant.parse(first.getString("conversations[0].claimedAt")));
        assertEquals(world.id("c2"), first.getString("after"));

        // WHEN the next page is read after it: THEN it is the last one
        String secondBody = get(Map.of("participantId", world.id("bot-a"), "after", first.getString("after"),
                "limit", 2));
        JsonPath second = JsonPath.from(secondBody);
        assertEquals(List.of(world.id("c3")), second.getList("conversations.conversationId"), secondBody);
        assertNull(second.get("after"), "no page follows");

        for (String body : List.of(firstBody, secondBody)) {
            assertFalse(body.contains(bot.secret()), "the webhook's secret is never answered: " + body);
            assertFalse(body.contains(bot.url()), "nor its URL: " + body);
        }
        assertEquals(before, world.conversation("c1"), "a read changes nothing");
        assertEquals(3, world.load("bot-a"));
    }

    @Test
    void anUnknownParticipantIsNotFound() {
        World world = newWorld();
        JsonPath answer = JsonPath.from(get(Map.of("participantId", world.id("ghost"))));
        assertEquals("rejected", answer.getString("status"), answer.prettify());
        assertEquals("not_found", answer.getString("error.code"));
        assertTrue(answer.getString("error.message").startsWith("data.participantId"), answer.prettify());
        assertEquals(world.id("ghost"), answer.getString("participantId"));
    }

    private static String get(Map<String, Object> data) {
        return Events.sendForBody("participant.get", data);
    }
}
