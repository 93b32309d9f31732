package dev.handoff.router.webhooks;

import static dev.handoff.router.testing.Events.send;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.handoff.router.application.Hashing;
import dev.handoff.router.application.Sweeper;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.Presence;
import dev.handoff.router.functions.RouterFunctions;
import dev.handoff.router.testing.BotServer;
import dev.handoff.router.testing.BotServer.Behaviour;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.RouterTestBase;
import dev.handoff.router.testing.DynamoDbProbe;
import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.World;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * Bots that fail, slow down, drop connections or are gone: every bot that receives a conversation gets its two calls in
 * order, signed (checked by the reference library on every call), at least once and under fixed webhook ids; a bot
 * that keeps failing loses the conversation to the next bot, or the conversation waits. No secret ever shows in a log
 * line or an answer.
 */
@QuarkusTest
@TestProfile(FastWebhooks.class)
@WithTestResource(DynaliteResource.class)
class WebhookDeliveryTest extends RouterTestBase {
    private static final List<String> SECRETS = new ArrayList<>();
    private static final List<String> ANSWERS = new ArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LogCapture logs;

    @Inject
    RouterFunctions functions;

    @Inject
    Sweeper sweeper;

    @BeforeAll
    static void captureLogs() {
        logs = LogCapture.start();
    }

    @AfterAll
    static void noSecretAnywhere() {
        logs.close();
        assertFalse(logs.lines().isEmpty(), "the capture saw the application's log");
        for (String secret : SECRETS) {
            String key = secret.substring("whsec_".length());
            for (String line : logs.lines()) {
                assertFalse(line.contains(key), "a secret in a log line: " + line);
            }
            for (String answer : ANSWERS) {
                assertFalse(answer.contains(key), "a secret in an answer: " + answer);
            }
        }
        assertTrue(logs.lines().stream().anyMatch(l -> l.contains("failed")), "failures were logged, without secrets");
    }

    /** Queue 1 with agent-a (most room, so it is tried first) and agent-b. */
    private record Stage(World world, BotServer.Bot agentA, BotServer.Bot agentB) {
    }

    private Stage stage() {
        var world = newWorld();
        world.queue("queue-1");
        var agentA = bot(world, "agent-a", "Hi, I'm A", 3);
        var agentB = bot(world, "agent-b", "Hi, I'm B", 2);
        return new Stage(world, agentA, agentB);
    }

    private static BotServer.Bot bot(World world, String name, String greeting, int capacity) {
        var bot = bots.bot(world.id(name), greeting);
        SECRETS.add(bot.secret());
        world.bot(bot, capacity, "queue-1");
        return bot;
    }

    private JsonPath start(World world, String conversation) {
        var answer = send("conversation.start", Map.of("conversationId", world.id(conversation),
                "queueId", world.id("queue-1"), "customer", Map.of("id", "cust-1", "name", "Ana")));
        ANSWERS.add(answer.prettify());
        ANSWERS.add(send("conversation.get", Map.of("conversationId", world.id(conversation))).prettify());
        return answer;
    }

    private static void assertSignedAndInOrder(BotServer.Bot bot) {
        assertTrue(bot.calls().stream().allMatch(BotServer.Call::signatureValid), "every call verifies");
        var firstOfEachId = new java.util.LinkedHashMap<String, String>();
        bot.calls().forEach(c -> firstOfEachId.putIfAbsent(c.webhookId(), c.type()));
        var order = List.copyOf(firstOfEachId.values());
        assertTrue(order.isEmpty() || order.get(0).equals("conversationUpdate"), "the update comes first: " + order);
        assertTrue(order.size() <= 2, "at most one update and one context event: " + order);
        int firstContext = bot.callTypes().indexOf("event");
        int lastUpdate = bot.callTypes().lastIndexOf("conversationUpdate");
        assertTrue(firstContext == -1 || firstContext > lastUpdate, "no context before the update succeeded");
    }

    @Test
    void aServerErrorIsRetriedUnderTheSameWebhookId() {
        var stage = stage();
        stage.agentA().scripted(Behaviour.status(500));
        var answer = start(stage.world(), "c-1");
        assertEquals(stage.world().id("agent-a"), answer.getString("assignee.participantId"));
        assertEquals("Hi, I'm A", answer.getString("greeting.text"));
        assertEquals(List.of("conversationUpdate", "conversationUpdate", "event"), stage.agentA().callTypes());
        assertEquals(stage.agentA().calls().get(0).webhookId(), stage.agentA().calls().get(1).webhookId());
        assertSignedAndInOrder(stage.agentA());
    }

