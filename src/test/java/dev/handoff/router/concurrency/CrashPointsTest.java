package dev.handoff.router.concurrency;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import dev.handoff.router.application.Sweeper;
import dev.handoff.router.domain.Claim;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.functions.RouterFunctions;
import dev.handoff.router.testing.BotServer;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.RouterTestBase;
import dev.handoff.router.testing.DynamoDbProbe;
import dev.handoff.router.testing.DynamoDbProbe.Fault;
import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.Invariants;
import dev.handoff.router.testing.Retirement;
import dev.handoff.router.testing.SkippableClock;
import dev.handoff.router.testing.World;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Lambda dies half-way: for every DynamoDB call N of start, escalate, transfer-to-bot, end and a customer's message,
 * the Nth call fails (before it is sent, or after its answer came back), then the same event is delivered again and
 * the sweeper runs. The final state must equal that of a run with no fault, and the invariant must hold. The state
 * includes what the customer's channel and the representative's desk were told (the first call of each
 * {@code webhook-id}): every notice once, in order, the channel's numbered without a gap.
 */
@QuarkusTest
@TestProfile(ShortLease.class)
@WithTestResource(DynaliteResource.class)
class CrashPointsTest extends RouterTestBase {
    private static final AtomicInteger CRASH_POINTS = new AtomicInteger();
    private static final AtomicInteger THROWN = new AtomicInteger();

    @Inject
    RouterFunctions functions;

    @Inject
    Sweeper sweeper;

    @Inject
    DynamoDbClient dynamo;

    @ConfigProperty(name = "router.dynamodb.table-prefix")
    String tablePrefix;

    @Inject
    SkippableClock clock;

    @ConfigProperty(name = "router.saga.lease")
    Duration lease;

    @AfterAll
    static void report() {
        System.out.println("crash points tested: " + CRASH_POINTS.get() + ", first deliveries that failed: "
                + THROWN.get());
    }

    enum Step {
        START, ESCALATE, TRANSFER, END, MESSAGE, MESSAGE_TO_DESK, REPRESENTATIVE_SPEAKS
    }

    /** Queue 1: agent-a and rep-1; queue 2: agent-b; capacity 1 each, so that an end hands out a waiting one. */
    private final class Stage {
        final World world = newWorld();
        final Map<String, BotServer.Bot> stageBots = new LinkedHashMap<>();
        final BotServer.Bot channel = bots.listener(world.id("web"));
        final BotServer.Bot desk = bots.listener(world.id("rep-1-desk"));

        Stage() {
            world.queue("queue-1");
            world.queue("queue-2");
            world.channel("web", channel);
            stageBots.put("agent-a", bots.bot(world.id("agent-a"), "Hi, I'm A"));
            stageBots.put("agent-b", bots.bot(world.id("agent-b"), "Hi, I'm B"));
            world.bot(stageBots.get("agent-a"), 1, "queue-1");
            world.representative("rep-1", desk, 1, "queue-1");
            world.bot(stageBots.get("agent-b"), 1, "queue-2");
        }

        /** Brings the world to the step's starting point and returns the step's event. */
        Map<String, Object> prepare(Step step) {
            switch (step) {
                case START -> {
                    return start("c-1");
                }
                case ESCALATE -> {
                    functions.route(start("c-1"));
                    return event("conversation.escalate", "requestedBy", "agent-a");
                }
                case TRANSFER -> {
                    functions.route(start("c-1"));
                    functions.route(event("conversation.escalate", "requestedBy", "agent-a"));
                    return Events.event("conversation.transfer-to-bot", Map.of("conversationId", world.id("c-1"),
                            "requestedBy", world.id("rep-1"), "targetQueueId", world.id("queue-2"),
                            "context", Map.of("refund", true)));
                }
                case MESSAGE -> {
                    functions.route(start("c-1")); // agent-a holds it
                    return Events.event("conversation.message", Map.of("conversationId", world.id("c-1"),
                            "from", "cust-c-1", "text", "where is my order?"));
                }
                case MESSAGE_TO_DESK -> {
                    functions.route(start("c-1"));
                    functions.route(event("conversation.escalate", "requestedBy", "agent-a")); // rep-1 holds it
                    return Events.event("conversation.message", Map.of("conversationId", world.id("c-1"),
                            "from", "cust-c-1", "text", "are you there?"));
                }
                case REPRESENTATIVE_SPEAKS -> {
                    functions.route(start("c-1"));
                    functions.route(event("conversation.escalate", "requestedBy", "agent-a"));
                    return Events.event("conversation.message", Map.of("conversationId", world.id("c-1"),
                            "from", world.id("rep-1"), "text", "Hello, I'm Sam."));
                }
                case END -> {
                    functions.route(start("c-1")); // agent-a
                    functions.route(start("c-2")); // rep-1
                    functions.route(start("c-3")); // waits, and goes to agent-a when c-1 ends
                    return event("conversation.end", "requestedBy", "agent-a");
                }
                default -> throw new IllegalArgumentException(step.name());
            }
        }

