package dev.handoff.router.adapters.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.handoff.router.adapters.webhook.WebhookSigner;

/**
 * The webhooks of dev mode's demo, on one loopback HTTP server: each bot, the demo channel and the representative's
 * desk have a path. Each checks the Standard Webhooks signature of every call (401 when wrong). A bot greets on the
 * conversation update and answers each customer message; the channel logs what the customer would see and the desk
 * what the representative would, so a newcomer watches the whole flow in the dev log.
 */
final class DemoWebhooks implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DemoWebhooks.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, Bot> bots = new ConcurrentHashMap<>();
    /** The secret of each channel or desk path, by path. */
    private final Map<String, String> listeners = new ConcurrentHashMap<>();
    /** Notices come again under the same webhook-id when a call is retried: each is shown once. */
    private final Set<String> shown = ConcurrentHashMap.newKeySet();

    record Bot(String id, String name, String secret, String greeting) {
    }

    DemoWebhooks() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open a loopback port for the demo webhooks", e);
        }
        server.createContext("/bots/", this::answerAsBot);
        server.createContext("/channels/", exchange -> show(exchange, "the customer sees"));
        server.createContext("/desks/", exchange -> show(exchange, "the desk sees"));
        server.start();
    }

    /** @return the bot's webhook URL */
    String add(Bot bot) {
        bots.put(bot.id(), bot);
        return url("/bots/" + bot.id());
    }

    /** @return the webhook URL of a channel that logs what its customers would see */
    String channel(String id, String secret) {
        listeners.put("/channels/" + id, secret);
        return url("/channels/" + id);
    }

    /** @return the webhook URL of a representative's desk that logs what it would show */
    String desk(String id, String secret) {
        listeners.put("/desks/" + id, secret);
        return url("/desks/" + id);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void show(HttpExchange exchange, String who) throws IOException {
        try (exchange) {
            String secret = listeners.get(exchange.getRequestURI().getPath());
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (secret == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!signedBy(secret, exchange, body)) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            if (shown.add(exchange.getRequestHeaders().getFirst("webhook-id"))) {
                LOG.infof("%s %s: %s", exchange.getRequestURI().getPath(), who, describe(JSON.readTree(body)));
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    /** One line per notice: its number, its conversation and what it says (this is the demo's own log). */
    private static String describe(JsonNode notice) {
        String head = notice.path("conversationId").asText()
                + (notice.has("sequence") ? " #" + notice.path("sequence").asText() : "");
        return head + " " + switch (notice.path("type").asText()) {
            case "message" -> notice.path("from").path("participantId").asText() + " ("
                    + notice.path("from").path("kind").asText() + "): " + notice.path("text").asText();
            case "assigned" -> notice.has("assignee")
                    ? "now talking to " + notice.path("assignee").path("participantId").asText()
                    : "assigned: customer " + notice.path("customer").path("id").asText() + ", transcript so far: "
                            + notice.path("transcript").size() + " message(s)";
            case "waiting" -> "waiting, position " + notice.path("position").asText("?");
            default -> notice.path("type").asText();
        };
    }

    private static boolean signedBy(String secret, HttpExchange exchange, byte[] body) {
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
        String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
        return id != null && timestamp != null && signature != null && MessageDigest.isEqual(
                WebhookSigner.sign(secret, id, Long.parseLong(timestamp), new String(body, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8));
    }

    private void answerAsBot(HttpExchange exchange) throws IOException {
        try (exchange) {
            Bot bot = bots.get(exchange.getRequestURI().getPath().substring("/bots/".length()));
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (bot == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!signedBy(bot.secret(), exchange, body)) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            var activity = JSON.readTree(body);
            String type = activity.path("type").asText();
            String answer = switch (type) {
                case "conversationUpdate" -> JSON.writeValueAsString(Map.of("activities",
                        java.util.List.of(Map.of("type", "message", "text", bot.greeting()))));
                case "message" -> JSON.writeValueAsString(Map.of("activities", java.util.List.of(Map.of(
                        "type", "message", "text", bot.name() + " heard: " + activity.path("text").asText()))));
                default -> "{}";
            };
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
