package dev.handoff.router.functions;

import static dev.handoff.router.testing.Events.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.handoff.router.testing.CapturedMetrics;
import dev.handoff.router.testing.CapturedMetrics.Document;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.RouterTestBase;
import dev.handoff.router.testing.World;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * The metrics of real scenarios through the router, on dynalite and loopback webhooks: the documents the EMF sink is
 * given (the test takes the sink's place), with their dimensions, and nothing in them that names a conversation, a
 * customer or a webhook.
 */
@QuarkusTest
@WithTestResource(DynaliteResource.class)
class MetricsTest extends RouterTestBase {
    private final CapturedMetrics captured = new CapturedMetrics();

    @Inject
    SweeperFunction sweeperFunction;

    @BeforeEach
    void captureMetrics() {
        QuarkusMock.installMockForType(captured, ISink.class);
    }

    @Test
    void eventsWaitingAndAHandOutAreMeasuredByTypeOutcomeQueueAndLine() {
        var world = newWorld();
        world.queue("queue-1");
        var bot = bots.bot(world.id("agent-a"), "Hello!");
        world.bot(bot, 1, "queue-1");
        captured.clear();

        assertEquals("assigned", start(world, "c-1").getString("status"));
        var event = single(captured.with("EventsHandled"));
        assertEquals("HandoffRouter", event.namespace(), "router.metrics.namespace's default");
        assertEquals(List.of(Set.of("EventType", "Outcome"), Set.of("EventType"), Set.of()), event.dimensionSets());
        assertEquals("conversation.start", event.dimension("EventType"));
        assertEquals("assigned", event.dimension("Outcome"));
        assertEquals(1.0, event.value("EventsHandled"));
        assertTrue(event.value("RoutingTime") > 0, "the event's time in ms");
        assertEquals(0.0, event.value("ConditionalCheckFailures"), "nothing raced it");

        captured.clear();
        assertEquals("waiting", start(world, "c-2").getString("status"));
        var joined = single(captured.with("ConversationsWaiting"));
        assertEquals(List.of(Set.of("QueueId", "Line"), Set.of("QueueId")), joined.dimensionSets());
        assertEquals(world.id("queue-1"), joined.dimension("QueueId"));
        assertEquals("any", joined.dimension("Line"));
        assertEquals(1.0, joined.value("ConversationsWaiting"));
        assertEquals("waiting", single(captured.with("EventsHandled")).dimension("Outcome"));
        assertEquals("waiting", start(world, "c-3").getString("status"));
        assertEquals(2.0, captured.with("ConversationsWaiting").get(1).value("ConversationsWaiting"));

        captured.clear();
        send("conversation.end", Map.of("conversationId", world.id("c-1"), "requestedBy", world.id("agent-a")));
        var handedOut = single(captured.with("LongestWaitSeconds"));
        assertEquals(world.id("queue-1"), handedOut.dimension("QueueId"));
        assertEquals("any", handedOut.dimension("Line"));
        assertTrue(handedOut.value("LongestWaitSeconds") >= 0);
        var ended = single(captured.with("EventsHandled"));
        assertEquals("conversation.end", ended.dimension("EventType"));
        assertEquals("ended", ended.dimension("Outcome"));

        captured.clear();
        send("conversation.escalate", Map.of("conversationId", world.id("c-2"), "requestedBy", "someone-else"));
        assertEquals("rejected", single(captured.with("EventsHandled")).dimension("Outcome"));
        send("no.such.type", Map.of("conversationId", world.id("c-2")));
        assertEquals("unknown", captured.with("EventsHandled").get(1).dimension("EventType"),
                "the caller's type is not a dimension value");

        assertNothingNames(world, "c-1", "c-2", "c-3", "agent-a");
        assertTrue(captured.lines().stream().noneMatch(line -> line.contains("cust-")), "no customer id");
    }

    @Test
    void failedBotCallsAndNoticesAreCountedByWhatFailed() {
        var world = newWorld();
        world.queue("queue-1");
        world.channel("webchat", bots.listener(world.id("webchat")).answering(410));
        world.bot(bots.bot(world.id("agent-gone"), "Hi").answering(410), 1, "queue-1");
        captured.clear();

        send("conversation.start", Map.of("conversationId", world.id("c-1"), "queueId", world.id("queue-1"),
                "channel", world.id("webchat"), "customer", Map.of("id", "cust-c-1")));

        var botFailure = single(captured.with("BotDeliveryFailures"));
        assertEquals(List.of(Set.of("BotCall"), Set.of()), botFailure.dimensionSets());
        assertEquals("arrival", botFailure.dimension("BotCall"));
        assertEquals(1.0, botFailure.value("BotDeliveryFailures"));
        var noticeFailure = captured.with("NoticeFailures").get(0);
        assertEquals(List.of(Set.of("Recipient"), Set.of()), noticeFailure.dimensionSets());
        assertEquals("channel", noticeFailure.dimension("Recipient"));
        assertNothingNames(world, "c-1", "webchat", "agent-gone");
        assertTrue(captured.lines().stream().noneMatch(line -> line.contains("cust-")), "no customer id");
        assertTrue(captured.lines().stream().noneMatch(line -> line.contains("http")), "no URL");
    }

    @Test
    void aRepeatedAdminEventCountsTheConditionalWriteThatRecognisedIt() {
        var world = newWorld();
        var event = Events.event("queue.upsert", Map.of("queueId", world.id("queue-9"), "name", "nine"));
        send(event);
        captured.clear();

        assertTrue(send(event).getBoolean("duplicate"));
        var repeat = single(captured.with("EventsHandled"));
        assertEquals("queue.upsert", repeat.dimension("EventType"));
        assertEquals(1.0, repeat.value("ConditionalCheckFailures"),
                "the events ledger's conditional put refused the repeat's claim");
    }

    /** The sweeper function, as its schedule runs it: what it found, by kind, and its refused writes. */
    @Test
    void aSweepReportsWhatItFoundByKind() {
        var report = sweeperFunction.sweep(Map.of());

        var leftovers = captured.with("SweeperLeftovers");
        assertEquals(List.of("owed-deliveries", "orphan-claims", "hand-outs"),
                leftovers.stream().map(d -> d.dimension("Leftover")).toList());
        assertEquals(List.of((double) report.deliveriesFinished(), (double) report.claimsReleased(),
                (double) report.conversationsHandedOut()),
                leftovers.stream().map(d -> d.value("SweeperLeftovers")).toList());
        assertEquals("sweeper", single(captured.with("ConditionalCheckFailures")).dimension("EventType"));
    }

    private void assertNothingNames(World world, String... names) {
        for (String line : captured.lines()) {
            for (String name : names) {
                assertFalse(line.contains(world.id(name)), name + " in " + line);
            }
        }
    }

    private static Document single(List<Document> documents) {
        assertEquals(1, documents.size(), documents.toString());
        return documents.get(0);
    }

    private static io.restassured.path.json.JsonPath start(World world, String conversation) {
        return send("conversation.start", Map.of("conversationId", world.id(conversation),
                "queueId", world.id("queue-1"), "customer", Map.of("id", "cust-" + conversation)));
    }
}
