package dev.handoff.router.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback standing in for bots: each bot has a path, a secret, and a scripted answer. Every call
 * is recorded with its headers and body, and its signature is checked with the reference Standard Webhooks library.
 */
public final class BotServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, Bot> bots = new ConcurrentHashMap<>();

    /** One call as the bot received it. */
    public record Call(String webhookId, String timestamp, String signature, JsonNode body, boolean signatureValid) {
        public String type() {
            return body.path("type").asText();
        }
    }

    /**
     * How the bot answers one call: after {@code delay}, with {@code status}, or by dropping the connection without an
     * answer ({@code drop}).
     */
    public record Behaviour(int status, java.time.Duration delay, boolean drop) {
        public static Behaviour status(int status) {
            return new Behaviour(status, java.time.Duration.ZERO, false);
        }

        public static Behaviour slow(java.time.Duration delay) {
            return new Behaviour(200, delay, false);
        }

        public static Behaviour reset() {
            return new Behaviour(0, java.time.Duration.ZERO, true);
        }
    }

    /** A scripted bot. */
    public static final class Bot {
        private final String id;
        private final String secret;
        private final String url;
        private final List<Call> calls = new CopyOnWriteArrayList<>();
        private final java.util.Queue<Behaviour> script = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private volatile int status = 200;
        private volatile String greeting;
        private volatile List<String> moreGreeting = List.of();
        private volatile List<String> repliesToMessages = List.of();

        Bot(String id, String secret, String url, String greeting) {
            this.id = id;
            this.secret = secret;
            this.url = url;
            this.greeting = greeting;
        }

        public String id() {
            return id;
        }

        public String secret() {
            return secret;
        }

        public String url() {
            return url;
        }

        public String greeting() {
            return greeting;
        }

        public List<Call> calls() {
            return List.copyOf(calls);
        }

        public List<String> callTypes() {
            return calls.stream().map(Call::type).toList();
        }

        /** Answers every call with this status from now on (200 by default), once the script is played. */
        public Bot answering(int newStatus) {
            this.status = newStatus;
            return this;
        }

        /**
         * Says these after its greeting, in the same answer to the conversation update: a greeting of several
         * messages. None by default.
         */
        public Bot alsoGreeting(String... more) {
            this.moreGreeting = List.of(more);
            return this;
        }

        /** Answers every {@code message} activity with these messages. By default it echoes the customer's text. */
        public Bot replyingToMessages(String... replies) {
            this.repliesToMessages = List.of(replies);
            return this;
        }

        /** The answers to the next calls, one each, before falling back to {@link #answering}. */
        public Bot scripted(Behaviour... next) {
            script.addAll(List.of(next));
            return this;
        }
    }

    public BotServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        server.start();
    }

    /**
     * A bot that greets with {@code greeting} when told it was added, echoes each customer message (after a typing
     * indicator), and answers the set-context event with no activity, unless told otherwise ({@link Bot#alsoGreeting},
     * {@link Bot#replyingToMessages}).
     */
    public Bot bot(String id, String greeting) {
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        var bot = new Bot(id, secret, "http://127.0.0.1:" + server.getAddress().getPort() + "/" + id, greeting);
        bots.put(id, bot);
        return bot;
    }

    /**
     * A webhook that is told, not asked: a channel's or a desk's. It records every call (and checks its signature)
     * and answers 200; what it answers is not read.
     */
    public Bot listener(String id) {
        return bot(id, null);
    }

    /**
     * What a listener was told, in the order first received: the first call of each {@code webhook-id} (a retry of a
     * call comes under the same id), as {@code type} or {@code type:detail}, participants by their short names.
     */
    public static List<String> told(Bot listener, World world) {
        var first = new java.util.LinkedHashMap<String, JsonNode>();
        listener.calls().forEach(call -> first.putIfAbsent(call.webhookId(), call.body()));
        return first.values().stream().map(body -> switch (body.path("type").asText()) {
            case "message" -> "message:" + world.shortName(body.path("from").path("participantId").asText()) + ": "
                    + body.path("text").asText();
            case "assigned" -> body.has("assignee")
                    ? "assigned:" + world.shortName(body.path("assignee").path("participantId").asText())
                    : "assigned";
            default -> body.path("type").asText();
        }).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Bot bot = bots.get(exchange.getRequestURI().getPath().substring(1));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (bot == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            var headers = exchange.getRequestHeaders();
            boolean valid;
            try {
                new Webhook(bot.secret).verify(body, Map.of(
                        "webhook-id", List.of(nonNull(headers.getFirst("webhook-id"))),
                        "webhook-timestamp", List.of(nonNull(headers.getFirst("webhook-timestamp"))),
                        "webhook-signature", List.of(nonNull(headers.getFirst("webhook-signature")))));
                valid = true;
            } catch (Exception e) {
                valid = false;
            }
            JsonNode json = JSON.readTree(body);
            bot.calls.add(new Call(headers.getFirst("webhook-id"), headers.getFirst("webhook-timestamp"),
                    headers.getFirst("webhook-signature"), json, valid));
            Behaviour behaviour = bot.script.poll();
            if (behaviour != null && behaviour.drop()) {
                return; // closing the exchange without an answer drops the connection
            }
            if (behaviour != null && !behaviour.delay().isZero()) {
                try {
                    Thread.sleep(behaviour.delay().toMillis()); // a slow bot, past the router's call timeout
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = !valid ? 401 : behaviour != null ? behaviour.status() : bot.status;
            if (status / 100 != 2) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            var activities = new ArrayList<Map<String, String>>();
            String type = json.path("type").asText();
            if ("conversationUpdate".equals(type) && bot.greeting != null) {
                activities.add(Map.of("type", "message", "text", bot.greeting));
                bot.moreGreeting.forEach(text -> activities.add(Map.of("type", "message", "text", text)));
            }
            if ("message".equals(type)) {
                // A typing indicator first, as real bots send: the router must keep only the messages.
                activities.add(Map.of("type", "typing"));
                if (bot.repliesToMessages.isEmpty()) {
                    activities.add(Map.of("type", "message", "text", "echo: " + json.path("text").asText()));
                }
                bot.repliesToMessages.forEach(text -> activities.add(Map.of("type", "message", "text", text)));
            }
            byte[] answer = JSON.writeValueAsBytes(Map.of("activities", activities));
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
