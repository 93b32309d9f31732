package dev.handoff.router.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.handoff.router.domain.ConversationStatus;
import dev.handoff.router.domain.ErrorCode;
import dev.handoff.router.domain.Rejection;

/**
 * A transfer to one named representative who has no room, with {@code waitSeconds}: the conversation waits for that
 * one alone (another with room does not take it) while the sender keeps it; the named one takes it when it frees room,
 * or, once the wait is over (a timer, fired by hand after a settable clock moves), anyone of the queue.
 */
class NamedWaitRulesTest {
    private final InMemoryRouter router = new InMemoryRouter();

    /** rep-1 holds c-1, rep-2 holds c-2, rep-3 has room; rep-1 transfers c-1 to rep-2, waiting up to 120 s. */
    private void transferToTheBusyRep2() {
        router.queue("support");
        router.representative("rep-1", 1, "support");
        router.start("c-1", "support");
        router.representative("rep-2", 1, "support");
        router.start("c-2", "support");
        router.representative("rep-3", 1, "support");
        var answer = router.transfer("c-1", "rep-1", "rep-2", 120);
        assertEquals("waiting", answer.status());
        assertEquals("rep-1", router.conversation("c-1").assignee().participantId(), "the sender keeps it");
        assertEquals(0, router.load("rep-3"), "rep-3 has room, but it waits for rep-2");
    }

    @Test
    void itWaitsForTheOneNamedAloneAndGoesToItWhenItFreesRoom() {
        transferToTheBusyRep2();
        // WHEN rep-2 ends c-2: THEN rep-2 takes c-1 and rep-1 is let go
        router.end("c-2", "rep-2");
        assertEquals("rep-2", router.conversation("c-1").assignee().participantId());
        assertEquals(0, router.load("rep-1"));
        assertEquals(0, router.load("rep-3"));
    }

    @Test
    void whenTheWaitIsOverAnyoneOfTheQueueMayTakeIt() {
        transferToTheBusyRep2();
        // WHEN 119 s pass: THEN it still waits for rep-2
        router.clock.advance(Duration.ofSeconds(119));
        assertEquals(0, router.fireTimers());
        assertEquals(0, router.load("rep-3"));
        // WHEN the 120th passes: THEN rep-3 takes it, and rep-1 is let go
        router.clock.advance(Duration.ofSeconds(1));
        assertEquals(1, router.fireTimers());
        var taken = router.conversation("c-1");
        assertEquals(ConversationStatus.ASSIGNED, taken.status());
        assertEquals("rep-3", taken.assignee().participantId());
        assertEquals(0, router.load("rep-1"));
        var events = taken.timeline().stream().map(e -> e.event()).toList();
        assertEquals(List.of("transferred", "waiting", "named-wait-ended", "assigned", "disconnected"),
                events.subList(events.indexOf("transferred"), events.size()));
    }

    @Test
    void oneThatIsNotARepresentativeOfTheQueueIsNotWaitedFor() {
        router.queue("support");
        router.queue("other");
        router.representative("rep-1", 1, "support");
        router.start("c-1", "support");
        router.representative("rep-x", 1, "other");
        var refused = assertThrows(Rejection.class, () -> router.transfer("c-1", "rep-1", "rep-x", 60));
        assertEquals(ErrorCode.PARTICIPANT_UNAVAILABLE, refused.code());
        assertEquals(ConversationStatus.ASSIGNED, router.conversation("c-1").status(), "nothing changed");
    }
}
