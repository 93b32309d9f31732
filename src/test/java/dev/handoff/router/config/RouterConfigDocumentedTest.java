package dev.handoff.router.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.smallrye.config.WithDefault;

/**
 * The settings are declared once, in {@link RouterConfig}; the README's configuration table lists them for people.
 * This keeps the table true: every {@code router.*} setting is a row with the declared default, and no row names a
 * setting that does not exist.
 */
class RouterConfigDocumentedTest {
    private static final Pattern ROW = Pattern.compile("^\\| `(router\\.[a-z.-]+)` \\| ([^|]+) \\|", Pattern.MULTILINE);

    @Test
    void theReadmeListsEverySettingWithItsDefault() throws IOException {
        var declared = new TreeMap<String, String>();
        for (Method group : RouterConfig.class.getDeclaredMethods()) {
            for (Method setting : group.getReturnType().getDeclaredMethods()) {
                String name = "router." + kebab(group.getName()) + "." + kebab(setting.getName());
                WithDefault fallback = setting.getAnnotation(WithDefault.class);
                declared.put(name, fallback == null ? "(none)" : fallback.value());
            }
        }
        var documented = new TreeMap<String, String>();
        var readme = Files.readString(Path.of("README.md"));
        var rows = ROW.matcher(readme);
        while (rows.find()) {
            documented.put(rows.group(1), defaultIn(rows.group(2).trim()));
        }
        assertEquals(declared, documented);
    }

    /**
     * The default as the table writes it: {@code `30S`}, perhaps followed by a note on the dev and test profiles, or
     * {@code (none)} and what that means.
     */
    private static String defaultIn(String cell) {
        var quoted = Pattern.compile("^`([^`]*)`").matcher(cell);
        return quoted.find() ? quoted.group(1) : cell.startsWith("(none)") ? "(none)" : cell;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