        private Map<String, Object> start(String conversation) {
            return Events.event("conversation.start", Map.of("conversationId", world.id(conversation),
                    "queueId", world.id("queue-1"), "customer", Map.of("id", "cust-" + conversation),
                    "channel", world.id("web"), "context", Map.of("orderId", "A-1")));
        }

        private Map<String, Object> event(String type, String field, String participant) {
            return Events.event(type, Map.of("conversationId", world.id("c-1"), field, world.id(participant)));
        }

        /** Everything the outcome is judged by, in the test's short names. */
        String snapshot() {
            var state = new StringBuilder();
            for (String name : List.of("c-1", "c-2", "c-3")) {
                conversations.find(world.id(name)).ifPresent(c -> state.append(name).append(": ")
                        .append(c.status().wire()).append(" in ").append(world.shortName(c.queueId()))
                        .append(" by ").append(c.assignee() == null ? "-" : world.shortName(c.assignee().participantId()))
                        .append(" owed ").append(c.pendingDelivery() != null)
                        .append(" context ").append(new java.util.TreeMap<>(c.context()))
                        .append(" timeline ").append(world.timeline(name))
                        .append(" messages ").append(world.messages(name))
                        .append('\n'));
            }
            state.append("loads ").append(List.of(world.load("agent-a"), world.load("rep-1"),
                    world.load("agent-b"))).append('\n');
            for (String queue : List.of("queue-1", "queue-2")) {
                for (KindNeeded line : KindNeeded.values()) {
                    state.append(queue).append(' ').append(line).append(' ').append(world.waiting(queue, line))
                            .append('\n');
                }
            }
            // Calls under the same webhook-id are one call delivered at least once; a new id would be a second call.
            stageBots.forEach((name, bot) -> {
                var firstOfEachId = new LinkedHashMap<String, String>();
                bot.calls().forEach(call -> firstOfEachId.putIfAbsent(call.webhookId(), call.type()));
                state.append(name).append(" calls ").append(firstOfEachId.values()).append('\n');
            });
            state.append("channel told ").append(told(channel)).append('\n');
            state.append("desk told ").append(told(desk)).append('\n');
            return state.toString();
        }

        /**
         * The first call of each webhook-id, per conversation in the order received, as {@code #sequence
         * type:detail} (the order is promised per conversation only).
         */
        private Map<String, List<String>> told(BotServer.Bot listener) {
            var first = new LinkedHashMap<String, com.fasterxml.jackson.databind.JsonNode>();
            listener.calls().forEach(call -> first.putIfAbsent(call.webhookId(), call.body()));
            var byConversation = new java.util.TreeMap<String, List<String>>();
            first.values().forEach(body -> byConversation.computeIfAbsent(
                    world.shortName(body.path("conversationId").asText()), c -> new ArrayList<>()).add(
                            (body.has("sequence") ? "#" + body.path("sequence").asText() + " " : "")
                            + body.path("type").asText() + ":"
                            + world.shortName(body.path("assignee").path("participantId").asText(
                                    body.path("from").path("participantId").asText("")))
                            + " " + body.path("text").asText()));
            return byConversation;
        }

        List<String> participantIds() {
            return List.of(world.id("agent-a"), world.id("rep-1"), world.id("agent-b"));
        }

        List<String> conversationIds() {
            return List.of(world.id("c-1"), world.id("c-2"), world.id("c-3"));
        }
    }

