package dev.handoff.router.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bot built with Microsoft's Bot Framework SDK for JavaScript ({@code botbuilder}, pinned in package.json): the
 * script {@code src/test/bots/welcome-bot.js}, run by Node as this JVM's direct child (so the child's PID is the
 * server's, and destroying it stops the server), on a free loopback port that the bot picks itself (port 0, so no
 * other process can take it between a probe and the bind), and stopped by that PID. Modelled on
 * {@code LocalDynamoDb}, which does the same for dynalite.
 *
 * <p>The bot answers on {@link #url()} ({@code POST /api/messages}) with anonymous auth (no app id: this class removes
 * any {@code MicrosoftApp*} variable from the child's environment). What it says is described in the script.
 */
public final class BotFrameworkBot implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(3);
    private static final Pattern READY = Pattern.compile("listening 127\\.0\\.0\\.1:(\\d+)");
    private static final int KEPT_OUTPUT = 16_384;

    private final Process process;
    private final int port;
    private final StringBuffer stderr;

    private BotFrameworkBot(Process process, int port, StringBuffer stderr) {
        this.process = process;
        this.port = port;
        this.stderr = stderr;
    }

    /** Starts the bot named {@code name} (its greeting says it) from the project in the working directory. */
    public static BotFrameworkBot start(String name) {
        return start(Path.of(System.getProperty("user.dir")), name, false);
    }

    /**
     * Starts the bot with the SDK's {@code ShowTypingMiddleware}, which posts typing activities to the activity's
     * {@code serviceUrl} (not into the HTTP answer) while a turn takes more than 500 ms.
     */
    public static BotFrameworkBot startShowingTyping(String name) {
        return start(Path.of(System.getProperty("user.dir")), name, true);
    }

    /**
     * Starts {@code node src/test/bots/welcome-bot.js} from {@code projectDirectory} and returns once it printed its
     * ready line ({@code listening 127.0.0.1:<port>}), that is once it accepts connections.
     */
    public static BotFrameworkBot start(Path projectDirectory, String name, boolean showTyping) {
        Path script = projectDirectory.resolve("src/test/bots/welcome-bot.js");
        Path sdk = projectDirectory.resolve("node_modules/botbuilder/package.json");
        if (!Files.isRegularFile(sdk)) {
            throw new IllegalStateException(sdk + " is missing: run './mvnw verify' or 'npm ci' in " + projectDirectory
                    + " to install the pinned botbuilder");
        }
        List<String> command = new ArrayList<>(List.of("node", script.toString(), "--port", "0", "--name", name));
        if (showTyping) {
            command.add("--show-typing");
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(projectDirectory.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(variable -> variable.startsWith("MicrosoftApp"));
        Process process;
        try {
            process = builder.start(); // node itself is the server: no shell, no npx in between
        } catch (IOException e) {
            throw new UncheckedIOException("could not start node " + script + " (is Node 20+ on the PATH?)", e);
        }
        var stderr = new StringBuffer();
        Thread stderrReader = drain(process.getErrorStream(), stderr, "welcome-bot " + process.pid() + " stderr");
        var ready = new CompletableFuture<Integer>();
        var stdout = new StringBuffer();
        Thread reader = new Thread(() -> readStdout(process.getInputStream(), stdout, ready),
                "welcome-bot " + process.pid() + " stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            return new BotFrameworkBot(process, ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), stderr);
        } catch (TimeoutException | ExecutionException e) {
            String what = process.isAlive() ? "was not ready within " + START_TIMEOUT
                    : "exited with code " + process.exitValue() + " before it was ready";
            stop(process);
            try {
                stderrReader.join(1_000); // its last lines
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the Bot Framework bot (node " + script + ") " + what + "; stdout: ["
                    + stdout + "]; stderr: [" + stderr + "]", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(process);
            throw new IllegalStateException("interrupted while the Bot Framework bot started", e);
        }
    }

    /** Where the bot takes activities: {@code http://127.0.0.1:<port>/api/messages}. */
    public String url() {
        return "http://127.0.0.1:" + port + "/api/messages";
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** What the bot wrote to stderr so far (its onTurnError and adapter errors), at most the last 16 KB. */
    public String stderr() {
        return stderr.toString();
    }

    /** Stops the bot by its PID: SIGTERM, then SIGKILL if it has not exited after a short wait. */
    @Override
    public void close() {
        stop(process);
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void readStdout(InputStream stream, StringBuffer kept, CompletableFuture<Integer> ready) {
        try (var lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                keep(kept, line);
                Matcher matcher = READY.matcher(line);
                if (!ready.isDone() && matcher.matches()) {
                    ready.complete(Integer.parseInt(matcher.group(1)));
                }
            }
            ready.completeExceptionally(new IllegalStateException("the bot closed its stdout before it was ready"));
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
    }

    private static Thread drain(InputStream stream, StringBuffer kept, String name) {
        Thread thread = new Thread(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    keep(kept, line);
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void keep(StringBuffer kept, String line) {
        synchronized (kept) {
            kept.append(line).append('\n');
            if (kept.length() > KEPT_OUTPUT) {
                kept.delete(0, kept.length() - KEPT_OUTPUT);
            }
        }
    }
}
