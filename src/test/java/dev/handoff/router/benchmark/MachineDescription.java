package dev.handoff.router.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The machine the figures came from: they mean little without it. */
record MachineDescription(String cpu, int cores, long memoryMb, String os, String jvm, String dynalite) {

    static MachineDescription describe(Path projectDirectory) {
        return new MachineDescription(
                procLine(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch")),
                Runtime.getRuntime().availableProcessors(),
                procLine(Path.of("/proc/meminfo"), "MemTotal").map(MachineDescription::kbToMb).orElse(-1L),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                        + System.getProperty("os.arch") + ")",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                dynaliteVersion(projectDirectory));
    }

    /** The 1-minute load average: how busy the shared machine was (2 cores: above 2, callers wait for a core). */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** The value after the colon of the first line starting with {@code key}. */
    private static Optional<String> procLine(Path file, String key) {
        try (var lines = Files.lines(file)) {
            return lines.filter(line -> line.startsWith(key)).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long kbToMb(String value) {
        return Long.parseLong(List.of(value.split("\\s+")).get(0)) / 1024;
    }

    private static String dynaliteVersion(Path projectDirectory) {
        Path manifest = projectDirectory.resolve("node_modules/dynalite/package.json");
        try {
            return "dynalite " + new ObjectMapper().readTree(manifest.toFile()).path("version").asText();
        } catch (IOException e) {
            return "dynalite (version unknown: " + manifest + " unreadable)";
        }
    }
}
