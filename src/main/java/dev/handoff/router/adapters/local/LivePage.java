package dev.handoff.router.adapters.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Dev mode's live page, on a loopback HTTP server of its own: {@code GET /} serves a plain HTML/CSS/JS page (classpath
 * resources next to this class) that polls {@code POST /api}, which forwards each query as a CloudEvent to the router's
 * own endpoint (the URL events are POSTed to), so the page reads state only through the router's queries. Only the
 * read-only query types pass ({@link #QUERIES}); anything else is refused here, so the page cannot change anything.
 *
 * <p>A separate server because dev mode's port 8080 is Quarkus' Lambda mock event server, which takes only POSTs of
 * events. It answers only requests addressed to its own loopback host and port (no DNS rebinding), sends no CORS
 * headers (another site's script cannot read it), takes only JSON posts (no cross-site form), and its page may load
 * nothing but its own files (Content-Security-Policy).
 *
 * <p>A test constructs it without dev mode, pointed at the test's router endpoint; in dev mode {@code LivePageSetup}
 * starts it. Like the rest of this package it is left out of {@code function.zip}.
 */
public final class LivePage implements AutoCloseable {
    /** The event types the page may send: the router's queries, nothing that changes state. */
    static final Set<String> QUERIES = Set.of("queue.list", "queue.get", "participant.get", "conversation.get",
            "conversation.transcript");
    /** The source of the query events the page sends; their ids start with {@link #EVENT_ID_PREFIX}. */
    static final String EVENT_SOURCE = "/live-page";
    static final String EVENT_ID_PREFIX = "live-page-";
    private static final int MAX_QUERY_BYTES = 16_384;
    private static final String RESOURCES = "live-page/";
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/page.js", "page.js",
            "/page.css", "page.css");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
            + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI router;
    private final HttpServer server;
    private final ExecutorService workers;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /**
     * Starts the page's server on {@code port} of the loopback address (0: any free port).
     *
     * @param router the router's own endpoint, where events are POSTed (dev mode: {@code http://localhost:8080/})
     */
    public LivePage(URI router, int port) {
        this.router = router;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open port " + port + " on loopback for the live page"
                    + " (router.demo.page-port; 0 takes any free port)", e);
        }
        // The page asks for several queues and participants at once: a few workers answer them side by side.
        workers = Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "live-page");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The page's address: {@code http://127.0.0.1:<port>/}. */
    public String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var headers = exchange.getResponseHeaders();
            headers.add("Cache-Control", "no-store");
            headers.add("X-Content-Type-Options", "nosniff");
            headers.add("Referrer-Policy", "no-referrer");
            String host = exchange.getRequestHeaders().getFirst("Host");
            if (!("127.0.0.1:" + port()).equals(host) && !("localhost:" + port()).equals(host)) {
                send(exchange, 403, "text/plain; charset=utf-8", "only for 127.0.0.1:" + port());
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/api")) {
                if (!method.equals("POST")) {
                    send(exchange, 405, "text/plain; charset=utf-8", "POST a query");
                    return;
                }
                forward(exchange);
            } else if (FILES.containsKey(path) && (method.equals("GET") || method.equals("HEAD"))) {
                serve(exchange, FILES.get(path));
            } else {
                send(exchange, 404, "text/plain; charset=utf-8", "not found");
            }
        }
    }

    private void serve(HttpExchange exchange, String file) throws IOException {
        try (InputStream in = LivePage.class.getResourceAsStream(RESOURCES + file)) {
            if (in == null) {
                send(exchange, 500, "text/plain; charset=utf-8", "the resource " + file + " is missing");
                return;
            }
            exchange.getResponseHeaders().add("Content-Security-Policy", POLICY);
            send(exchange, 200, TYPES.get(file.substring(file.lastIndexOf('.') + 1)),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /**
     * {@code {"type": "<query>", "data": {…}}} becomes a CloudEvent of that type with a fresh id, POSTed to the
     * router; its answer is answered as it came.
     */
    private void forward(HttpExchange exchange) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.startsWith("application/json")) {
            send(exchange, 415, "text/plain; charset=utf-8", "a query is application/json");
            return;
        }
        byte[] body = exchange.getRequestBody().readNBytes(MAX_QUERY_BYTES + 1);
        JsonNode query;
        try {
            query = body.length > MAX_QUERY_BYTES ? null : JSON.readTree(body);
        } catch (IOException e) {
            query = null;
        }
        if (query == null || !query.path("data").isObject() || !QUERIES.contains(query.path("type").asText())) {
            send(exchange, 400, "text/plain; charset=utf-8", "a query is {\"type\": one of " + QUERIES
                    + ", \"data\": {…}}");
            return;
        }
        var event = new LinkedHashMap<String, Object>();
        event.put("specversion", "1.0");
        event.put("id", EVENT_ID_PREFIX + UUID.randomUUID());
        event.put("source", EVENT_SOURCE);
        event.put("type", query.path("type").asText());
        event.put("datacontenttype", "application/json");
        event.put("data", query.path("data"));
        HttpRequest request = HttpRequest.newBuilder(router).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(event))).build();
        try {
            HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
            send(exchange, answer.statusCode(), "application/json", answer.body());
        } catch (IOException e) {
            send(exchange, 502, "text/plain; charset=utf-8", "the router at " + router + " did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(exchange, 503, "text/plain; charset=utf-8", "interrupted");
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
