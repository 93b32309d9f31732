package dev.handoff.router.adapters.local;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.RouterTestBase;
import dev.handoff.router.testing.World;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Dev mode's live page, end to end in a real browser: the page's server (constructed here, without dev mode) points at
 * this test's router endpoint, and {@code src/test/browser/live-page.js} drives Debian's chromium headless with
 * playwright-core. The scenario plays through the router: a representative holds one conversation, a bot another whose
 * escalation waits for the representative; the page shows both queues' members with their load as bars, the waiting
 * line and who holds what. Then the first conversation ends here and the page must show, within 2 s, the waiting one
 * handed to the representative; a click on it shows its timeline and transcript as the router answers them.
 *
 * <p>Needs {@code /usr/bin/chromium} ({@code apt-get install -y chromium}; {@code .ci/run} installs it when missing):
 * without it this fails, saying so.
 */
@QuarkusTest
@WithTestResource(DynaliteResource.class)
class LivePageTest extends RouterTestBase {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCRIPT = Path.of("src/test/browser/live-page.js");
    private static final Duration BROWSER_TIMEOUT = Duration.ofSeconds(100);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Markup in a customer's name, which the page must show as text. */
    private static final String CUSTOMER_NAME = "<b>Ana</b><img src=x>";

    @Test
    void showsTheRoutersStateLiveAndAConversationsStory() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            fail(CHROMIUM + " is missing: this test drives Debian's chromium headless; install it with"
                    + " 'apt-get install -y chromium' (.ci/run does when it is missing)");
        }
        assertTrue(Files.isRegularFile(Path.of("node_modules/playwright-core/package.json")),
                "node_modules/playwright-core is missing: run 'npm ci' (the build does on a fresh clone)");

        // GIVEN a queue with a bot (2 units) and a representative (1 unit); the representative holds the first
        // conversation, the bot the second, whose escalation waits in the representative line
        World world = newWorld();
        world.queue("q");
        var bot = bots.bot(world.id("bot"), "Hello, I am the bot.");
        world.bot(bot, 2, "q");
        world.representative("rep", 1, "q");
        start(world, "c1", "cust-1", "Ben");
        escalate(world, "c1", "assigned");
        start(world, "c2", "cust-2", CUSTOMER_NAME);
        Events.send("conversation.message", Map.of("conversationId", world.id("c2"), "from", "cust-2",
                "text", "I need a person <script>alert(1)</script>"));
        escalate(world, "c2", "waiting");
        assertEquals(List.of("c2"), world.waiting("q", KindNeeded.REPRESENTATIVE));

        try (var page = new LivePage(routerEndpoint(), 0)) {
            assertRefusesWhatIsNotAQuery(page);
            var given = new LinkedHashMap<String, Object>();
            given.put("url", page.url() + "?queues=" + world.id(""));
            given.put("queueId", world.id("q"));
            given.put("bot", world.id("bot"));
            given.put("representative", world.id("rep"));
            given.put("first", world.id("c1"));
            given.put("second", world.id("c2"));
            given.put("customerName", CUSTOMER_NAME);
            given.put("screenshot", Path.of("target/live-page-test-failure.png").toAbsolutePath().toString());
            Path profile = Files.createTempDirectory("live-page-chromium-");
            given.put("profile", profile.toString());
            try (var browser = Browser.start(JSON.writeValueAsString(given), profile)) {
                browser.awaitLine("READY");

                // WHEN the first conversation ends: the representative's unit goes to the waiting one
                Events.send("conversation.end", Map.of("conversationId", world.id("c1"),
                        "requestedBy", world.id("rep")));
                browser.tell("sent");

                // THEN the page shows it (the script waits up to 2 s), and the conversation's story on a click
                var view = Events.send("conversation.get", Map.of("conversationId", world.id("c2")));
                List<Map<String, Object>> timeline = view.getList("timeline");
                List<String> steps = timeline.stream().map(step -> step.get("event") + " "
                        + (step.get("participantId") == null ? "-" : step.get("participantId"))).toList();
                List<String> texts = view.getList("messages.text");
                assertTrue(steps.contains("assigned " + world.id("rep")), "the router's timeline: " + steps);
                browser.tell(JSON.writeValueAsString(Map.of("timeline", steps, "transcript", texts)));

                int exit = browser.awaitExit();
                System.out.println("live page browser test:\n" + browser.output());
                assertEquals(0, exit, "the browser test failed:\n" + browser.output());
            }
        }
    }

    private static void start(World world, String conversation, String customer, String name) {
        var answer = Events.send("conversation.start", Map.of("conversationId", world.id(conversation),
                "queueId", world.id("q"), "customer", Map.of("id", customer, "name", name)));
        assertEquals("assigned", answer.getString("status"), answer.prettify());
    }

    private static void escalate(World world, String conversation, String status) {
        var answer = Events.send("conversation.escalate", Map.of("conversationId", world.id(conversation),
                "requestedBy", world.id("bot")));
        assertEquals(status, answer.getString("status"), answer.prettify());
    }

    /** Where this test's router takes events: the Lambda mock event server that RestAssured posts to. */
    private static URI routerEndpoint() {
        return URI.create("http://127.0.0.1:" + RestAssured.port + RestAssured.basePath);
    }

    /**
     * The page's server forwards the router's queries only: an event that changes state is refused there, and so are
     * requests another site could make a browser send.
     */
    private static void assertRefusesWhatIsNotAQuery(LivePage page) throws IOException, InterruptedException {
        var client = HttpClient.newHttpClient();
        var answer = client.send(HttpRequest.newBuilder(URI.create(page.url() + "api"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"type\":\"conversation.end\",\"data\":{\"conversationId\":\"x\",\"requestedBy\":\"y\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, answer.statusCode(), answer.body());
        // A query that is not JSON (what another site's form could post without asking) is refused too
        var form = client.send(HttpRequest.newBuilder(URI.create(page.url() + "api"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"queue.list\",\"data\":{}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(415, form.statusCode(), form.body());
        // A request for another host (a DNS rebinding page's): the JDK client sets Host itself, so a raw one
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), page.port())) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertTrue(status.startsWith("HTTP/1.1 403"), "a request for another host is refused: " + status);
        }
    }

    /**
     * The Node script, as this JVM's direct child (it starts chromium and closes it when it ends), stopped by its PID.
     */
    private static final class Browser implements AutoCloseable {
        private final Process process;
        private final Writer stdin;
        private final List<String> lines = new ArrayList<>();
        private final StringBuffer stderr = new StringBuffer();
        private final List<Thread> readers = new ArrayList<>();

        private final Path profile;

        private Browser(Process process, Path profile) {
            this.process = process;
            this.profile = profile;
            this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            read(process.getInputStream(), line -> {
                synchronized (lines) {
                    lines.add(line);
                }
            }, "stdout");
            read(process.getErrorStream(), line -> stderr.append(line).append('\n'), "stderr");
        }

        static Browser start(String given, Path profile) throws IOException {
            return new Browser(new ProcessBuilder("node", SCRIPT.toString(), given).start(), profile);
        }

        private void read(InputStream stream, Consumer<String> sink, String name) {
            Thread thread = new Thread(() -> {
                try (var reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        sink.accept(line);
                    }
                } catch (IOException ignored) {
                    // the process is gone
                }
            }, "live-page browser " + process.pid() + " " + name);
            thread.setDaemon(true);
            thread.start();
            readers.add(thread);
        }

        void awaitLine(String line) throws InterruptedException {
            try {
                await().atMost(BROWSER_TIMEOUT).pollInterval(Duration.ofMillis(20))
                        .failFast(() -> !process.isAlive() && !has(line))
                        .until(() -> has(line));
            } catch (ConditionTimeoutException | TerminalFailureException e) {
                String what = process.isAlive() ? "did not print " + line + " within " + BROWSER_TIMEOUT
                        : "ended with exit code " + process.exitValue() + " before it printed " + line;
                joinReaders();
                fail("the browser test " + what + ":\n" + output());
            }
        }

        private boolean has(String line) {
            synchronized (lines) {
                return lines.contains(line);
            }
        }

        void tell(String line) throws IOException {
            stdin.write(line + "\n");
            stdin.flush();
        }

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(BROWSER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                fail("the browser test did not end within " + BROWSER_TIMEOUT + ":\n" + output());
            }
            joinReaders();
            return process.exitValue();
        }

        /** Lets the readers take the last lines the script printed (at most a moment: they end with its output). */
        private void joinReaders() throws InterruptedException {
            if (!process.isAlive()) {
                for (Thread reader : readers) {
                    reader.join(2_000);
                }
            }
        }

        String output() {
            synchronized (lines) {
                return String.join("\n", lines) + "\n" + stderr;
            }
        }

        @Override
        public void close() throws InterruptedException, IOException {
            process.destroy(); // SIGTERM: playwright closes chromium on its way out
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            try (var files = Files.walk(profile)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
