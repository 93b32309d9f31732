package dev.handoff.router.adapters.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.handoff.router.adapters.webhook.WebhookSigner;

/**
 * Bots for dev mode: one loopback HTTP server where each bot has a path. A bot checks the Standard Webhooks
 * signature of each call (401 when wrong), greets on the conversation update and answers each customer message, so a
 * newcomer sees the whole flow.
 */
final class DemoBots implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, Bot> bots = new ConcurrentHashMap<>();

    record Bot(String id, String name, String secret, String greeting) {
    }

    DemoBots() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open a loopback port for the demo bots", e);
        }
        server.createContext("/bots/", this::handle);
        server.start();
    }

    /** @return the bot's webhook URL */
    String add(Bot bot) {
        bots.put(bot.id(), bot);
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/bots/" + bot.id();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Bot bot = bots.get(exchange.getRequestURI().getPath().substring("/bots/".length()));
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (bot == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            if (id == null || timestamp == null || signature == null || !MessageDigest.isEqual(
                    WebhookSigner.sign(bot.secret(), id, Long.parseLong(timestamp),
                            new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8),
                    signature.getBytes(StandardCharsets.UTF_8))) {
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
