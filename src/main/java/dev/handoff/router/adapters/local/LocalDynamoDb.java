package dev.handoff.router.adapters.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A dynalite process (the local DynamoDB-compatible engine) on a free loopback port, started from the project's own
 * {@code node_modules} and stopped by its PID. Used by dev mode and by the tests.
 */
public final class LocalDynamoDb implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final int port;

    private LocalDynamoDb(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts dynalite (in memory) on 127.0.0.1 and returns once it accepts connections.
     *
     * @param projectDirectory the directory whose {@code node_modules/.bin/dynalite} to run
     */
    public static LocalDynamoDb start(Path projectDirectory) {
        Path executable = projectDirectory.resolve("node_modules/.bin/dynalite");
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException(executable + " is missing: run './mvnw verify' or 'npm ci' in "
                    + projectDirectory + " to install the pinned dynalite");
        }
        int port = freePort();
        try {
            // The server is our direct child (not under npx), so destroying this process stops it.
            Process process = new ProcessBuilder(List.of(executable.toString(), "--host", "127.0.0.1", "--port",
                    Integer.toString(port)))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            var engine = new LocalDynamoDb(process, port);
            engine.awaitListening();
            return engine;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + executable, e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void awaitListening() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("dynalite exited with code " + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50); // polling for the port to open; node starts in about half a second
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        close();
        throw new IllegalStateException("dynalite did not listen on port " + port + " within " + START_TIMEOUT);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
