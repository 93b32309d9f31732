package dev.handoff.router.benchmark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

import dev.handoff.router.snapstart.SnapStartPriming;
import io.quarkus.arc.Arc;
import io.quarkus.funqy.lambda.FunqyStreamHandler;

/**
 * What the Lambda Java runtime does with the packaged function, in a fresh JVM: construct the handler and hand it
 * one event as a stream. Prints one line: the wall-clock time of the answer (epoch milliseconds, which the caller
 * subtracts its launch time from), milliseconds from the JVM's start to the answer, the CPU time the process used
 * until then (less sensitive than wall time to other work on a shared machine), the resident memory then, the
 * answer, and the first event's own time (from the handler's construction, which starts Quarkus, or from the
 * priming after it, to the answer). Not the process's start time as the OS gives it: Java computes it from the boot
 * time in whole seconds ({@code btime} of {@code /proc/stat}), so it comes out early by up to a second, the same
 * amount on every run. Runs on the function.zip class path plus this class alone, so it must use nothing but the JDK
 * and what the function ships.
 */
public final class StartupLauncher {
    static final String LINE_PREFIX = "BENCHMARK-STARTUP";

    private StartupLauncher() {
    }

    /** The second argument that primes as SnapStart would before its snapshot, between start-up and the event. */
    static final String PRIME = "prime";

    public static void main(String[] args) throws Exception {
        var answer = new ByteArrayOutputStream();
        var handler = new FunqyStreamHandler(); // starts Quarkus, as in Lambda's init phase
        if (args.length > 1 && PRIME.equals(args[1])) {
            Arc.container().instance(SnapStartPriming.class).get().beforeCheckpoint(null);
        }
        long eventStart = System.nanoTime();
        handler.handleRequest(new ByteArrayInputStream(args[0].getBytes(StandardCharsets.UTF_8)), answer,
                new LaunchContext());
        long firstEventMs = (System.nanoTime() - eventStart) / 1_000_000;
        Instant handled = Instant.now();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long cpuMs = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toMillis();
        System.out.println(LINE_PREFIX + " " + handled.toEpochMilli() + " "
                + (handled.toEpochMilli() - jvmStart) + " " + cpuMs + " " + residentKb() + " "
                + Base64.getEncoder().encodeToString(answer.toByteArray()) + " " + firstEventMs);
        System.out.flush();
        System.exit(0); // the app's non-daemon threads would otherwise keep the JVM up
    }

    private static long residentKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** The little of a Lambda context an invocation outside Lambda can honestly give. */
    private static final class LaunchContext implements Context {
        @Override
        public String getAwsRequestId() {
            return "benchmark-startup";
        }

        @Override
        public String getLogGroupName() {
            return null;
        }

        @Override
        public String getLogStreamName() {
            return null;
        }

        @Override
        public String getFunctionName() {
            return "handoff-router";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return null;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 30_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 512;
        }

        @Override
        public LambdaLogger getLogger() {
            return null;
        }
    }
}
