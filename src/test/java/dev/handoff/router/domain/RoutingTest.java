package dev.handoff.router.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The routing decision in plain Java: who gets a conversation, in which order. */
class RoutingTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void theHighestRemainingCapacityComesFirst() {
        var small = bot("small", 2, 0, null);
        var big = bot("big", 5, 1, null);
        var middle = rep("middle", 3, 0, null);
        assertEquals(List.of("big", "middle", "small"), ids(Routing.candidates(List.of(small, big, middle),
                KindNeeded.ANY, 1, Set.of())));
    }

    @Test
    void remainingCapacityNotTotalCapacityDecides() {
        var busyBig = bot("busy-big", 10, 9, null);
        var idleSmall = bot("idle-small", 3, 0, null);
        assertEquals(List.of("idle-small", "busy-big"), ids(Routing.candidates(List.of(busyBig, idleSmall),
                KindNeeded.ANY, 1, Set.of())));
    }

    @Test
    void tiesGoToTheParticipantIdleLongest() {
        var recent = bot("recent", 3, 0, T0.plusSeconds(60));
        var longIdle = bot("long-idle", 3, 0, T0);
        var never = bot("never", 3, 0, null);
        assertEquals(List.of("never", "long-idle", "recent"), ids(Routing.candidates(List.of(recent, longIdle, never),
                KindNeeded.ANY, 1, Set.of())));
    }

    @Test
    void onlyTheKindNeededIsConsidered() {
        var bot = bot("bot", 5, 0, null);
        var rep = rep("rep", 1, 0, null);
        assertEquals(List.of("rep"), ids(Routing.candidates(List.of(bot, rep), KindNeeded.REPRESENTATIVE, 1,
                Set.of())));
        assertEquals(List.of("bot"), ids(Routing.candidates(List.of(bot, rep), KindNeeded.BOT, 1, Set.of())));
    }

    @Test
    void fullOfflineBusyAndExcludedParticipantsAreSkipped() {
        var full = bot("full", 2, 2, null);
        var offline = withPresence(bot("offline", 5, 0, null), Presence.OFFLINE);
        var busy = withPresence(bot("busy", 5, 0, null), Presence.BUSY);
        var served = bot("served", 5, 0, null);
        var free = bot("free", 1, 0, null);
        assertEquals(List.of("free"), ids(Routing.candidates(List.of(full, offline, busy, served, free),
                KindNeeded.BOT, 1, Set.of("served"))));
    }

    @Test
    void aConversationOfSeveralUnitsNeedsThatMuchRoom() {
        var two = bot("two-left", 5, 3, null);
        var one = bot("one-left", 5, 4, null);
        assertEquals(List.of("two-left"), ids(Routing.candidates(List.of(two, one), KindNeeded.ANY, 2, Set.of())));
        assertTrue(Routing.qualifies(two, KindNeeded.ANY, 2, Set.of()));
        assertFalse(Routing.qualifies(one, KindNeeded.ANY, 2, Set.of()));
    }

    @Test
    void capacityLoweredBelowLoadTakesNothingAwayButStopsNewWork() {
        var lowered = bot("lowered", 1, 3, null);
        assertEquals(-2, lowered.remaining());
        assertEquals(List.of(), Routing.candidates(List.of(lowered), KindNeeded.ANY, 1, Set.of()));
    }

    @Test
    void theOmnichannelOrderingAndItsReverseBothStartWithTheRoomiestBot() {
        var agentA = bot("agent-a", 3, 0, null);
        var rep = rep("rep", 2, 0, null);
        var agentB = bot("agent-b", 1, 0, null);
        assertEquals("agent-a", Routing.candidates(List.of(agentA, rep, agentB), KindNeeded.ANY, 1, Set.of())
                .get(0).id());
        var reversedA = bot("agent-a", 1, 0, null);
        var reversedB = bot("agent-b", 3, 0, null);
        assertEquals("agent-b", Routing.candidates(List.of(reversedA, rep, reversedB), KindNeeded.ANY, 1, Set.of())
                .get(0).id());
        // The transfer back never returns to the bot that served, whatever the capacities.
        assertEquals(List.of("agent-a"), ids(Routing.candidates(List.of(reversedA, rep, reversedB), KindNeeded.BOT,
                1, Set.of("agent-b"))));
    }

    static Participant bot(String id, int capacity, int load, Instant lastAssigned) {
        return new Participant(id, ParticipantKind.BOT, id, capacity, load, List.of("q"), Presence.AVAILABLE,
                new Webhook("https://bot.example/" + id, "whsec_x"), Map.of(), lastAssigned);
    }

    static Participant rep(String id, int capacity, int load, Instant lastAssigned) {
        return new Participant(id, ParticipantKind.REPRESENTATIVE, id, capacity, load, List.of("q"),
                Presence.AVAILABLE, null, Map.of(), lastAssigned);
    }

    static Participant withPresence(Participant p, Presence presence) {
        return new Participant(p.id(), p.kind(), p.name(), p.capacity(), p.load(), p.queues(), presence, p.webhook(),
                p.unsettled(), p.lastAssignedAt());
    }

    private static List<String> ids(List<Participant> participants) {
        return participants.stream().map(Participant::id).toList();
    }
}
