package dev.handoff.router.adapters.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.Metrics;
import dev.handoff.router.domain.Owed;
import dev.handoff.router.testing.CapturedMetrics;

/** What the EMF adapter writes: valid Embedded Metric Format, one document per call, the names of {@link MetricName}. */
class EmfMetricsTest {
    private final CapturedMetrics sink = new CapturedMetrics();
    private final EmfMetrics metrics = new EmfMetrics("HandoffRouterTest", sink);

    @Test
    void anEventIsOneDocumentWithItsCountTimeAndRefusedWritesByTypeAndOutcome() {
        metrics.eventHandled("conversation.start", "assigned", 12.5, 2);

        assertEquals(1, sink.lines().size());
        var doc = sink.documents().get(0);
        assertEquals("HandoffRouterTest", doc.namespace());
        assertEquals(List.of(Set.of("EventType", "Outcome"), Set.of("EventType"), Set.of()), doc.dimensionSets());
        assertEquals(Map.of("EventsHandled", "Count", "RoutingTime", "Milliseconds", "ConditionalCheckFailures",
                "Count"), doc.metrics());
        assertEquals(1.0, doc.value("EventsHandled"));
        assertEquals(12.5, doc.value("RoutingTime"));
        assertEquals(2.0, doc.value("ConditionalCheckFailures"));
        assertEquals("conversation.start", doc.dimension("EventType"));
        assertEquals("assigned", doc.dimension("Outcome"));
        assertEquals(Set.of("EventsHandled", "RoutingTime", "ConditionalCheckFailures", "EventType", "Outcome"),
                doc.values().keySet(), "nothing but the metrics and their dimensions: no trace id, no function");
    }

    @Test
    void primingBeforeTheSnapshotWritesNothing() {
        metrics.prime();

        assertEquals(List.of(), sink.lines(), "the warm-up's document is serialized and dropped");
    }

    @Test
    void aMetricTheFormatRefusesIsDroppedNotThrown() {
        metrics.joinedLine("", KindNeeded.ANY, 1); // EMF refuses an empty dimension value
        metrics.eventHandled("conversation.end", "fila-ñ", 1, 0); // and one that is not printable ASCII

        assertEquals(List.of(), sink.lines());
    }

    @Test
    void aNamespaceCloudWatchRefusesFailsAtStartNotAtEachMetric() {
        assertThrows(IllegalStateException.class, () -> new EmfMetrics("Handoff Router!", sink));
    }

    @Test
    void aLineJoinedAndAHandOutAreMeasuredPerQueueAndLine() {
        metrics.joinedLine("queue-1", KindNeeded.REPRESENTATIVE, 3);
        metrics.handedOut("queue-1", KindNeeded.ANY, 95);

        var docs = sink.documents();
        assertEquals(2, docs.size());
        assertEquals(List.of(Set.of("QueueId", "Line"), Set.of("QueueId")), docs.get(0).dimensionSets());
        assertEquals(Map.of("ConversationsWaiting", "Count"), docs.get(0).metrics());
        assertEquals(3.0, docs.get(0).value("ConversationsWaiting"));
        assertEquals("queue-1", docs.get(0).dimension("QueueId"));
        assertEquals("representative", docs.get(0).dimension("Line"));
        assertEquals(Map.of("LongestWaitSeconds", "Seconds"), docs.get(1).metrics());
        assertEquals(95.0, docs.get(1).value("LongestWaitSeconds"));
        assertEquals("any", docs.get(1).dimension("Line"));
    }

    @Test
    void failuresAreCountedByWhatFailedAndInAllForTheAlarms() {
        metrics.botCallFailed(Metrics.BotCall.ARRIVAL);
        metrics.botCallFailed(Metrics.BotCall.MESSAGE);
        metrics.noticeFailed(Owed.Audience.DESK);

        var docs = sink.documents();
        assertEquals(List.of(Set.of("BotCall"), Set.of()), docs.get(0).dimensionSets());
        assertEquals(1.0, docs.get(0).value("BotDeliveryFailures"));
        assertEquals("arrival", docs.get(0).dimension("BotCall"));
        assertEquals("message", docs.get(1).dimension("BotCall"));
        assertEquals(List.of(Set.of("Recipient"), Set.of()), docs.get(2).dimensionSets());
        assertEquals(1.0, docs.get(2).value("NoticeFailures"));
        assertEquals("desk", docs.get(2).dimension("Recipient"));
    }

    @Test
    void aSweepReportsEachKindOfLeftoverAndItsRefusedWrites() {
        metrics.swept(2, 1, 0, 4);

        var leftovers = sink.with("SweeperLeftovers");
        assertEquals(3, leftovers.size());
        for (var doc : leftovers) {
            assertEquals(List.of(Set.of("Leftover"), Set.of()), doc.dimensionSets());
        }
        assertEquals(List.of("owed-deliveries", "orphan-claims", "hand-outs"),
                leftovers.stream().map(d -> d.dimension("Leftover")).toList());
        assertEquals(List.of(2.0, 1.0, 0.0), leftovers.stream().map(d -> d.value("SweeperLeftovers")).toList());
        var refused = sink.with("ConditionalCheckFailures");
        assertEquals(1, refused.size());
        assertEquals("sweeper", refused.get(0).dimension("EventType"));
        assertEquals(4.0, refused.get(0).value("ConditionalCheckFailures"));
    }

    @Test
    void everyNameWrittenIsAMetricNameAndEveryMetricNameIsWritten() {
        var captured = CapturedMetrics.ofEveryKind("HandoffRouterTest");

        var declared = Arrays.stream(MetricName.values()).map(MetricName::metric)
                .collect(java.util.stream.Collectors.toSet());
        assertEquals(declared, captured.dimensionSetsByMetric().keySet());
        var dimensions = captured.documents().stream().flatMap(d -> d.dimensionSets().stream())
                .flatMap(Set::stream).collect(java.util.stream.Collectors.toSet());
        var declaredDimensions = Arrays.stream(MetricName.Dimension.values()).map(MetricName.Dimension::dimension)
                .collect(java.util.stream.Collectors.toSet());
        assertEquals(declaredDimensions, dimensions);
    }
}
