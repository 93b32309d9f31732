package dev.handoff.router.benchmark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
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
     * One cold start: milliseconds to the first answer from the launch (the wall clock just before the process is
     * started, to the launcher's wall clock at the answer) and from the JVM's start, the boot time
     * Quarkus logs ("started in", -1 if absent: the rest is the JVM's own start and the first event), CPU time used
     * until the answer, resident memory then, and the machine's 1-minute load average just before the run.
     */
    record StartupRun(long sinceLaunchMs, long sinceJvmStartMs, long quarkusBootMs, long cpuMs,
            long residentKb, long firstEventMs, String loadAverage) {
    }

    /**
     * Where the JVM finds the function's classes. {@code LAMBDA}: as Lambda lays them out, the unpacked zip's root
     * directory (the application's classes and Quarkus' generated ones) and {@code lib/*}. {@code JARS}: the same
     * classes, the root directory packed into one jar and each jar named, because the JDK 17 class-data sharing
     * refuses a non-empty directory on the class path ("Cannot have non-empty directory in paths"), which is also
     * why the Lambda layout cannot use an archive of its application classes.
     */
    enum ClassPath {
        LAMBDA, JARS
    }

    /**
     * The JVM a series runs on. {@code BUILD}: the one running the tests (the build's, Java 17 here). {@code JDK25}:
     * a JDK 25 or later, for its AOT cache (JEP 483 ahead-of-time class loading and linking, JEP 514's one-step
     * {@code -XX:AOTCacheOutput}); found at {@code -Dbenchmark.jdk25=<java home>}, by default Temurin 25's
     * Debian path, and its series are not measured when there is none.
     */
    enum Jdk {
        BUILD, JDK25
    }

    /** What class-data archive a series maps: none, a JDK 17 dynamic AppCDS archive, or a JDK 25 AOT cache. */
    enum Archive {
        NONE, APP_CDS, AOT_CACHE
    }

    /** JVM flags of a series of runs, the JVM and class path they run on, and why they are worth timing. */
    record JvmFlags(String name, Jdk jdk, List<String> flags, ClassPath classPath, Archive archive, boolean primed,
            String why) {
        JvmFlags(String name, List<String> flags, ClassPath classPath, Archive archive, boolean primed, String why) {
            this(name, Jdk.BUILD, flags, classPath, archive, primed, why);
        }

        String shown() {
            var all = new ArrayList<>(flags);
            if (archive == Archive.APP_CDS) {
                all.addAll(List.of("-XX:SharedArchiveFile=" + ARCHIVE_NAME, "-Xshare:on"));
            } else if (archive == Archive.AOT_CACHE) {
                all.addAll(List.of("-XX:AOTCache=" + AOT_CACHE_NAME, "-XX:AOTMode=on"));
            }
            return (all.isEmpty() ? "(none)" : String.join(" ", all))
                    + (classPath == ClassPath.JARS ? ", class path as jars" : "")
                    + (primed ? ", primed before the event" : "")
                    + (jdk == Jdk.JDK25 ? ", on JDK 25" : "");
        }
    }

    private static final List<String> LAMBDA = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC");
    static final String ARCHIVE_NAME = "app-cds.jsa";
    static final String AOT_CACHE_NAME = "app.aot";
    /** Where the JDK 25 is: {@code -Dbenchmark.jdk25=<java home>}. */
    static final String JDK25_PROPERTY = "benchmark.jdk25";
    private static final String JDK25_DEFAULT = "/usr/lib/jvm/temurin-25-jdk-amd64";

    static final JvmFlags DEFAULT_FLAGS = new JvmFlags("JVM defaults", List.of(), ClassPath.LAMBDA, Archive.NONE,
            false, "the JVM's defaults");
    static final JvmFlags C1_ONLY_FLAGS = new JvmFlags("Lambda's flags", LAMBDA, ClassPath.LAMBDA, Archive.NONE, false,
            "what Lambda runs: its Java 17 runtime stops tiered compilation at C1 by default (AWS Lambda docs,"
                    + " \"Customize Java runtime startup behavior\"), and with the one vCPU of a function under 1769 MB"
                    + " the JVM picks the serial GC itself; the baseline of the ratios");
    static final JvmFlags NO_SHARING_FLAGS = new JvmFlags("Lambda's flags, no CDS at all",
            plus(LAMBDA, "-Xshare:off"), ClassPath.LAMBDA, Archive.NONE, false,
            "the JDK's own class-data sharing archive (its default CDS, on unless told otherwise: `java -version`"
                    + " says \"sharing\") turned off, to show what it gives");
    static final JvmFlags NO_PERF_DATA_FLAGS = new JvmFlags("Lambda's flags, no perf data",
            plus(LAMBDA, "-XX:-UsePerfData"), ClassPath.LAMBDA, Archive.NONE, false,
            "no hsperfdata file (the memory-mapped counters that jstat reads) created at start");
    static final JvmFlags NO_GC_FLAGS = new JvmFlags("Lambda's flags, no GC at start",
            plus(LAMBDA, "-XX:MetaspaceSize=128m", "-Xmn256m"), ClassPath.LAMBDA, Archive.NONE, false,
            "the one collection of a start with Lambda's flags (a full GC when the class metadata first reaches the"
                    + " initial 21 MB threshold, `-Xlog:gc`: about 50 ms) avoided: a higher threshold, and a young"
                    + " generation the start and the first event fit in");
    static final JvmFlags JARS_FLAGS = new JvmFlags("Lambda's flags, jars", LAMBDA, ClassPath.JARS, Archive.NONE, false,
            "the class path that AppCDS needs, without an archive: tells the layout's own effect from the archive's");
    static final JvmFlags APP_CDS_FLAGS = new JvmFlags("Lambda's flags + AppCDS", LAMBDA, ClassPath.JARS,
            Archive.APP_CDS, false, "a dynamic AppCDS archive (JDK 17) of the classes one start and one event loaded, written by a"
                    + " training run with `-XX:ArchiveClassesAtExit` before the measured runs; `-Xshare:on` makes a"
                    + " JVM that cannot map it fail instead of running without it");
    static final JvmFlags PRIMED_FLAGS = new JvmFlags("Lambda's flags, primed", LAMBDA, ClassPath.LAMBDA,
            Archive.NONE, true, "SnapStart's priming (the CRaC resource's `beforeCheckpoint`) run after the start and before the"
                    + " event: this machine has no CRaC JVM, so no snapshot is taken or restored and the start-up"
                    + " includes the priming; what it tells is the first event's own time once primed, which is what"
                    + " a restored snapshot's first event pays besides the restore");
    static final JvmFlags JDK25_FLAGS = new JvmFlags("Lambda's flags, JDK 25", Jdk.JDK25, LAMBDA, ClassPath.LAMBDA,
            Archive.NONE, false, "the same flags on a JDK 25 (Lambda's `java25` runtime, Amazon Corretto 25, keeps"
                    + " C1 only unless SnapStart or provisioned concurrency is on), without a cache: tells the newer"
                    + " JVM's own effect from its AOT cache's");
    static final JvmFlags AOT_CACHE_FLAGS = new JvmFlags("Lambda's flags + AOT cache, JDK 25", Jdk.JDK25, LAMBDA,
            ClassPath.JARS, Archive.AOT_CACHE, false, "a JDK 25 AOT cache (JEP 483: the classes one start and one"
                    + " event loaded, stored loaded and linked, and mapped and linked at the JVM's start), written by"
                    + " a training run with `-XX:AOTCacheOutput` (JEP 514's one step: the run records, and at its exit"
                    + " a second JVM assembles the cache) before the measured runs; `-XX:AOTMode=on` makes a JVM that"
                    + " cannot map it fail instead of running without it. Like AppCDS it needs the class path as jars"
                    + " (JDK 25 too refuses a non-empty directory: \"Cannot have non-empty directory in paths\")");
    static final List<JvmFlags> ALL = List.of(DEFAULT_FLAGS, C1_ONLY_FLAGS, NO_SHARING_FLAGS, NO_PERF_DATA_FLAGS,
            NO_GC_FLAGS, JARS_FLAGS, APP_CDS_FLAGS, PRIMED_FLAGS, JDK25_FLAGS, AOT_CACHE_FLAGS);

    /**
     * What an archive holds: classes the verification run loaded from it, and in all. For AppCDS, the JDK's own
     * archive (the base) and the application's (the top layer) apart; an AOT cache is one file holding both, so all
     * its classes count as {@code fromAppArchive}.
     */
    record ArchiveUse(Archive kind, long archiveBytes, long fromBaseArchive, long fromAppArchive, long loaded) {
    }

    /** The runs of one set of flags, or why there are none. */
    record StartupResult(JvmFlags flags, List<StartupRun> runs, String notMeasured, ArchiveUse archive) {
        static StartupResult skipped(String why) {
            return new StartupResult(DEFAULT_FLAGS, List.of(), why, null);
        }

        long min(ToLongFunction<StartupRun> figure) {
            return runs.stream().mapToLong(figure).min().orElse(-1);
        }

        long max(ToLongFunction<StartupRun> figure) {
            return runs.stream().mapToLong(figure).max().orElse(-1);
        }

        long median(ToLongFunction<StartupRun> figure) {
            long[] sorted = runs.stream().mapToLong(figure).sorted().toArray();
            return sorted.length == 0 ? -1 : sorted[sorted.length / 2];
        }
    }

    private StartupMeasurement() {
    }

    /**
     * Per archive (the JDK 17 AppCDS archive, and the JDK 25 AOT cache when there is a JDK 25) a training run that
     * writes it and a verification run that counts the classes loaded from it, then {@code runs} start-ups with each
     * set of {@link #ALL}, interleaved (run 1 of every set, then run 2, ...; each round starting one set later) so
     * that a busy minute on the shared machine, or a place in the round, hits every set alike. Without a JDK 25 its
     * sets are not measured, and say why.
     */
    static List<StartupResult> measure(Path projectDirectory, String dynamoEndpoint, int runs) {
        return measure(projectDirectory, dynamoEndpoint, runs, Path.of(System.getProperty(JDK25_PROPERTY,
                JDK25_DEFAULT)));
    }

    static List<StartupResult> measure(Path projectDirectory, String dynamoEndpoint, int runs, Path jdk25Home) {
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
        Path jars = work.resolve("jars");
        unzip(functionZip, task);
        copyLauncher(projectDirectory.resolve("target/test-classes"), launcher);
        packJars(task, launcher, jars);
        var classPaths = new EnumMap<ClassPath, String>(ClassPath.class);
        classPaths.put(ClassPath.LAMBDA, String.join(File.pathSeparator, task.toString(),
                task.resolve("lib/*").toString(), launcher.toString()));
        classPaths.put(ClassPath.JARS, jarClassPath(task, jars));
        var java = new EnumMap<Jdk, Path>(Jdk.class);
        java.put(Jdk.BUILD, Path.of(System.getProperty("java.home"), "bin", "java"));
        String noJdk25 = jdk25Missing(jdk25Home);
        if (noJdk25 == null) {
            java.put(Jdk.JDK25, jdk25Home.resolve("bin/java"));
        }
        var archives = new EnumMap<Archive, Path>(Archive.class);
        archives.put(Archive.APP_CDS, work.resolve(ARCHIVE_NAME));
        archives.put(Archive.AOT_CACHE, work.resolve(AOT_CACHE_NAME));
        var archiveUse = new EnumMap<Archive, ArchiveUse>(Archive.class);
        archiveUse.put(Archive.APP_CDS, train(java.get(Jdk.BUILD), classPaths.get(ClassPath.JARS), dynamoEndpoint,
                APP_CDS_FLAGS, archives, work));
        if (noJdk25 == null) {
            archiveUse.put(Archive.AOT_CACHE, train(java.get(Jdk.JDK25), classPaths.get(ClassPath.JARS),
                    dynamoEndpoint, AOT_CACHE_FLAGS, archives, work));
        }
        List<JvmFlags> sets = ALL.stream().filter(flags -> java.containsKey(flags.jdk())).toList();
        var measured = new LinkedHashMap<JvmFlags, List<StartupRun>>();
        sets.forEach(flags -> measured.put(flags, new ArrayList<>()));
        for (int run = 0; run < runs; run++) {
            for (int i = 0; i < sets.size(); i++) {
                JvmFlags flags = sets.get((i + run) % sets.size()); // each round starts one set later
                measured.get(flags).add(runOnce(java.get(flags.jdk()), classPaths.get(flags.classPath()),
                        dynamoEndpoint, jvmOptions(flags, archives), flags.primed(), MachineDescription.loadAverage()));
            }
        }
        return ALL.stream().map(flags -> measured.containsKey(flags)
                ? new StartupResult(flags, List.copyOf(measured.get(flags)), null, archiveUse.get(flags.archive()))
                : new StartupResult(flags, List.of(), noJdk25, null)).toList();
    }

    /** Null when {@code home} is a JDK 25 or later, else why its series are not measured. */
    private static String jdk25Missing(Path home) {
        Path release = home.resolve("release");
        if (!Files.isExecutable(home.resolve("bin/java")) || !Files.isRegularFile(release)) {
            return "no JDK at " + home + " (-D" + JDK25_PROPERTY + "=<java home> names one)";
        }
        try {
            Matcher version = Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(Files.readString(release));
            if (!version.find() || Integer.parseInt(version.group(1)) < 25) {
                return "the JDK at " + home + " is older than 25";
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> jvmOptions(JvmFlags flags, Map<Archive, Path> archives) {
        var options = new ArrayList<>(flags.flags());
        if (flags.archive() == Archive.APP_CDS) {
            options.addAll(List.of("-XX:SharedArchiveFile=" + archives.get(Archive.APP_CDS), "-Xshare:on"));
        } else if (flags.archive() == Archive.AOT_CACHE) {
            options.addAll(List.of("-XX:AOTCache=" + archives.get(Archive.AOT_CACHE), "-XX:AOTMode=on"));
        }
        return options;
    }

    /**
     * Writes the archive of {@code flags}: one start and one event with Lambda's flags and
     * {@code -XX:ArchiveClassesAtExit} (JDK 17 AppCDS) or {@code -XX:AOTCacheOutput} (JDK 25 AOT cache; at the exit
     * the JVM starts a second one that assembles the cache); the launcher's {@code System.exit} after the answer is
     * a clean exit, at which the JVM dumps. Then one run with it and {@code -Xlog:class+load} into a file, whose
     * "source: shared objects file" lines say what came from it.
     */
    private static ArchiveUse train(Path java, String classPath, String endpoint, JvmFlags flags,
            Map<Archive, Path> archives, Path work) {
        Path archive = archives.get(flags.archive());
        try {
            Files.deleteIfExists(archive);
            List<String> writing = flags.archive() == Archive.APP_CDS
                    ? plus(LAMBDA, "-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off")
                    : plus(LAMBDA, "-XX:AOTCacheOutput=" + archive);
            runOnce(java, classPath, endpoint, writing, false, "");
            if (!Files.isRegularFile(archive)) {
                throw new IllegalStateException("the training run wrote no archive at " + archive);
            }
            Path classLog = work.resolve(archive.getFileName() + "-class-load.log");
            Files.deleteIfExists(classLog);
            var options = new ArrayList<>(jvmOptions(flags, archives));
            options.add("-Xlog:class+load=info:file=" + classLog);
            runOnce(java, classPath, endpoint, options, false, "");
            List<String> lines = Files.readAllLines(classLog);
            long shared = lines.stream().filter(l -> l.contains("source: shared objects file")).count();
            long fromApp = flags.archive() == Archive.AOT_CACHE ? shared
                    : lines.stream().filter(l -> l.contains("source: shared objects file (top)")).count();
            long loaded = lines.stream().filter(l -> l.contains(" source: ")).count();
            return new ArchiveUse(flags.archive(), Files.size(archive), shared - fromApp, fromApp, loaded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static StartupRun runOnce(Path java, String classPath, String endpoint, List<String> jvmOptions,
            boolean primed, String loadAverage) {
        String event = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/benchmark\","
                + "\"type\":\"queue.upsert\",\"data\":{\"queueId\":\"benchmark-startup-" + UUID.randomUUID()
                + "\",\"name\":\"start-up\"}}";
        var command = new ArrayList<String>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dquarkus.dynamodb.endpoint-override=" + endpoint,
                "-Dquarkus.dynamodb.aws.region=us-east-1",
                "-Dquarkus.dynamodb.aws.credentials.type=static",
                "-Dquarkus.dynamodb.aws.credentials.static-provider.access-key-id=local",
                "-Dquarkus.dynamodb.aws.credentials.static-provider.secret-access-key=local",
                "-cp", classPath, StartupLauncher.class.getName(), event));
        if (primed) {
            command.add(StartupLauncher.PRIME);
        }
        try {
            long launchedAt = System.currentTimeMillis();
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the packaged function did not answer within "
                        + RUN_TIMEOUT_SECONDS + " s");
            }
            String text = new String(output, StandardCharsets.UTF_8);
            String line = text.lines().filter(l -> l.startsWith(StartupLauncher.LINE_PREFIX)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the launcher printed no result (JVM options "
                            + jvmOptions + "):\n" + text));
            String[] fields = line.split(" ");
            String answer = new String(Base64.getDecoder().decode(fields[5]), StandardCharsets.UTF_8);
            if (!"ok".equals(new ObjectMapper().readTree(answer).path("status").asText())) {
                throw new IllegalStateException("the packaged function answered " + answer);
            }
            return new StartupRun(Long.parseLong(fields[1]) - launchedAt, Long.parseLong(fields[2]),
                    quarkusBootMs(text), Long.parseLong(fields[3]), Long.parseLong(fields[4]),
                    Long.parseLong(fields[6]), loadAverage);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while timing a start-up", e);
        }
    }

    private static List<String> plus(List<String> flags, String... more) {
        var all = new ArrayList<>(flags);
        all.addAll(List.of(more));
        return List.copyOf(all);
    }

    /** The same classes as the Lambda layout: the root directory in {@code task-root.jar}, the launcher in its own. */
    private static void packJars(Path task, Path launcher, Path into) {
        try {
            deleteTree(into);
            Files.createDirectories(into);
            jar(task, into.resolve("task-root.jar"), path -> !path.startsWith(task.resolve("lib")));
            jar(launcher, into.resolve("launcher.jar"), path -> true);
        } catch (IOException e) {
            throw new UncheckedIOException("could not pack the class path into jars", e);
        }
    }

    private static void jar(Path root, Path jar, java.util.function.Predicate<Path> include) throws IOException {
        try (var out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).filter(include).sorted().toList()) {
                out.putNextEntry(new JarEntry(root.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }

    /** Each jar by name, in a fixed order: an archive is only used with the class path it was written with. */
    private static String jarClassPath(Path task, Path jars) {
        try (Stream<Path> lib = Files.list(task.resolve("lib"))) {
            var entries = new ArrayList<String>();
            entries.add(jars.resolve("task-root.jar").toString());
            lib.filter(p -> p.toString().endsWith(".jar")).map(Path::toString).sorted().forEach(entries::add);
            entries.add(jars.resolve("launcher.jar").toString());
            return String.join(File.pathSeparator, entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
