package dev.handoff.router.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.RouterTestBase;
import dev.handoff.router.testing.World;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Overflow rules and opening hours against dynalite, through the events: a full line sends new conversations to
 * another queue, a queue closed today (in its time zone) hands them to the after-hours bot or ends them with a
 * message, escalations that would wait overflow alike, and {@code queue.get} answers the rules as they were given.
 */
@QuarkusTest
@WithTestResource(DynaliteResource.class)
class OverflowTest extends RouterTestBase {

    @Test
    void aFullLineSendsTheNextToAnotherQueue() {
        // GIVEN sales (nobody serving) whose line holds at most one, overflowing to support (a representative)
        World world = newWorld();
        world.queue("support");
        world.representative("rep-s", 1, "support");
        upsert(world, "sales", null, List.of(Map.of("when", Map.of("maxWaiting", 1),
                "then", Map.of("transferToQueue", world.id("support")))));
        // WHEN two conversations start in sales
        assertEquals("waiting", start(world, "c-1", "sales").getString("status"));
        var second = start(world, "c-2", "sales");
        // THEN the second went to support and its representative, the timeline saying so
        assertEquals("assigned", second.getString("status"));
        assertEquals(world.id("support"), second.getString("queueId"));
        assertEquals(world.id("rep-s"), second.getString("assignee.participantId"));
        assertEquals(List.of("started", "overflowed", "assigned"), world.timeline("c-2").stream()
                .map(step -> step.split(":")[0]).toList());
        // AND queue.get answers the rule as given
        var sales = Events.send("queue.get", Map.of("queueId", world.id("sales")));
        assertEquals(1, sales.getInt("overflow[0].when.maxWaiting"));
        assertEquals(world.id("support"), sales.getString("overflow[0].then.transferToQueue"));
    }

    @Test
    void aQueueClosedTodayHandsNewConversationsToTheAfterHoursBotOrEndsThem() {
        // GIVEN a bot in an after-hours queue, and two queues closed today (every date around now is a closed date)
        World world = newWorld();
        world.queue("night");
        world.bot(bots.bot(world.id("night-bot"), "Good evening"), 5, "night");
        upsert(world, "support", closedAroundToday(), List.of(Map.of("when", Map.of("closed", true),
                "then", Map.of("transferToBot", world.id("night")))));
        upsert(world, "billing", closedAroundToday(), List.of(Map.of("when", Map.of("closed", true),
                "then", Map.of("end", Map.of("message", "Billing is closed today.")))));
        // WHEN a conversation starts in each
        var supported = start(world, "c-1", "support");
        var billed = start(world, "c-2", "billing");
        // THEN support's goes to the night bot (which greets), billing's ends at once
        assertEquals(world.id("night-bot"), supported.getString("assignee.participantId"));
        assertEquals("Good evening", supported.getString("greeting.text"));
        assertEquals("ended", billed.getString("status"));
        assertEquals("ended", Events.send("conversation.get", Map.of("conversationId", world.id("c-2")))
                .getString("status"));
        // AND queue.get answers the hours as given
        var hours = Events.send("queue.get", Map.of("queueId", world.id("billing")));
        assertEquals("Pacific/Kiritimati", hours.getString("hours.timeZone"));
        assertEquals(3, hours.getList("hours.closedDates").size());
    }

    @Test
    void anEscalationThatWouldWaitOverflowsToo() {
        // GIVEN a front queue with a bot (capacity 4), and three desks of representatives that nobody serves:
        // "full" (one waits already; it overflows to "spare", whose rep-x has room), "shut" (closed today; to the
        // night bot) and "gone" (closed today; ends with a message)
        World world = newWorld();
        world.queue("front");
        world.queue("spare");
        world.queue("night");
        world.bot(bots.bot(world.id("bot"), "Hello"), 4, "front");
        world.bot(bots.bot(world.id("night-bot"), "Good evening"), 2, "night");
        world.representative("rep-x", 1, "spare");
        upsert(world, "full", null, List.of(Map.of("when", Map.of("maxWaiting", 1),
                "then", Map.of("transferToQueue", world.id("spare")))));
        upsert(world, "shut", closedAroundToday(), List.of(Map.of("when", Map.of("closed", true),
                "then", Map.of("transferToBot", world.id("night")))));
        upsert(world, "gone", closedAroundToday(), List.of(Map.of("when", Map.of("closed", true),
                "then", Map.of("end", Map.of("message", "We are closed.")))));
        for (String c : List.of("c-0", "c-1", "c-2", "c-3")) {
            assertEquals(world.id("bot"), start(world, c, "front").getString("assignee.participantId"));
        }
        assertEquals("waiting", escalate(world, "c-0", "full").getString("status"), "the first waits in full");
        // WHEN the bot escalates c-1 to full, c-2 to shut and c-3 to gone
        var toFull = escalate(world, "c-1", "full");
        var toShut = escalate(world, "c-2", "shut");
        var toGone = escalate(world, "c-3", "gone");
        // THEN c-1 goes to rep-x in spare, c-2 to the night bot (which greets), c-3 ends; the bot let go of all three
        assertEquals(world.id("rep-x"), toFull.getString("assignee.participantId"), toFull.prettify());
        assertEquals(world.id("spare"), toFull.getString("queueId"));
        assertEquals(List.of("escalated", "overflowed", "assigned", "disconnected"), steps(world, "c-1"));
        assertEquals(world.id("night-bot"), toShut.getString("assignee.participantId"), toShut.prettify());
        assertEquals("Good evening", toShut.getString("greeting.text"));
        assertEquals("ended", toGone.getString("status"), toGone.prettify());
        assertEquals(1, world.load("bot"), "only c-0, waiting in full, is still the bot's");
        assertEquals(1, world.load("night-bot"));
        assertEquals(1, world.load("rep-x"));
    }

    /** The timeline of a conversation from its first escalation on, by step name. */
    private static List<String> steps(World world, String conversation) {
        var names = world.timeline(conversation).stream().map(step -> step.split(":")[0]).toList();
        return names.subList(names.indexOf("escalated"), names.size());
    }

    private static JsonPath escalate(World world, String conversation, String queue) {
        return Events.send("conversation.escalate", Map.of("conversationId", world.id(conversation),
                "requestedBy", world.id("bot"), "targetQueueId", world.id(queue)));
    }

    /** Hours in a time zone far ahead of UTC, closed on yesterday, today and tomorrow there, whatever the hour. */
    private static Map<String, Object> closedAroundToday() {
        var today = LocalDate.now(ZoneOffset.UTC);
        return Map.of("timeZone", "Pacific/Kiritimati", "weekly", List.of(),
                "closedDates", List.of(today.toString(), today.plusDays(1).toString(), today.plusDays(2).toString()));
    }

    private static void upsert(World world, String queue, Map<String, Object> hours, List<Map<String, Object>> rules) {
        var data = new java.util.HashMap<String, Object>(Map.of("queueId", world.id(queue), "name", queue,
                "overflow", rules));
        if (hours != null) {
            data.put("hours", hours);
        }
        var answer = Events.send("queue.upsert", data);
        assertEquals("ok", answer.getString("status"), answer.prettify());
    }

    private static JsonPath start(World world, String conversation, String queue) {
        return Events.send("conversation.start", Map.of("conversationId", world.id(conversation),
                "queueId", world.id(queue), "customer", Map.of("id", "cust-" + conversation)));
    }
}
