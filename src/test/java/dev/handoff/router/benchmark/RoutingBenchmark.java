package dev.handoff.router.benchmark;

import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.handoff.router.testing.DynaliteResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The benchmark (issue 6): {@code ./mvnw verify -Pbenchmark} runs it after packaging and writes
 * {@code target/benchmark/report.md}. Its name keeps it out of the normal test run; it asserts nothing about speed.
 */
@QuarkusTest
@TestProfile(BenchmarkProfile.class)
@WithTestResource(DynaliteResource.class)
@Tag("benchmark")
class RoutingBenchmark extends BenchmarkTestBase {
    @Test
    void measureAndReport() {
        run(BenchmarkPlan.full(Path.of("target/benchmark/report.md")));
    }
}
