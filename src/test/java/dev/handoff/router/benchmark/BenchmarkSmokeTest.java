package dev.handoff.router.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.handoff.router.testing.DynaliteResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Runs the benchmark on a few events per scenario and checks that it runs cleanly, counts DynamoDB calls and
 * capacity, and writes a report with every section. Says nothing about speed.
 */
@QuarkusTest
@TestProfile(BenchmarkProfile.class)
@WithTestResource(DynaliteResource.class)
class BenchmarkSmokeTest extends BenchmarkTestBase {
    @Test
    void runsOnATinyLoadAndWritesEverySection() throws IOException {
        Path report = Path.of("target/benchmark-smoke/report.md");
        var results = run(BenchmarkPlan.tiny(report));

        for (LevelResult level : results.levels()) {
            assertEquals(0, Targets.problems(level), level.scenario() + " at " + level.callers()
                    + " callers: " + level.problemSamples());
            assertTrue(level.events() > 0, level.scenario() + " measured no event");
        }
        var start = results.level(TwoQueueLifecycle.NAME, 1).orElseThrow().byType().get("conversation.start");
        assertTrue(start.allCalls() > 0, "the interceptor counted DynamoDB calls");
        assertTrue(start.writeUnits() > 0 && start.readUnits() > 0, "dynalite reported consumed capacity");
        assertTrue(start.webhookCalls() > 0, "bot webhook calls were timed");
        String markdown = Files.readString(report);
        for (String section : Report.SECTIONS) {
            assertTrue(markdown.contains(section + "\n"), "the report has the section " + section);
        }
    }
}
