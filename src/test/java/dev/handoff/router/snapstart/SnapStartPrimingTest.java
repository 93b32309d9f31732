package dev.handoff.router.snapstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.handoff.router.adapters.dynamodb.DynamoDbPrimer;
import dev.handoff.router.adapters.dynamodb.TableNames;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.DynamoDbProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * SnapStart's priming, run as Lambda runs it before the snapshot (the CRaC resource's {@code beforeCheckpoint}),
 * against dynalite: it reads each table once, by a key no item has, and writes nothing; every primer runs; a read
 * that fails is passed over.
 */
@QuarkusTest
@WithTestResource(DynaliteResource.class)
class SnapStartPrimingTest {
    private static final List<String> PRIMERS = List.of("DynamoDB client", "event and answer JSON",
            "metrics documents", "webhook signing and JSON");

    @Inject
    SnapStartPriming priming;

    @Inject
    DynamoDbClient dynamo;

    @Inject
    TableNames tables;

    @AfterEach
    void disarm() {
        DynamoDbProbe.reset();
    }

    @Test
    void beforeTheSnapshotEachTableIsReadOnceAndNothingChanges() {
        Map<String, Integer> before = itemCounts();
        DynamoDbProbe.reset();

        priming.beforeCheckpoint(null);

        var calls = DynamoDbProbe.calls();
        assertEquals(List.of("GetItem"), calls.stream().map(DynamoDbProbe.Call::operation).distinct().toList(),
                "priming only reads, by key: " + calls);
        assertEquals(new TreeMap<>(before).keySet(), calls.stream().flatMap(c -> c.tables().stream())
                .collect(Collectors.toCollection(java.util.TreeSet::new)), "every table once");
        assertEquals(before.size(), calls.size(), "one read per table: " + calls);
        assertEquals(before, itemCounts(), "no item added, removed or replaced");
    }

    @Test
    void everyPrimerRuns() {
        var primed = priming.primeAll();

        assertEquals(PRIMERS, primed.stream().map(SnapStartPriming.Primed::primer).sorted().toList());
        assertTrue(primed.stream().allMatch(SnapStartPriming.Primed::ok), primed.toString());
    }

    @Test
    void aReadThatFailsIsPassedOverAndTheOthersStillRun() {
        DynamoDbProbe.failCallsMentioning(DynamoDbPrimer.ABSENT);

        var primed = priming.primeAll();

        assertEquals(9, DynamoDbProbe.calls().stream().filter(c -> c.operation().equals("GetItem")).count(),
                "each table was tried, whatever the one before answered: " + DynamoDbProbe.calls());
        assertEquals(PRIMERS.size(), primed.size());
        assertTrue(primed.stream().allMatch(SnapStartPriming.Primed::ok), primed.toString());
    }

    private Map<String, Integer> itemCounts() {
        var counts = new TreeMap<String, Integer>();
        for (String table : List.of(tables.conversations(), tables.participants(), tables.queues(), tables.events(),
                tables.transcripts(), tables.channels(), tables.members(), tables.rooms(), tables.claims())) {
            counts.put(table, dynamo.scan(ScanRequest.builder().tableName(table).select(Select.COUNT)
                    .consistentRead(true).build()).count());
        }
        return counts;
    }
}
