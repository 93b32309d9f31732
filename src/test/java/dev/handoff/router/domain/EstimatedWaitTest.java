package dev.handoff.router.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class EstimatedWaitTest {
    private static final Instant T0 = Instant.parse("2026-12-06T09:00:00Z");

    @Test
    void aLineKeepsItsLatestHandOutsLatestFirstAndDropsTheOldest() {
        var count = LineCount.EMPTY;
        for (int i = 0; i < LineCount.HANDED_OUT_KEPT + 2; i++) {
            count = new LineCount(0, 0, null, 0, 0, count.handedOutAfter(T0.plusSeconds(i)));
        }
        assertEquals(LineCount.HANDED_OUT_KEPT, count.handedOut().size());
        assertEquals(T0.plusSeconds(LineCount.HANDED_OUT_KEPT + 1), count.handedOut().get(0));
        assertEquals(T0.plusSeconds(2), count.handedOut().get(LineCount.HANDED_OUT_KEPT - 1));
    }

    @Test
    void aPlaceWaitsAsManyGapsAsItIsFarAtThePaceSinceTheOldestKeptHandOut() {
        // four hand-outs, the oldest 8 minutes ago: 2 minutes each
        var count = new LineCount(10, 4, null, 0, 0, List.of(T0.minusSeconds(60), T0.minusSeconds(180),
                T0.minusSeconds(300), T0.minusSeconds(480)));
        assertEquals(Duration.ofMinutes(2), count.estimatedWait(1, T0).orElseThrow());
        assertEquals(Duration.ofMinutes(6), count.estimatedWait(3, T0).orElseThrow());
        // ten minutes later with none since, the pace has slowed to 4.5 minutes each
        assertEquals(Duration.ofSeconds(270), count.estimatedWait(1, T0.plusSeconds(600)).orElseThrow());
        assertTrue(LineCount.EMPTY.estimatedWait(1, T0).isEmpty(), "nothing handed out: no estimate");
    }
}