    @Test
    void aBotSlowerThanTheTimeoutIsRetried() {
        var stage = stage();
        stage.agentA().scripted(Behaviour.slow(Duration.ofMillis(1500)));
        var answer = start(stage.world(), "c-1");
        assertEquals("Hi, I'm A", answer.getString("greeting.text"));
        assertEquals(List.of("conversationUpdate", "conversationUpdate", "event"), stage.agentA().callTypes());
        assertEquals(stage.agentA().calls().get(0).webhookId(), stage.agentA().calls().get(1).webhookId());
        assertSignedAndInOrder(stage.agentA());
    }

    @Test
    void aDroppedConnectionIsRetried() {
        var stage = stage();
        stage.agentA().scripted(Behaviour.reset(), Behaviour.status(200), Behaviour.reset());
        var answer = start(stage.world(), "c-1");
        assertEquals("Hi, I'm A", answer.getString("greeting.text"));
        assertEquals(List.of("conversationUpdate", "conversationUpdate", "event", "event"),
                stage.agentA().callTypes());
        assertSignedAndInOrder(stage.agentA());
    }

    @Test
    void aRefusedConnectionFallsBackToTheNextBot() throws IOException {
        var world = newWorld();
        world.queue("queue-1");
        var unreachable = bots.bot(world.id("agent-a"), "never heard");
        SECRETS.add(unreachable.secret());
        int closedPort;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        send("participant.upsert", Map.of("participantId", world.id("agent-a"), "kind", "bot", "name", "A",
                "capacity", 3, "queues", List.of(world.id("queue-1")),
                "webhook", Map.of("url", "http://127.0.0.1:" + closedPort + "/a", "secret", unreachable.secret())));
        var agentB = bot(world, "agent-b", "Hi, I'm B", 2);

        var answer = start(world, "c-1");
        assertEquals("assigned", answer.getString("status"));
        assertEquals(world.id("agent-b"), answer.getString("assignee.participantId"));
        assertEquals("Hi, I'm B", answer.getString("greeting.text"));
        assertEquals(List.of(0, 1), List.of(world.load("agent-a"), world.load("agent-b")));
        assertEquals(List.of("started", "assigned:agent-a", "delivery-failed:agent-a", "disconnected:agent-a",
                "assigned:agent-b", "bot-notified:agent-b", "greeted:agent-b"), world.timeline("c-1"));
        assertEquals(List.of("conversationUpdate", "event"), agentB.callTypes());
        assertSignedAndInOrder(agentB);
    }

    @Test
    void aGoneWebhookTakesTheBotOutOfRoutingUntilAnUpsert() {
        var stage = stage();
        var world = stage.world();
        stage.agentA().answering(410);
        var answer = start(world, "c-1");
        assertEquals(world.id("agent-b"), answer.getString("assignee.participantId"));
        assertEquals(List.of("conversationUpdate"), stage.agentA().callTypes(), "410 is not retried");
        assertEquals(Presence.OFFLINE, participants.find(world.id("agent-a")).orElseThrow().presence());
        assertEquals(world.id("agent-b"), start(world, "c-2").getString("assignee.participantId"),
                "the gone bot gets nothing new");
        var comeBack = Events.send("participant.presence",
                Map.of("participantId", world.id("agent-a"), "presence", "available"));
        assertEquals("invalid_state", comeBack.getString("error.code"), "presence alone does not bring it back");
        assertEquals("data.participantId: its webhook answered 410 Gone: register it again with participant.upsert",
                comeBack.getString("error.message"));
        assertEquals(Presence.OFFLINE, participants.find(world.id("agent-a")).orElseThrow().presence());

        stage.agentA().answering(200);
        world.bot(stage.agentA(), 3, "queue-1");
        assertEquals(Presence.AVAILABLE, participants.find(world.id("agent-a")).orElseThrow().presence());
        assertEquals(world.id("agent-a"), start(world, "c-3").getString("assignee.participantId"));
    }

    @Test
    void aBotThatAnswersTheUpdateButNotTheContextLosesTheConversation() {
        var stage = stage();
        stage.agentA().scripted(Behaviour.status(200), Behaviour.status(500), Behaviour.status(500),
                Behaviour.status(500));
        var answer = start(stage.world(), "c-1");
        assertEquals(stage.world().id("agent-b"), answer.getString("assignee.participantId"));
        assertEquals("Hi, I'm B", answer.getString("greeting.text"));
        assertEquals(List.of("conversationUpdate", "event", "event", "event"), stage.agentA().callTypes());
        assertEquals(List.of("conversationUpdate", "event"), stage.agentB().callTypes());
        assertEquals(List.of(0, 1), List.of(stage.world().load("agent-a"), stage.world().load("agent-b")));
        assertSignedAndInOrder(stage.agentA());
        assertSignedAndInOrder(stage.agentB());
    }