    /**
     * A hand-out that died after its claim leaves the participant holding a claim for a conversation that still waits.
     * Freeing capacity later must neither spin on that conversation nor claim it twice; the sweeper frees the stale
     * claim after the lease, and the conversation is handed out then.
     */
    @Test
    void aStaleClaimOnAWaitingConversationIsPassedOverUntilTheSweeperFreesIt() {
        var world = newWorld();
        world.queue("queue-1");
        world.representative("rep-1", 2, "queue-1");
        var representative = participants.find(world.id("rep-1")).orElseThrow();
        assertTrue(participants.claim(representative, world.id("c-1"),
                new Claim(1, "a-crashed-hand-out", clock.instant())).isPresent(), "the claim a crashed hand-out left");
        presence(world, "busy");
        functions.route(Events.event("conversation.start", Map.of("conversationId", world.id("c-1"),
                "queueId", world.id("queue-1"), "customer", Map.of("id", "cust-1"))));
        assertEquals(List.of("c-1"), world.waiting("queue-1", KindNeeded.ANY));

        DynamoDbProbe.reset();
        var back = presence(world, "available");
        assertTrue(DynamoDbProbe.calls().size() < 20, "one look at the line, no spinning on the stale claim: "
                + DynamoDbProbe.calls().size() + " calls");
        assertEquals("ok", back.getString("status"));
        assertEquals(List.of(), back.getList("assigned"), "c-1 is passed over, not claimed twice");
        assertEquals(List.of("c-1"), world.waiting("queue-1", KindNeeded.ANY));
        assertEquals(1, world.load("rep-1"));

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            sweeper.sweep(); // frees the stale claim once the lease has passed, then hands c-1 out
            var holder = world.conversation("c-1").assignee();
            assertEquals(world.id("rep-1"), holder == null ? null : holder.participantId());
        });
        assertEquals(1, world.load("rep-1"));
        Invariants.check(participants, conversations, List.of(world.id("rep-1")), List.of(world.id("c-1")));
    }

    private static io.restassured.path.json.JsonPath presence(World world, String presence) {
        return Events.send("participant.presence", Map.of("participantId", world.id("rep-1"), "presence", presence));
    }

    @TestFactory
    Stream<DynamicTest> everyCrashPointConvergesToTheFaultFreeState() {
        var tests = new ArrayList<DynamicTest>();
        for (Step step : Step.values()) {
            var clean = new Stage();
            var event = clean.prepare(step);
            DynamoDbProbe.reset();
            functions.route(event);
            int calls = DynamoDbProbe.calls().size();
            String expected = clean.snapshot();
            assertTrue(calls >= 3, step + " makes DynamoDB calls: " + calls);
            assertChannelNumberedWithoutAGap(clean);
            Retirement.participants(dynamo, tablePrefix, clean.participantIds());
            for (int n = 1; n <= calls; n++) {
                for (Fault fault : Fault.values()) {
                    int call = n;
                    tests.add(DynamicTest.dynamicTest(step + ", call " + n + " of " + calls + ", " + fault,
                            () -> crashAndRecover(step, call, fault, expected)));
                }
            }
        }
        return tests.stream();
    }

    /** Per conversation, the channel's first call of each webhook-id numbers 1, 2, 3… in the order received. */
    private static void assertChannelNumberedWithoutAGap(Stage stage) {
        var first = new LinkedHashMap<String, com.fasterxml.jackson.databind.JsonNode>();
        stage.channel.calls().forEach(call -> first.putIfAbsent(call.webhookId(), call.body()));
        var next = new LinkedHashMap<String, Integer>();
        first.values().forEach(body -> {
            String conversation = body.path("conversationId").asText();
            int expected = next.merge(conversation, 1, Integer::sum);
            assertEquals(expected, body.path("sequence").asInt(), "the channel's numbering of " + conversation);
        });
        assertTrue(!first.isEmpty(), "the channel was told something");
    }

    private void crashAndRecover(Step step, int call, Fault fault, String expected) {
        var stage = new Stage();
        var event = stage.prepare(step);
        DynamoDbProbe.reset();
        DynamoDbProbe.failCall(call, fault);
        try {
            functions.route(event);
        } catch (RuntimeException crashed) {
            THROWN.incrementAndGet(); // Lambda reports the invocation failed; the same event comes again below
        } finally {
            assertTrue(DynamoDbProbe.fired(), "the fault fired at call " + call);
            DynamoDbProbe.reset();
        }
        CRASH_POINTS.incrementAndGet();
        // The crashed delivery is dead: nothing happens while its lease runs out, so the test skips it rather than
        // waits. The redelivery and the sweeper then take over its work at once; both are still tried again while
        // they are early (say, one more step of the crashed delivery's work turned out to be young).
        clock.skip(lease.plusMillis(1));
        // Both first tries at once (no poll delay): the platform may redeliver at any time, and a sweep may run at any
        // time.
        await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    functions.route(event); // the redelivery; throws while a step of the first is still in its lease
                });
        await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(150))
                .untilAsserted(() -> {
                    sweeper.sweep();
                    assertEquals(expected, stage.snapshot());
                });
        Invariants.check(participants, conversations, stage.participantIds(), stage.conversationIds());
        assertEquals(new LinkedHashSet<>(List.of()), new LinkedHashSet<>(
                Invariants.violations(participants, conversations, stage.participantIds(),
                        stage.conversationIds())));
        Retirement.participants(dynamo, tablePrefix, stage.participantIds());
    }
}
