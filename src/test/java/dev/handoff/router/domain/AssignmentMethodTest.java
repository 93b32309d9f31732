package dev.handoff.router.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Each assignment method's order among members with room, as the decision ranks them and as the index sorts them. */
class AssignmentMethodTest {
    private static final Instant T0 = Instant.parse("2026-12-06T09:00:00Z");

    /** big: most room, assigned last; busy: holds most, released last; fresh: never given anything. */
    private static final Participant BIG = member("big", 10, 2, T0.plusSeconds(50), T0.plusSeconds(10));
    private static final Participant BUSY = member("busy", 6, 4, T0.plusSeconds(20), T0.plusSeconds(60));
    private static final Participant QUIET = member("quiet", 3, 1, T0.plusSeconds(30), null);
    private static final Participant FRESH = member("fresh", 2, 0, null, null);
    private static final List<Participant> ALL = List.of(BIG, BUSY, QUIET, FRESH);

    @Test
    void highestCapacityTakesTheMostRoomThenTheOneIdleLongest() {
        // big has 8 units of room; the other three 2 each: never assigned first, then assigned at 20 s, then 30 s
        assertEquals(List.of("big", "fresh", "busy", "quiet"), order(AssignmentMethod.HIGHEST_CAPACITY));
    }

    @Test
    void roundRobinTakesTheOneAssignedLeastRecently() {
        assertEquals(List.of("fresh", "busy", "quiet", "big"), order(AssignmentMethod.ROUND_ROBIN));
    }

    @Test
    void mostIdleTakesTheLongestSinceAConversationStartedOrEnded() {
        // quiet: last active at 30 s; big: 50 s (assigned after its release); busy: 60 s (its release)
        assertEquals(List.of("fresh", "quiet", "big", "busy"), order(AssignmentMethod.MOST_IDLE));
    }

    @Test
    void leastActiveTakesTheFewestHeld() {
        assertEquals(List.of("fresh", "quiet", "big", "busy"), order(AssignmentMethod.LEAST_ACTIVE));
        // Equal loads: the one assigned least recently first.
        var early = member("z-early", 5, 1, T0, null);
        assertEquals(List.of("z-early", "quiet"), Routing.candidates(List.of(QUIET, early), KindNeeded.ANY, 1,
                Set.of(), AssignmentMethod.LEAST_ACTIVE).stream().map(Participant::id).toList());
    }

    @ParameterizedTest
    @EnumSource(AssignmentMethod.class)
    void theIndexRankSortsAsTheDecisionOrders(AssignmentMethod method) {
        var byRank = ALL.stream().sorted(Comparator.comparing(method::rank)).map(Participant::id).toList();
        assertEquals(order(method), byRank);
        ALL.forEach(p -> assertEquals(method.rankPrefix(), method.rank(p).substring(0, method.rankPrefix().length())));
    }

    @Test
    void theDefaultKeepsTheRankItAlwaysHadAndTheOthersStartWithALetter() {
        assertEquals(String.format("0999992#%015d#big", T0.plusSeconds(50).toEpochMilli()),
                AssignmentMethod.HIGHEST_CAPACITY.rank(BIG), "the form the room index had before methods");
        for (AssignmentMethod method : List.of(AssignmentMethod.ROUND_ROBIN, AssignmentMethod.MOST_IDLE,
                AssignmentMethod.LEAST_ACTIVE)) {
            assertEquals(true, Character.isLetter(method.rank(BIG).charAt(0)), method.wire());
        }
    }

    @Test
    void methodsAreNamedOnTheWire() {
        for (AssignmentMethod method : AssignmentMethod.values()) {
            assertEquals(method, AssignmentMethod.fromWire(method.wire()));
        }
        assertThrows(IllegalArgumentException.class, () -> AssignmentMethod.fromWire("random"));
    }

    private static List<String> order(AssignmentMethod method) {
        return Routing.candidates(ALL, KindNeeded.ANY, 1, Set.of(), method).stream().map(Participant::id).toList();
    }

    private static Participant member(String id, int capacity, int load, Instant lastAssigned,
            Instant lastReleased) {
        return new Participant(id, ParticipantKind.REPRESENTATIVE, id, capacity, load, List.of("q"),
                Presence.AVAILABLE, null, Map.of(), lastAssigned, 1, lastReleased);
    }
}