    @Test
    void whenEveryBotFailsTheConversationWaitsForABot() {
        var stage = stage();
        var world = stage.world();
        stage.agentA().answering(503);
        stage.agentB().answering(503);
        var answer = start(world, "c-1");
        assertEquals("waiting", answer.getString("status"));
        assertNull(answer.get("assignee"));
        assertEquals(1, answer.getInt("position"));
        assertEquals("failed", answer.getString("delivery.status"));
        assertEquals(List.of(0, 0), List.of(world.load("agent-a"), world.load("agent-b")));
        assertEquals(List.of("c-1"), world.waiting("queue-1", KindNeeded.BOT));
        assertEquals(3, stage.agentA().calls().size(), "one call, two retries");
        assertEquals(3, stage.agentB().calls().size());

        // A bot that can take it joins: the waiting conversation is handed to it, and it greets.
        var agentC = bots.bot(world.id("agent-c"), "Hi, I'm C");
        SECRETS.add(agentC.secret());
        var joined = world.bot(agentC, 1, "queue-1");
        assertEquals(List.of(world.id("c-1")), joined.getList("assigned.conversationId"));
        ANSWERS.add(joined.prettify());
        assertEquals(List.of("conversationUpdate", "event"), agentC.callTypes());
        assertEquals(world.id("agent-c"), world.conversation("c-1").assignee().participantId());
        assertEquals(List.of("Hi, I'm C"), world.messages("c-1"));
    }

    @Test
    void aCrashBetweenTheAssignmentAndTheCallsIsFinishedByTheRetryWithTheSameIds() {
        var stage = stage();
        var event = Events.event("conversation.start", Map.of("conversationId", stage.world().id("c-1"),
                "queueId", stage.world().id("queue-1"), "customer", Map.of("id", "cust-1")));
        crashRightAfterTheAssignment(event);
        assertEquals(List.of(), stage.agentA().callTypes(), "the crash came before the calls");

        var retried = await().atMost(Duration.ofSeconds(10)).until(() -> retry(event), answer -> answer != null);
        assertEquals("Hi, I'm A", retried.get("greeting").get("text").asText());
        assertEquals(List.of("conversationUpdate", "event"), stage.agentA().callTypes());
        assertEquals(expectedIds(event, stage.world().id("agent-a")),
                stage.agentA().calls().stream().map(BotServer.Call::webhookId).toList());
    }

    @Test
    void aCrashBetweenTheAssignmentAndTheCallsIsFinishedByTheSweeperWithTheSameIds() {
        var stage = stage();
        var event = Events.event("conversation.start", Map.of("conversationId", stage.world().id("c-1"),
                "queueId", stage.world().id("queue-1"), "customer", Map.of("id", "cust-1")));
        crashRightAfterTheAssignment(event);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            sweeper.sweep(); // finishes the owed calls once the lease has passed
            return stage.agentA().calls().size() == 2;
        });
        assertEquals(expectedIds(event, stage.world().id("agent-a")),
                stage.agentA().calls().stream().map(BotServer.Call::webhookId).toList());
        var repeat = send(event);
        assertTrue(repeat.getBoolean("duplicate"));
        assertEquals("Hi, I'm A", repeat.getString("greeting.text"));
        assertEquals(2, stage.agentA().calls().size(), "the repeat calls nobody again");
    }

    /** The conversation's create lands, its answer is lost: the invocation dies before any bot call. */
    private void crashRightAfterTheAssignment(Map<String, Object> event) {
        DynamoDbProbe.reset();
        // queue+id, the room index for bots and for representatives, the few suggested, claim, create
        DynamoDbProbe.failCall(6, DynamoDbProbe.Fault.RESPONSE_LOST);
        try {
            assertThrows(RuntimeException.class, () -> functions.route(event));
            assertEquals("PutItem", DynamoDbProbe.calls().get(5).operation());
        } finally {
            DynamoDbProbe.reset();
        }
    }

    private com.fasterxml.jackson.databind.JsonNode retry(Map<String, Object> event) {
        try {
            return JSON.valueToTree(functions.route(event));
        } catch (RuntimeException stillInProgress) {
            return null;
        }
    }

    private static List<String> expectedIds(Map<String, Object> event, String bot) {
        String key = Hashing.sha256Hex(32, (String) event.get("source"), (String) event.get("id"));
        return List.of("msg_" + Hashing.sha256Hex(32, key, bot, "conversationUpdate"),
                "msg_" + Hashing.sha256Hex(32, key, bot, "omnichannelSetContext"));
    }
}
