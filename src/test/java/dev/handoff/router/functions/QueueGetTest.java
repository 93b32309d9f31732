package dev.handoff.router.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.DynamoDbProbe;
import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.RouterTestBase;
import dev.handoff.router.testing.World;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * {@code queue.get} and {@code queue.list} through the functions, against dynalite: a queue of a bot and three
 * representatives (read a page of members at a time), with conversations assigned and waiting in two lines; and a
 * queue of 300 members read in a bounded number of DynamoDB calls. They change nothing. (Decoding rejections are in
 * {@code BadInputTest}.)
 */
@QuarkusTest
@WithTestResource(DynaliteResource.class)
class QueueGetTest extends RouterTestBase {

    @Test
    void showsMembersTheirLoadTheWaitingLinesAndTheAssigned() {
        World world = newWorld();
        world.queue("q1");
        var bot = bots.bot(world.id("bot-a"), "Hello");
        world.bot(bot, 2, "q1");
        world.representative("rep-1", 1, "q1");
        start(world, "c1", "q1");
        start(world, "c2", "q1");
        start(world, "c3", "q1"); // the bot's second, or the representative's
        start(world, "c4", "q1"); // all full: waits for anyone
        start(world, "c5", "q1");
        var before = world.conversation("c4");

        String body = get("queue.get", Map.of("queueId", world.id("q1")));
        JsonPath queue = JsonPath.from(body);

        assertEquals(Set.of("eventId", "queueId", "status", "name", "unitsPerConversation", "priority",
                "agingPerMinute", "assignment", "hours", "overflow", "skillRelaxation", "wrapUpSeconds", "offer",
                "indexedSkills", "memberCount", "members", "after",
                "waiting",
                "assigned", "error"),
                queue.getMap("").keySet(), body);
        assertEquals(List.of(0, 1.0f, "highest-capacity", List.of()), List.of(queue.getInt("priority"),
                queue.getFloat("agingPerMinute"), queue.getString("assignment"), queue.getList("indexedSkills")),
                "the defaults");
        assertEquals("ok", queue.getString("status"), body);
        assertEquals(world.id("q1"), queue.getString("queueId"));
        assertEquals(2, queue.getInt("memberCount"));
        assertEquals(List.of(world.id("bot-a"), world.id("rep-1")), queue.getList("members.participantId"));
        assertEquals(List.of("bot", "representative"), queue.getList("members.kind"));
        assertEquals(List.of(2, 1), queue.getList("members.capacity"));
        assertEquals(List.of(2, 1), queue.getList("members.load"));
        assertNull(queue.get("after"));
        assertEquals(List.of("any", "bot", "representative"), queue.getList("waiting.needed"));
        assertEquals(2, queue.getInt("waiting[0].count"));
        assertFalse(queue.getBoolean("waiting[0].countIsAtLeast"));
        assertEquals(List.of(world.id("c4"), world.id("c5")), queue.getList("waiting[0].first.conversationId"));
        assertEquals(before.waitingSince(), Instant.parse(queue.getString("waiting[0].first[0].waitingSince")));
        assertTrue(queue.getLong("waiting[0].longestWaitSeconds") >= 0);
        assertEquals(0, queue.getInt("waiting[2].count"));
        assertNull(queue.get("waiting[2].longestWaitSeconds"), "nobody waits there");
        assertEquals(3, queue.getInt("assigned.count"));
        assertFalse(body.contains(bot.secret()), "a webhook's secret is never answered");
        assertFalse(body.contains(bot.url()), "nor its URL");
        assertEquals(before, world.conversation("c4"), "a read changes nothing");

        JsonPath firstPage = JsonPath.from(get("queue.get", Map.of("queueId", world.id("q1"), "limit", 1)));
        assertEquals(List.of(world.id("bot-a")), firstPage.getList("members.participantId"));
        assertEquals(world.id("bot-a"), firstPage.getString("after"));
        JsonPath secondPage = JsonPath.from(get("queue.get", Map.of("queueId", world.id("q1"), "limit", 1,
                "after", firstPage.getString("after"))));
        assertEquals(List.of(world.id("rep-1")), secondPage.getList("members.participantId"));
        assertNull(secondPage.get("after"));
    }

    @Test
    void readsAQueueOfThreeHundredMembersInABoundedNumberOfCalls() {
        World world = newWorld();
        world.queue("big");
        for (int i = 0; i < 300; i++) {
            world.representative(String.format("rep-%03d", i), 1, "big");
        }
        start(world, "c1", "big");

        DynamoDbProbe.reset();
        JsonPath queue = JsonPath.from(get("queue.get", Map.of("queueId", world.id("big"), "limit", 100)));

        assertEquals(300, queue.getInt("memberCount"));
        assertEquals(100, queue.getList("members").size());
        assertEquals(world.id("rep-099"), queue.getString("after"));
        assertEquals(1, queue.getInt("assigned.count"));
        // the queue, a page of member ids, one batch of those 100 members, the member count, per line the first ten
        // and a count, and the assigned count
        var calls = DynamoDbProbe.calls();
        assertEquals(1 + 1 + 1 + 1 + 3 * 2 + 1, calls.size(), calls.toString());
    }

    @Test
    void listsEveryQueueOnce() {
        World world = newWorld();
        world.queue("l1");
        world.queue("l2");
        world.queue("l3");
        var seen = new ArrayList<String>();
        String after = null;
        do {
            var data = new HashMap<String, Object>(Map.of("limit", 100));
            if (after != null) {
                data.put("after", after);
            }
            JsonPath page = JsonPath.from(get("queue.list", data));
            assertEquals("ok", page.getString("status"), page.prettify());
            seen.addAll(page.getList("queues.queueId"));
            after = page.getString("after");
        } while (after != null);

        assertTrue(seen.containsAll(List.of(world.id("l1"), world.id("l2"), world.id("l3"))), seen.toString());
        assertEquals(seen.size(), Set.copyOf(seen).size(), "each once");
    }

    @Test
    void anUnknownQueueIsNotFound() {
        World world = newWorld();
        JsonPath answer = JsonPath.from(get("queue.get", Map.of("queueId", world.id("ghost"))));
        assertEquals("rejected", answer.getString("status"), answer.prettify());
        assertEquals("not_found", answer.getString("error.code"));
        assertTrue(answer.getString("error.message").startsWith("data.queueId"), answer.prettify());
        assertEquals(world.id("ghost"), answer.getString("queueId"));
    }

    private static void start(World world, String conversation, String queue) {
        Events.send("conversation.start", Map.of("conversationId", world.id(conversation),
                "queueId", world.id(queue), "customer", Map.of("id", "cust-" + conversation)));
    }

    private static String get(String type, Map<String, Object> data) {
        return Events.sendForBody(type, data);
    }
}
