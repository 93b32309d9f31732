package dev.handoff.router.webhooks;

import static dev.handoff.router.testing.Events.event;
import static dev.handoff.router.testing.Events.send;
import static dev.handoff.router.testing.Events.sendRaw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.handoff.router.observability.JsonLogLines;
import dev.handoff.router.testing.BotServer;
import dev.handoff.router.testing.BotServer.Behaviour;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.RouterTestBase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The log of a full scenario, read as an operator would: one line per handled event (its id, type, conversation,
 * outcome or rejection, time and DynamoDB calls), one per failed bot call attempt (bot, host, status, attempt), and
 * never a webhook secret, a signature or the customer's context in any line; read both as the readable lines of dev
 * mode and as the JSON lines Lambda writes ({@code router.log.json}, on in this test's profile).
 */
@QuarkusTest
@TestProfile(FastWebhooks.class)
@WithTestResource(DynaliteResource.class)
class LogLinesTest extends RouterTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EVENT_LINE = Pattern.compile(
            "event (\\S+) (\\S+) (\\S+): (.+) in \\d+\\.\\d ms, (\\d+) DynamoDB calls?");

    @Test
    void aFullScenarioLogsOneLinePerEventAndEachFailedAttemptAndNothingSecret() throws Exception {
        var world = newWorld();
        BotServer.Bot agentA = bots.bot(world.id("agent-a"), "Hi, I'm A");
        BotServer.Bot agentB = bots.bot(world.id("agent-b"), "Hi, I'm B");
        world.queue("queue-1");
        world.queue("queue-2");
        world.bot(agentA, 3, "queue-1");
        world.representative("rep-1", 2, "queue-1");
        world.bot(agentB, 3, "queue-2");
        agentB.scripted(Behaviour.status(500)); // its first call fails once, then it answers

        var sent = new ArrayList<Map<String, Object>>();
        List<String> lines;
        List<String> jsonLines;
        try (var log = LogCapture.start()) {
            sent.add(event("conversation.start", Map.of("conversationId", world.id("c-1"),
                    "queueId", world.id("queue-1"), "customer", Map.of("id", "cust-7", "name", "Ana Secretname"),
                    "context", Map.of("orderId", "ORDER-PRIVATE-1001"))));
            sent.add(event("conversation.escalate", Map.of("conversationId", world.id("c-1"),
                    "requestedBy", world.id("rep-1"))));
            sent.add(event("conversation.escalate", Map.of("conversationId", world.id("c-1"),
                    "requestedBy", world.id("agent-a"))));
            sent.add(event("conversation.transfer-to-bot", Map.of("conversationId", world.id("c-1"),
                    "requestedBy", world.id("rep-1"), "targetQueueId", world.id("queue-2"),
                    "context", Map.of("refundNote", "PRIVATE-NOTE"))));
            sent.add(event("conversation.end", Map.of("conversationId", world.id("c-1"),
                    "requestedBy", world.id("agent-b"))));
            sent.forEach(e -> send(e));
            sendRaw("this is not json");
            lines = log.lines();
            jsonLines = log.jsonLines();
        }

        var eventLines = lines.stream().filter(line -> EVENT_LINE.matcher(line).matches()).toList();
        assertEquals(sent.size() + 1, eventLines.size(), "one line per event: " + eventLines);
        for (var event : sent) {
            var mine = eventLines.stream().filter(line -> line.startsWith("event " + event.get("id") + " "
                    + event.get("type") + " " + world.id("c-1") + ": ")).toList();
            assertEquals(1, mine.size(), "the line of " + event.get("type") + ": " + eventLines);
            var fields = EVENT_LINE.matcher(mine.get(0));
            assertTrue(fields.matches());
            assertTrue(Integer.parseInt(fields.group(5)) >= 1, "counts its DynamoDB calls: " + mine.get(0));
        }
        assertTrue(eventLines.get(0).contains(": assigned, holder " + world.id("agent-a") + ", queue "
                + world.id("queue-1") + ", bot calls delivered in "), eventLines.get(0));
        assertTrue(eventLines.get(1).contains(": rejected not_assignee (data.requestedBy: only the conversation's"
                + " current assignee may request this) in "), eventLines.get(1));
        assertTrue(eventLines.get(eventLines.size() - 1).startsWith("event null null -: rejected invalid_event (the"
                + " body must be a JSON object"), eventLines.get(eventLines.size() - 1));

        var failedAttempts = lines.stream().filter(line -> line.startsWith("bot " + world.id("agent-b") + " call msg_"))
                .toList();
        assertEquals(1, failedAttempts.size(), "one failed attempt, then delivered: " + failedAttempts);
        assertTrue(failedAttempts.get(0).endsWith(" to 127.0.0.1 failed: HTTP 500 (attempt 1 of 3)"),
                failedAttempts.get(0));

        // On Lambda each line is one JSON object, the event's fields apart for Logs Insights to query
        assertTrue(JsonLogLines.installed(), "router.log.json=true puts the JSON formatter on the console");
        var jsonEvents = new ArrayList<JsonNode>();
        for (String line : jsonLines) {
            JsonNode node = JSON.readTree(line);
            assertTrue(node.isObject() && node.hasNonNull("message") && node.hasNonNull("level"), line);
            assertEquals(1, line.strip().lines().count(), "one line: " + line);
            if (node.path("mdc").hasNonNull("outcome")) { // every event's line; the body that was no event has no id
                jsonEvents.add(node);
            }
        }
        assertEquals(eventLines.size(), jsonEvents.size(), jsonEvents.toString());
        JsonNode start = jsonEvents.get(0).path("mdc");
        assertEquals(sent.get(0).get("id"), start.path("eventId").asText());
        assertEquals("conversation.start", start.path("eventType").asText());
        assertEquals(world.id("c-1"), start.path("conversationId").asText());
        assertTrue(start.path("outcome").asText().startsWith("assigned, holder "), start.toString());
        assertTrue(Integer.parseInt(start.path("dynamoDbCalls").asText()) >= 1, start.toString());
        assertTrue(Double.parseDouble(start.path("durationMs").asText()) > 0, start.toString());
        assertEquals("not_assignee", jsonEvents.get(1).path("mdc").path("errorCode").asText());
        JsonNode notAnEvent = jsonEvents.get(jsonEvents.size() - 1).path("mdc");
        assertFalse(notAnEvent.has("eventId") || notAnEvent.has("conversationId"), "what is not known is left out: "
                + notAnEvent);
        assertEquals("invalid_event", notAnEvent.path("errorCode").asText());
        var allLines = new ArrayList<>(lines);
        allLines.addAll(jsonLines);

        var signatures = new ArrayList<String>();
        for (var bot : List.of(agentA, agentB)) {
            bot.calls().forEach(call -> signatures.add(call.signature().substring("v1,".length())));
        }
        assertFalse(signatures.isEmpty());
        for (String line : allLines) {
            for (String secret : List.of(agentA.secret(), agentB.secret(),
                    agentA.secret().substring("whsec_".length()), agentB.secret().substring("whsec_".length()))) {
                assertFalse(line.contains(secret), "a webhook secret in the log: " + line);
            }
            signatures.forEach(signature -> assertFalse(line.contains(signature), "a signature in the log: " + line));
            for (String context : List.of("Secretname", "ORDER-PRIVATE-1001", "PRIVATE-NOTE")) {
                assertFalse(line.contains(context), "customer context in the log: " + line);
            }
        }
    }

    /** Registering a representative's desk and a channel, accepted or refused, logs their lines and no secret. */
    @Test
    void registeringDesksAndChannelsLogsNoSecret() {
        var world = newWorld();
        world.queue("queue-1");
        BotServer.Bot desk = bots.bot(world.id("rep-1-desk"), "unused");
        String channelSecret = "whsec_Y2hhbm5lbC1zZWNyZXQtb2YtMjQtYnl0ZXM=";
        var sent = List.of(
                event("participant.upsert", Map.of("participantId", world.id("rep-1"), "kind", "representative",
                        "name", "Rep 1", "capacity", 1, "queues", List.of(world.id("queue-1")),
                        "webhook", Map.of("url", desk.url(), "secret", desk.secret()))),
                event("channel.upsert", Map.of("channelId", world.id("webchat"),
                        "webhook", Map.of("url", "https://93.184.216.34/hook", "secret", channelSecret))),
                event("channel.upsert", Map.of("channelId", world.id("sms"),
                        "webhook", Map.of("url", "https://10.0.0.1/hook", "secret", channelSecret))));
        List<String> lines;
        var answers = new ArrayList<String>();
        try (var log = LogCapture.start()) {
            sent.forEach(e -> answers.add(send(e).prettify()));
            lines = log.lines();
        }

        for (var event : sent) {
            assertEquals(1, lines.stream().filter(line -> line.startsWith("event " + event.get("id") + " "
                    + event.get("type") + " -: ")).count(), "the line of " + event.get("type") + ": " + lines);
        }
        assertTrue(answers.get(2).contains("invalid_event"), answers.get(2));
        for (String secret : List.of(desk.secret(), channelSecret)) {
            String key = secret.substring("whsec_".length());
            lines.forEach(line -> assertFalse(line.contains(key), "a webhook secret in the log: " + line));
            answers.forEach(answer -> assertFalse(answer.contains(key), "a webhook secret in an answer: " + answer));
        }
    }
}
