package dev.handoff.router.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.quarkus.funqy.Funq;

/** The functions the code exports, found by reflection over the {@code @Funq} methods of the functions package. */
final class ExportedFunctions {
    static final String PACKAGE = "dev.handoff.router.functions";
    private static final Pattern NAME_SEPARATORS = Pattern.compile("[.-]");

    private ExportedFunctions() {
    }

    /** Every {@code @Funq} name (the method's name when the annotation gives none), sorted. */
    static Set<String> names() {
        return classesOfPackage().flatMap(type -> Arrays.stream(type.getDeclaredMethods()))
                .filter(method -> method.isAnnotationPresent(Funq.class))
                .map(method -> {
                    String value = method.getAnnotation(Funq.class).value();
                    return value.isEmpty() ? method.getName() : value;
                })
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The template's logical id prefix of a function: CloudFormation ids allow only letters and digits, so the name's
     * parts are capitalized and joined ({@code conversation.transfer-to-bot} → {@code ConversationTransferToBot}).
     */
    static String logicalIdPrefix(String exportName) {
        return NAME_SEPARATORS.splitAsStream(exportName)
                .map(part -> Character.toUpperCase(part.charAt(0)) + part.substring(1))
                .collect(Collectors.joining());
    }

    /**
     * The compiled classes of the package, from every class path directory that has it (the main classes and the
     * tests' classes of the same package).
     */
    private static Stream<Class<?>> classesOfPackage() {
        var classes = new ArrayList<Class<?>>();
        try {
            var directories = ExportedFunctions.class.getClassLoader().getResources(PACKAGE.replace('.', '/'));
            for (URL url : Collections.list(directories)) {
                if (!"file".equals(url.getProtocol())) {
                    throw new IllegalStateException("package " + PACKAGE + " is not in a class path directory: " + url);
                }
                try (var files = Files.list(Path.of(url.toURI()))) {
                    files.map(file -> file.getFileName().toString())
                            .filter(name -> name.endsWith(".class"))
                            .map(name -> load(PACKAGE + "." + name.substring(0, name.length() - ".class".length())))
                            .forEach(classes::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return classes.stream();
    }

    private static Class<?> load(String className) {
        try {
            return Class.forName(className, false, ExportedFunctions.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
