package dev.handoff.router.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Cold starts of the packaged function: {@code target/function.zip} (what is deployed to Lambda) is unpacked as
 * Lambda does ({@code /var/task} and its {@code lib/*.jar} on the class path), and {@link StartupLauncher} hands a
 * fresh JVM one {@code queue.upsert} event, against the benchmark's dynalite (tables already created).
 */
final class StartupMeasurement {
    private static final long RUN_TIMEOUT_SECONDS = 60;
    private static final Pattern QUARKUS_STARTED = Pattern.compile("started in ([0-9.]+)s");

    /**
     * One cold start: milliseconds to the first answer from the process's and the JVM's start, the boot time
     * Quarkus logs ("started in", -1 if absent: the rest is the JVM's own start and the first event), CPU time used
     * until the answer, resident memory then, and the machine's 1-minute load average just before the run.
     */
    record StartupRun(long sinceProcessStartMs, long sinceJvmStartMs, long quarkusBootMs, long cpuMs,
            long residentKb, String loadAverage) {
    }

    /** JVM flags of a series of runs, and why they are worth timing. */
    record JvmFlags(List<String> flags, String why) {
        String shown() {
            return flags.isEmpty() ? "(none)" : String.join(" ", flags);
        }
    }

    static final JvmFlags DEFAULT_FLAGS = new JvmFlags(List.of(), "the JVM's defaults");
    static final JvmFlags C1_ONLY_FLAGS = new JvmFlags(List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC"), "what Lambda runs: its Java 17 runtime stops tiered compilation at C1 by default"
                    + " (AWS Lambda docs, \"Customize Java runtime startup behavior\"), and with the one vCPU of a"
                    + " function under 1769 MB the JVM picks the serial GC itself");

    /** The runs of one set of flags, or why there are none. */
    record StartupResult(JvmFlags flags, List<StartupRun> runs, String notMeasured) {
        static StartupResult skipped(String why) {
            return new StartupResult(DEFAULT_FLAGS, List.of(), why);
        }

        long median(ToLongFunction<StartupRun> figure) {
            long[] sorted = runs.stream().mapToLong(figure).sorted().toArray();
            return sorted.length == 0 ? -1 : sorted[sorted.length / 2];
        }
    }

    private StartupMeasurement() {
    }

    /** {@code runs} start-ups with the JVM's default flags, then as many with {@link #C1_ONLY_FLAGS}. */
    static List<StartupResult> measure(Path projectDirectory, String dynamoEndpoint, int runs) {
        Path functionZip = projectDirectory.resolve("target/function.zip");
        if (runs <= 0) {
            return List.of(StartupResult.skipped("the tiny-load check of the normal build does not time start-ups"));
        }
        if (!Files.isRegularFile(functionZip)) {
            return List.of(StartupResult.skipped(functionZip
                    + " is missing: run with -Pbenchmark, which packages first"));
        }
        Path work = projectDirectory.resolve("target/benchmark");
        Path task = work.resolve("lambda-task");
        Path launcher = work.resolve("launcher");
        unzip(functionZip, task);
        copyLauncher(projectDirectory.resolve("target/test-classes"), launcher);
        var results = new ArrayList<StartupResult>();
        for (JvmFlags flags : List.of(DEFAULT_FLAGS, C1_ONLY_FLAGS)) {
            var measured = new ArrayList<StartupRun>();
            for (int run = 0; run < runs; run++) {
                measured.add(runOnce(task, launcher, dynamoEndpoint, flags, MachineDescription.loadAverage()));
            }
            results.add(new StartupResult(flags, List.copyOf(measured), null));
        }
        return List.copyOf(results);
    }

    private static StartupRun runOnce(Path task, Path launcher, String endpoint, JvmFlags flags,
            String loadAverage) {
        String event = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/benchmark\","
                + "\"type\":\"queue.upsert\",\"data\":{\"queueId\":\"benchmark-startup-" + UUID.randomUUID()
                + "\",\"name\":\"start-up\"}}";
        String classPath = String.join(java.io.File.pathSeparator, task.toString(), task.resolve("lib/*").toString(),
                launcher.toString());
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags.flags());
        command.addAll(List.of("-Dquarkus.dynamodb.endpoint-override=" + endpoint,
                "-Dquarkus.dynamodb.aws.region=us-east-1",
                "-Dquarkus.dynamodb.aws.credentials.type=static",
                "-Dquarkus.dynamodb.aws.credentials.static-provider.access-key-id=local",
                "-Dquarkus.dynamodb.aws.credentials.static-provider.secret-access-key=local",
                "-cp", classPath, StartupLauncher.class.getName(), event));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the packaged function did not answer within "
                        + RUN_TIMEOUT_SECONDS + " s");
            }
            String text = new String(output, StandardCharsets.UTF_8);
            String line = text.lines().filter(l -> l.startsWith(StartupLauncher.LINE_PREFIX)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the launcher printed no result:\n" + text));
            String[] fields = line.split(" ");
            String answer = new String(Base64.getDecoder().decode(fields[5]), StandardCharsets.UTF_8);
            if (!"ok".equals(new ObjectMapper().readTree(answer).path("status").asText())) {
                throw new IllegalStateException("the packaged function answered " + answer);
            }
            return new StartupRun(Long.parseLong(fields[1]), Long.parseLong(fields[2]), quarkusBootMs(text),
                    Long.parseLong(fields[3]), Long.parseLong(fields[4]), loadAverage);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while timing a start-up", e);
        }
    }

    private static long quarkusBootMs(String output) {
        Matcher started = QUARKUS_STARTED.matcher(output);
        return started.find() ? Math.round(Double.parseDouble(started.group(1)) * 1000) : -1;
    }

    private static void unzip(Path zip, Path into) {
        try {
            deleteTree(into);
            try (var in = new ZipInputStream(Files.newInputStream(zip))) {
                for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    Path target = into.resolve(entry.getName()).normalize();
                    if (!target.startsWith(into)) {
                        throw new IOException("zip entry outside its directory: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(in, target);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack " + zip, e);
        }
    }

    /** The launcher's own class files only: the function's class path must not see the rest of the tests. */
    private static void copyLauncher(Path testClasses, Path into) {
        String packagePath = StartupLauncher.class.getPackageName().replace('.', '/');
        Path from = testClasses.resolve(packagePath);
        Path to = into.resolve(packagePath);
        try {
            deleteTree(into);
            Files.createDirectories(to);
            try (Stream<Path> files = Files.list(from)) {
                for (Path file : files.filter(f -> f.getFileName().toString()
                        .startsWith(StartupLauncher.class.getSimpleName())).toList()) {
                    Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy the launcher from " + from, e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
