package dev.handoff.router.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * What a bot built with the real Bot Framework SDK for JavaScript ({@code botbuilder}, {@link BotFrameworkBot}) needs
 * from the router's calls, and what it answers: the three activities of a hand-over (the conversation update, the
 * Omnichannel context event, a customer's message) with {@code deliveryMode: "expectReplies"}, so that the replies come
 * back in the HTTP answer as an ExpectedReplies object {@code {"activities":[...]}}; then what happens without each
 * field, which headers it ignores, the shapes of a hand-off reply, and what it does with {@code serviceUrl}.
 *
 * <p>The answers' content type is the bot script's (its few lines of restify-like response over Node's http); the
 * bodies, statuses and messages are the SDK's.
 */
class BotFrameworkBotTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final String JSON_UTF8 = "application/json; charset=utf-8";
    private static final String TEXT_UTF8 = "text/plain; charset=utf-8";
    private static final String TURN_ERROR = "The bot encountered an error or bug.";

    private static BotFrameworkBot bot;
    private static BotFrameworkBot typingBot;
    private static ServiceUrl serviceUrl;

    @BeforeAll
    static void startTheBots() {
        long started = System.nanoTime();
        bot = BotFrameworkBot.start("Agent A");
        System.out.printf("the Bot Framework bot (pid %d) was ready in %d ms%n", bot.pid(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        typingBot = BotFrameworkBot.startShowingTyping("Agent T");
        serviceUrl = ServiceUrl.start();
    }

    @AfterAll
    static void stopTheBots() {
        for (BotFrameworkBot started : new BotFrameworkBot[] { bot, typingBot }) {
            if (started != null) {
                started.close();
                assertFalse(started.isAlive(), "the bot stopped by its PID");
            }
        }
        if (serviceUrl != null) {
            serviceUrl.close();
        }
    }

    // The three calls of a hand-over, every field a Bot Framework channel sets.

    private static ObjectNode update(String conversationId, String serviceUrl) {
        return activity("""
                { "type": "conversationUpdate", "id": "%1$s-1", "timestamp": "2026-11-25T10:00:00.000Z",
                  "channelId": "handoff-router", "serviceUrl": "%2$s",
                  "from": { "id": "cust-7", "name": "Ana", "role": "user" },
                  "recipient": { "id": "agent-a", "name": "Agent A", "role": "bot" },
                  "conversation": { "id": "%1$s" }, "locale": "en-US", "deliveryMode": "expectReplies",
                  "membersAdded": [ { "id": "agent-a", "name": "Agent A", "role": "bot" },
                                    { "id": "cust-7", "name": "Ana", "role": "user" } ],
                  "channelData": { "queueId": "queue-1" } }
                """.formatted(conversationId, serviceUrl));
    }

    private static ObjectNode setContext(String conversationId, String serviceUrl) {
        return activity("""
                { "type": "event", "name": "omnichannelSetContext", "id": "%1$s-2",
                  "timestamp": "2026-11-25T10:00:00.100Z", "channelId": "handoff-router", "serviceUrl": "%2$s",
                  "from": { "id": "cust-7", "name": "Ana", "role": "user" },
                  "recipient": { "id": "agent-a", "name": "Agent A", "role": "bot" },
                  "conversation": { "id": "%1$s" }, "locale": "en-US", "deliveryMode": "expectReplies",
                  "value": { "customer": { "id": "cust-7", "name": "Ana" }, "orderId": "A-1001" } }
                """.formatted(conversationId, serviceUrl));
    }

    private static ObjectNode message(String conversationId, String serviceUrl, String text) {
        return activity("""
                { "type": "message", "text": "%3$s", "id": "%1$s-3", "timestamp": "2026-11-25T10:00:05.000Z",
                  "channelId": "handoff-router", "serviceUrl": "%2$s",
                  "from": { "id": "cust-7", "name": "Ana", "role": "user" },
                  "recipient": { "id": "agent-a", "name": "Agent A", "role": "bot" },
                  "conversation": { "id": "%1$s" }, "locale": "en-US", "deliveryMode": "expectReplies" }
                """.formatted(conversationId, serviceUrl, text));
    }

    /** What the SDK fills in on each reply: the conversation reference of the activity it answers. */
    private static String replyFields(String conversationId, String serviceUrl, String replyToId) {
        return """
                "channelId": "handoff-router", "locale": "en-US", "serviceUrl": "%2$s",
                "conversation": { "id": "%1$s" },
                "from": { "id": "agent-a", "name": "Agent A", "role": "bot" },
                "recipient": { "id": "cust-7", "name": "Ana", "role": "user" }, "replyToId": "%3$s"
                """.formatted(conversationId, serviceUrl, replyToId);
    }

    @Test
    void theThreeCallsOfAHandOverAreAnsweredInTheResponse() {
        String url = serviceUrl.url("ok");

        Answer greeted = post(update("c-handover", url));
        assertEquals(200, greeted.status());
        assertEquals(JSON_UTF8, greeted.contentType());
        assertEquals(activity("""
                { "activities": [ { "type": "message", "text": "Hi, I'm Agent A. How can I help?",
                                    "inputHint": "acceptingInput", %s } ] }
                """.formatted(replyFields("c-handover", url, "c-handover-1"))), greeted.json(),
                "one greeting, for the customer and not for the bot itself: " + greeted.body());

        Answer contextKept = post(setContext("c-handover", url));
        assertEquals(200, contextKept.status());
        assertEquals(JSON_UTF8, contextKept.contentType());
        assertEquals("{\"activities\":[]}", contextKept.body());

        Answer answered = post(message("c-handover", url, "where is my order?"));
        assertEquals(200, answered.status());
        assertEquals(JSON_UTF8, answered.contentType());
        assertEquals(activity("""
                { "activities": [ { "type": "message", "text": "You said: where is my order? (order A-1001)",
                                    "inputHint": "acceptingInput", %s } ] }
                """.formatted(replyFields("c-handover", url, "c-handover-3"))), answered.json(),
                "the bot saw the context: " + answered.body());

        assertEquals(List.of(), serviceUrl.calls("c-handover"), "with expectReplies nothing is sent to serviceUrl");
    }

    @Test
    void anUnreachableServiceUrlIsNeverCalledWithExpectReplies() {
        String url = "https://router.example/botframework/"; // does not resolve here: a call would fail the turn
        assertEquals(1, post(update("c-unreachable", url)).activities().size());
        assertEquals(0, post(setContext("c-unreachable", url)).activities().size());
        Answer answered = post(message("c-unreachable", url, "hello"));
        assertEquals("You said: hello (order A-1001)", answered.activities().get(0).path("text").asText(),
                answered.body());
    }

    @Test
    void anUpdateThatAddsOnlyTheBotGreetsNobody() {
        // The update as CONTRACT.md §3 sends it today: the SDK's welcome pattern greets members other than the bot.
        ObjectNode onlyTheBot = update("c-only-bot", serviceUrl.url("ok"));
        onlyTheBot.set("membersAdded", activity("""
                { "members": [ { "id": "agent-a", "name": "Agent A", "role": "bot" } ] }""").get("members"));
        Answer answer = post(onlyTheBot);
        assertEquals(200, answer.status());
        assertEquals("{\"activities\":[]}", answer.body());
    }

    @Test
    void theSmallestActivitiesThisBotAnswers() {
        // The adapter itself needs only a type; deliveryMode puts the replies in the answer. The rest is what the
        // bot's code reads: recipient.id (the welcome pattern), channelId + conversation.id (ConversationState),
        // from.id (UserState).
        Answer greeted = post(activity("""
                { "type": "conversationUpdate", "recipient": { "id": "agent-a" },
                  "membersAdded": [ { "id": "agent-a" }, { "id": "cust-7" } ], "deliveryMode": "expectReplies" }
                """));
        assertEquals(activity("""
                { "activities": [ { "type": "message", "text": "Hi, I'm Agent A. How can I help?",
                                    "inputHint": "acceptingInput", "from": { "id": "agent-a" } } ] }
                """), greeted.json(), greeted.body());

        Answer contextKept = post(activity("""
                { "type": "event", "name": "omnichannelSetContext", "channelId": "handoff-router",
                  "conversation": { "id": "c-minimal" }, "value": { "orderId": "A-1001" },
                  "deliveryMode": "expectReplies" }
                """));
        assertEquals("{\"activities\":[]}", contextKept.body());

        Answer answered = post(activity("""
                { "type": "message", "text": "hi", "channelId": "handoff-router", "conversation": { "id": "c-minimal" },
                  "from": { "id": "cust-7" }, "deliveryMode": "expectReplies" }
                """));
        assertEquals(activity("""
                { "activities": [ { "type": "message", "text": "You said: hi (order A-1001)",
                                    "inputHint": "acceptingInput", "channelId": "handoff-router",
                                    "conversation": { "id": "c-minimal" }, "recipient": { "id": "cust-7" } } ] }
                """), answered.json(), answered.body());
    }

    @Test
    void whatTheSdkAnswersWhenAFieldIsMissing() {
        String url = serviceUrl.url("ok");
        // The bot's code throws; the adapter's onTurnError (as in the samples) answers 200 with a trace activity and
        // an apology, both in the ExpectedReplies body.
        assertTurnError(without(message("c-no-channel", url, "hi"), "channelId"), "Error: missing activity.channelId");
        assertTurnError(without(setContext("c-no-channel", url), "channelId"), "Error: missing activity.channelId");
        assertTurnError(without(message("c-no-from", url, "hi"), "from"), "Error: missing activity.from.id");
        assertTurnError(without(setContext("c-no-conversation", url), "conversation"),
                "Error: missing activity.conversation.id");
        assertTurnError(without(update("c-no-recipient", url), "recipient"),
                "TypeError: Cannot read properties of undefined (reading 'id')");

        // Not needed with expectReplies: serviceUrl, id, timestamp, locale (the replies then lack them).
        for (String field : List.of("serviceUrl", "id", "timestamp", "locale")) {
            Answer answer = post(without(message("c-no-" + field, url, "hi"), field));
            assertEquals(200, answer.status(), field);
            assertEquals("message", answer.activities().get(0).path("type").asText(), field + ": " + answer.body());
            assertFalse(answer.activities().get(0).has(field.equals("id") ? "replyToId" : field), answer.body());
        }

        // Refused by the adapter before any bot code runs.
        Answer noType = post(without(message("c-no-type", url, "hi"), "type"));
        assertEquals(500, noType.status()); // thrown by adapter.process; the script answers it as restify would
        assertEquals(TEXT_UTF8, noType.contentType());
        assertEquals("validateAndFixActivity(): missing activity type.", noType.body());

        Answer notAnObject = post("[\"not an activity\"]", Map.of());
        assertEquals(400, notAnObject.status());
        assertEquals(TEXT_UTF8, notAnObject.contentType());
        assertEquals("`req.body` not an object, make sure you are using middleware to parse incoming requests.",
                notAnObject.body());

        Answer get = send(HttpRequest.newBuilder(URI.create(bot.url())).GET());
        assertEquals(405, get.status());
        assertEquals("", get.body());
    }

    @Test
    void withoutExpectRepliesTheRepliesArePostedToServiceUrl() {
        String url = serviceUrl.url("ok");
        ObjectNode message = without(message("c-no-delivery", url, "hello"), "deliveryMode");
        Answer answer = post(message);
        assertEquals(200, answer.status());
        assertEquals("", answer.body());
        assertNull(answer.contentType());

        List<ServiceUrl.Call> calls = serviceUrl.calls("c-no-delivery"); // sent before the turn ended
        assertEquals(1, calls.size(), calls.toString());
        ServiceUrl.Call reply = calls.get(0);
        assertEquals("POST /ok/v3/conversations/c-no-delivery/activities/c-no-delivery-3",
                reply.method() + " " + reply.path());
        assertFalse(reply.headers().containsKey("authorization"), "anonymous: no token " + reply.headers());
        assertEquals(activity("""
                { "type": "message", "text": "You said: hello (order undefined)", "inputHint": "acceptingInput", %s }
                """.formatted(replyFields("c-no-delivery", url, "c-no-delivery-3"))), reply.body());
    }

    @Test
    void authorizationAndStandardWebhooksHeadersAreIgnored() {
        String url = serviceUrl.url("ok");
        Answer withToken = post(message("c-headers", url, "hi").toString(),
                Map.of("Authorization", "Bearer not-a-token"));
        assertEquals(200, withToken.status());
        assertEquals("You said: hi (order undefined)", withToken.activities().get(0).path("text").asText());

        Answer signed = post(message("c-headers", url, "hi").toString(),
                Map.of("webhook-id", "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", "webhook-timestamp", "1700000000",
                        "webhook-signature", "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4="));
        assertEquals(200, signed.status());
        assertEquals("You said: hi (order undefined)", signed.activities().get(0).path("text").asText());
    }

    @Test
    void theShapesOfAHandOffReply() {
        String url = serviceUrl.url("ok");
        Answer escalate = post(message("c-shapes", url, "talk to a person"));
        assertEquals(activity("""
                { "activities": [ { "type": "message", "text": "Let me find a person for you.",
                    "channelData": { "tags": "{\\"type\\":\\"Escalate\\",\\"context\\":{\\"reason\\":\\"asked\\"}}" },
                    %s } ] }
                """.formatted(replyFields("c-shapes", url, "c-shapes-3"))), escalate.json(), escalate.body());

        Answer bye = post(message("c-shapes", url, "bye"));
        assertEquals(activity("""
                { "activities": [
                    { "type": "message", "text": "Goodbye.", "inputHint": "acceptingInput", %1$s },
                    { "type": "endOfConversation", "code": "completedSuccessfully", %1$s } ] }
                """.formatted(replyFields("c-shapes", url, "c-shapes-3"))), bye.json(), bye.body());
    }

    @Test
    void aSlowTurnSendsTypingToServiceUrlEvenWithExpectReplies() {
        // ShowTypingMiddleware sends its typing through the adapter after 500 ms, bypassing the ExpectedReplies
        // buffer; a typing activity the bot itself sends is buffered like any reply.
        String url = serviceUrl.url("ok");
        post(typingBot.url(), setContext("c-slow", url).toString(), Map.of());
        Answer answer = post(typingBot.url(), message("c-slow", url, "slow").toString(), Map.of());
        assertEquals(activity("""
                { "activities": [ { "type": "typing", %1$s },
                  { "type": "message", "text": "You said: slow (order A-1001)", "inputHint": "acceptingInput",
                    %1$s } ] }
                """.formatted(replyFields("c-slow", url, "c-slow-3"))), answer.json(), answer.body());

        List<ServiceUrl.Call> calls = serviceUrl.calls("c-slow"); // sent 500 ms into the 1 s turn
        assertEquals(1, calls.size(), calls.toString());
        assertEquals("POST /ok/v3/conversations/c-slow/activities/c-slow-3", calls.get(0).method() + " "
                + calls.get(0).path());
        assertEquals(activity("""
                { "type": "typing", %s }""".formatted(replyFields("c-slow", url, "c-slow-3"))), calls.get(0).body());
    }

    @Test
    void aServiceUrlThatRefusesTheTypingDuringTheTurnAddsTheTurnErrorToTheReplies() {
        // The typing is refused 500 ms into the 1 s turn: the SDK calls onTurnError, whose replies are buffered.
        String url = serviceUrl.url("fails");
        Answer answer = post(typingBot.url(), message("c-typing-refused", url, "slow").toString(), Map.of());
        assertEquals(200, answer.status());
        List<String> kinds = new ArrayList<>();
        answer.activities().forEach(reply -> kinds.add(reply.path("type").asText() + ":"
                + reply.path("text").asText(reply.path("value").asText())));
        assertEquals(List.of("typing:", "trace:RestError: refused", "message:" + TURN_ERROR,
                "message:You said: slow (order undefined)"), kinds, answer.body());
        assertTrue(typingBot.isAlive());
    }

    @Test
    void aServiceUrlThatFailsTheTypingAfterTheTurnKillsTheBot() {
        // A failure that arrives once the turn is over reaches ShowTypingMiddleware's error path with a revoked
        // TurnContext: an unhandled rejection, and Node exits. The router's serviceUrl must answer, and answer 2xx.
        try (BotFrameworkBot doomed = BotFrameworkBot.startShowingTyping("Agent B")) {
            String late = serviceUrl.url("fails-late");
            Answer answer = post(doomed.url(), message("c-typing-late", late, "slow").toString(), Map.of());
            assertEquals(200, answer.status(), "the turn itself is answered: " + answer.body());
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !doomed.isAlive());
            // Its stderr is read by another thread: wait for the last lines to arrive.
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> assertTrue(
                    doomed.stderr().contains("TypeError: Cannot perform 'get' on a proxy that has been revoked"),
                    doomed.stderr()));
        }
    }

    private static void assertTurnError(ObjectNode activity, String error) {
        Answer answer = post(activity);
        assertEquals(200, answer.status(), answer.body());
        assertEquals(JSON_UTF8, answer.contentType());
        JsonNode replies = answer.activities();
        assertEquals(2, replies.size(), answer.body());
        JsonNode trace = replies.get(0);
        assertEquals("trace", trace.path("type").asText(), answer.body());
        assertEquals("OnTurnError Trace", trace.path("name").asText());
        assertEquals(error, trace.path("value").asText());
        assertEquals("https://www.botframework.com/schemas/error", trace.path("valueType").asText());
        assertEquals("TurnError", trace.path("label").asText());
        assertEquals("message", replies.get(1).path("type").asText());
        assertEquals(TURN_ERROR, replies.get(1).path("text").asText());
    }

    private static ObjectNode without(ObjectNode activity, String field) {
        activity.remove(field);
        return activity;
    }

    private static ObjectNode activity(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Answer post(ObjectNode activity) {
        return post(activity.toString(), Map.of());
    }

    private static Answer post(String body, Map<String, String> headers) {
        return post(bot.url(), body, headers);
    }

    private static Answer post(String url, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request);
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("content-type").orElse(null),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("the bot did not answer; stderr: " + bot.stderr() + typingBot.stderr(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The bot's HTTP answer. */
    record Answer(int status, String contentType, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        JsonNode activities() {
            return json().path("activities");
        }
    }

    /**
     * A channel's service URL on loopback that records what the bot sends it: under {@code /ok/} it answers 200 with a
     * resource id, as the Bot Framework connector does; under {@code /fails/} 400 at once; under {@code /fails-late/}
     * 400 after 2.5 s (after a 1 s turn that sent its typing at 500 ms).
     */
    static final class ServiceUrl implements AutoCloseable {
        record Call(String method, String path, Map<String, String> headers, JsonNode body) {
        }

        private final HttpServer server;
        private final ExecutorService executor = Executors.newFixedThreadPool(4);
        private final List<Call> calls = new CopyOnWriteArrayList<>();

        private ServiceUrl(HttpServer server) {
            this.server = server;
        }

        static ServiceUrl start() {
            try {
                var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                var recorder = new ServiceUrl(server);
                server.createContext("/", recorder::handle);
                server.setExecutor(recorder.executor);
                server.start();
                return recorder;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String url(String behaviour) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + behaviour + "/";
        }

        List<Call> calls(String conversationId) {
            return calls.stream().filter(call -> call.path().contains("/v3/conversations/" + conversationId + "/"))
                    .toList();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                Map<String, String> headers = new TreeMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                        String.join(",", values)));
                calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers,
                        body.length == 0 ? null : JSON.readTree(body)));
                String path = exchange.getRequestURI().getPath();
                if (path.startsWith("/fails-late/")) {
                    sleep(2_500); // the stand-in answers late on purpose: after the bot's turn has ended
                }
                if (path.startsWith("/fails")) {
                    byte[] refused = "refused".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("content-type", "text/plain");
                    exchange.sendResponseHeaders(400, refused.length);
                    exchange.getResponseBody().write(refused);
                    return;
                }
                byte[] created = "{\"id\":\"0\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("content-type", "application/json");
                exchange.sendResponseHeaders(200, created.length);
                exchange.getResponseBody().write(created);
            }
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
