package dev.handoff.router.packaging;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Lambda artifact holds no dev-only code, and nothing in it refers to any: run by failsafe after
 * {@code package}, it reads {@code target/function.zip} (or the zip named by {@code -Dfunction.zip=}) and every jar
 * inside it. Dev-only code is the package {@code dev.handoff.router.adapters.local} (dynalite launcher, dev mode's
 * DynamoDB client, the demo, the live page and its files); a class or file added there must also be listed in
 * {@code quarkus.package.jar.user-configured-ignored-entries}, or this fails.
 *
 * <p>"Refers to" is read in the bytes of each class: a class name in a constant pool, a service registration, or a
 * generated class (Quarkus' config set-up, ArC's bean registry) naming a dev-only class would load it at a cold start.
 * The same search must find the real functions, so that a blind search cannot pass. Text files are not searched:
 * SnapStart's preload list ({@code META-INF/quarkus-generated-preload-classes.txt}, generated from the compiled
 * classes) still names the dev-only classes, and at start-up Quarkus' {@code Class.forName} of each misses and goes on.
 */
class FunctionZipIT {
    private static final String DEV_ONLY_PATH = "dev/handoff/router/adapters/local/";
    private static final String DEV_ONLY_NAME = "dev.handoff.router.adapters.local";
    private static final String FUNCTIONS_PATH = "dev/handoff/router/functions/";
    /** The live page's files (resources next to {@code LivePage}, under {@code live-page/}). */
    private static final List<String> LIVE_PAGE_FILES = List.of("page.js", "page.css");

    /** Every file of the zip and of the jars in it, with its bytes. */
    private record Entry(String where, String name, byte[] bytes) {
        String shown() {
            return where.isEmpty() ? name : where + "!/" + name;
        }

        boolean mentions(String text) {
            return new String(bytes, StandardCharsets.ISO_8859_1).contains(text);
        }
    }

    private static final List<Entry> ENTRIES = new ArrayList<>();

    @BeforeAll
    static void readZip() throws IOException {
        Path zip = Path.of(System.getProperty("function.zip", "target/function.zip"));
        assertTrue(Files.isRegularFile(zip), zip + " is missing: this runs after package");
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : file.stream().toList()) {
                if (entry.isDirectory()) {
                    continue;
                }
                try (InputStream in = file.getInputStream(entry)) {
                    byte[] bytes = in.readAllBytes();
                    ENTRIES.add(new Entry("", entry.getName(), bytes));
                    if (entry.getName().endsWith(".jar")) {
                        readJar(entry.getName(), bytes);
                    }
                }
            }
        }
    }

    private static void readJar(String where, byte[] jar) throws IOException {
        try (var in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (!entry.isDirectory()) {
                    ENTRIES.add(new Entry(where, entry.getName(), in.readAllBytes()));
                }
            }
        }
    }

    @Test
    void holdsNoDevOnlyClassOrResource() {
        List<String> devOnly = ENTRIES.stream().filter(e -> e.name().startsWith(DEV_ONLY_PATH)).map(Entry::shown)
                .toList();
        assertTrue(devOnly.isEmpty(), "dev-only files in the Lambda artifact (add them to"
                + " quarkus.package.jar.user-configured-ignored-entries): " + devOnly);
    }

    /**
     * Dev mode's live page, by name wherever it might have landed: its server's classes, and its files (which a
     * Quarkus app could also serve from {@code META-INF/resources}).
     */
    @Test
    void holdsNoLivePage() {
        List<String> page = ENTRIES.stream()
                .filter(e -> e.name().contains("LivePage") || e.name().contains("live-page/")
                        || LIVE_PAGE_FILES.contains(e.name().substring(e.name().lastIndexOf('/') + 1)))
                .map(Entry::shown).toList();
        assertTrue(page.isEmpty(), "dev mode's live page in the Lambda artifact (add its files to"
                + " quarkus.package.jar.user-configured-ignored-entries): " + page);
    }

    @Test
    void nothingInItRefersToDevOnlyCode() {
        List<String> referring = ENTRIES.stream()
                .filter(e -> e.name().endsWith(".class") || e.name().startsWith("META-INF/services/"))
                .filter(e -> !e.name().startsWith(DEV_ONLY_PATH)) // those fail holdsNoDevOnlyClassOrResource
                .filter(e -> e.mentions(DEV_ONLY_PATH.substring(0, DEV_ONLY_PATH.length() - 1))
                        || e.mentions(DEV_ONLY_NAME))
                .map(Entry::shown).toList();
        assertTrue(referring.isEmpty(), "files in the Lambda artifact that refer to dev-only code (a bean, observer,"
                + " service or config source a prod start would load): " + referring);
    }

    @Test
    void noConfigSourceFactoryOfTheApplication() {
        List<String> factories = ENTRIES.stream()
                .filter(e -> e.name().equals("META-INF/services/io.smallrye.config.ConfigSourceFactory"))
                .filter(e -> e.mentions("dev.handoff.")).map(Entry::shown).toList();
        assertTrue(factories.isEmpty(), "the application registers a ConfigSourceFactory, which runs at every"
                + " start: " + factories);
    }

    @Test
    void holdsTheFunctionsAndTheirHandler() {
        assertTrue(ENTRIES.stream().anyMatch(e -> e.where().isEmpty() && e.name().startsWith(FUNCTIONS_PATH)
                && e.name().endsWith(".class")), "no class of " + FUNCTIONS_PATH + " at the zip's root");
        assertTrue(ENTRIES.stream().anyMatch(e -> e.name().equals("io/quarkus/funqy/lambda/FunqyStreamHandler.class")),
                "the Lambda handler FunqyStreamHandler is not in the zip");
        // The search of nothingInItRefersToDevOnlyCode is not blind: generated classes name the functions' package.
        assertTrue(ENTRIES.stream().anyMatch(e -> e.name().endsWith(".class")
                && !e.name().startsWith(FUNCTIONS_PATH) && e.mentions(FUNCTIONS_PATH.substring(0,
                        FUNCTIONS_PATH.length() - 1))),
                "no class outside " + FUNCTIONS_PATH + " refers to it: the byte search finds nothing");
    }
}
