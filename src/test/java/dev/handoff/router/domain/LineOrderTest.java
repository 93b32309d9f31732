package dev.handoff.router.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The order a line serves its conversations in: priority plus aging, as a static arrival time, so that a line ordered
 * once is served highest score first at every later moment.
 */
class LineOrderTest {
    private static final Instant T0 = Instant.parse("2026-12-06T09:00:00Z");
    private static final Queue ONE_A_MINUTE = new Queue("q", "Q", 1);

    @Test
    void aPriorityMovesTheArrivalEarlierByItsWorthInMinutesOfWaiting() {
        assertEquals(T0, ONE_A_MINUTE.lineOrderAt(T0, 0));
        assertEquals(T0.minus(Duration.ofMinutes(10)), ONE_A_MINUTE.lineOrderAt(T0, 10));
        assertEquals(T0.plus(Duration.ofMinutes(3)), ONE_A_MINUTE.lineOrderAt(T0, -3));
        // Half a point a minute: a point is worth two minutes; 60 points a minute: one second.
        assertEquals(T0.minus(Duration.ofMinutes(20)), new Queue("q", "Q", 1, 0, 0.5).lineOrderAt(T0, 10));
        assertEquals(T0.minus(Duration.ofSeconds(10)), new Queue("q", "Q", 1, 0, 60).lineOrderAt(T0, 10));
    }

    @Test
    void theOrderIsTheScoresOrderAtEveryMoment() {
        // GIVEN conversations that joined at different times with different priorities (one point a minute)
        record Joined(String id, int minute, int priority) {
            double scoreAt(int now) {
                return priority + (now - minute);
            }
        }
        var joined = List.of(new Joined("a", 0, 0), new Joined("b", 5, 10), new Joined("c", 5, 3),
                new Joined("d", 20, -2), new Joined("e", 21, 30));
        var ordered = joined.stream().sorted(Comparator.comparing((Joined j) -> waiting(j.id(),
                T0.plus(Duration.ofMinutes(j.minute())), j.priority()).lineOrder())).map(Joined::id).toList();
        // THEN at any later moment their scores fall in that order (highest first)
        for (int now : new int[] {21, 60, 600}) {
            int moment = now;
            var byScore = joined.stream().sorted(Comparator.comparingDouble((Joined j) -> -j.scoreAt(moment)))
                    .map(Joined::id).toList();
            assertEquals(byScore, ordered, "at minute " + now);
        }
        assertEquals(List.of("e", "b", "a", "c", "d"), ordered);
    }

    @Test
    void aLineOrderTellsItsArrivalAndWhetherItHasAPriority() {
        var plain = waiting("c-1", T0, 0);
        assertEquals(String.format("%015d#c-1", T0.toEpochMilli()), plain.lineOrder(), "the form lines had before");
        assertFalse(Conversation.prioritized(plain.lineOrder()));
        assertEquals(T0, Conversation.arrivalIn(plain.lineOrder()));
        var urgent = waiting("c-2", T0, 5);
        assertTrue(Conversation.prioritized(urgent.lineOrder()));
        assertEquals(T0, Conversation.arrivalIn(urgent.lineOrder()));
        assertTrue(urgent.lineOrder().compareTo(plain.lineOrder()) < 0, "served first");
    }

    @Test
    void aHandOnKeepsThePriorityUnlessItNamesOneAndLeavingALineForgetsItsOrder() {
        var waiting = waiting("c-1", T0, 4);
        assertEquals(4, waiting.withPriority(null).priority());
        assertEquals(-1, waiting.withPriority(-1).priority());
        var assigned = waiting.assignTo(new Assignee("rep-1", ParticipantKind.REPRESENTATIVE, 1, "k"), "q", T0,
                "e2", "k2");
        assertEquals(4, assigned.priority());
        assertNull(assigned.lineOrderAt());
    }

    @Test
    void agingOutOfBoundsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Queue("q", "Q", 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Queue("q", "Q", 1, 0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Queue("q", "Q", 1, 0, 1001));
    }

    private static Conversation waiting(String id, Instant since, int priority) {
        return Conversation.open(id, "q", new Customer("cust", null), null, false, Map.of(), priority, since, "e1")
                .waitFor(KindNeeded.ANY, ONE_A_MINUTE, since, "e1", 1);
    }
}
