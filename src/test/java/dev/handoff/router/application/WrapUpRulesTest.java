package dev.handoff.router.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.handoff.router.domain.AssignmentMethod;
import dev.handoff.router.domain.ConversationStatus;
import dev.handoff.router.domain.ErrorCode;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.Rejection;
import dev.handoff.router.domain.Subject;

/**
 * A queue's {@code wrapUpSeconds}: a representative that ends or hands on a conversation keeps its capacity for it
 * until it says it is done ({@code participant.wrap-up-done}) or the time passes (a timer, fired by hand after the
 * settable clock moves); then it is freed and the longest-waiting conversation it may take is handed to it.
 */
class WrapUpRulesTest {
    private final InMemoryRouter router = new InMemoryRouter();

    /** support wraps up for 60 s; rep-1 (room for one, a desk) holds c-1, and c-2 waits behind it. */
    private void rep1HoldsC1AndC2Waits() {
        router.queue(new Queue("support", "support", 1, 0, 1, AssignmentMethod.HIGHEST_CAPACITY, null, List.of(),
                List.of(), 60));
        router.representativeWithDesk("rep-1", 1, "support");
        router.start("c-1", "support");
        assertEquals("waiting", router.start("c-2", "support").status());
    }

    @Test
    void anEndHoldsTheCapacityUntilTheRepresentativeSaysItIsDone() {
        rep1HoldsC1AndC2Waits();
        // WHEN rep-1 ends c-1: THEN c-1 ends, but rep-1's capacity stays held for its wrap-up and c-2 still waits
        assertEquals("ended", router.end("c-1", "rep-1").status());
        assertEquals(1, router.load("rep-1"));
        assertEquals(List.of("c-2"), router.waiting("support", dev.handoff.router.domain.KindNeeded.ANY));
        var ended = router.conversation("c-1");
        assertEquals("rep-1", ended.wrapUpOf("rep-1").orElseThrow().holder().participantId());
        assertEquals(router.clock.instant().plusSeconds(60), ended.wrapUpOf("rep-1").orElseThrow().until());
        // WHEN rep-1 says it is done: THEN its capacity is freed and c-2 is handed to it
        var done = router.wrapUpDone("rep-1", "c-1");
        assertEquals("ended", done.status());
        assertEquals("rep-1", router.conversation("c-2").assignee().participantId());
        assertEquals(1, router.load("rep-1"), "c-2's");
        assertEquals(List.of(), router.conversation("c-1").wrapUps());
        var timeline = router.timeline("c-1");
        assertEquals(List.of("ended:rep-1", "disconnected:rep-1", "wrap-up-started:rep-1", "wrap-up-ended:rep-1"),
                timeline.subList(timeline.indexOf("ended:rep-1"), timeline.size()));
        // AND its desk was told, in order: released, wrap-up started, wrap-up ended, then c-2 assigned
        assertEquals(List.of("assigned", "released", "wrap-up-started", "wrap-up-ended", "assigned"),
                router.told(InMemoryRouter.deskUrl("rep-1")));
        var started = router.listeners.postsTo(InMemoryRouter.deskUrl("rep-1")).get(2).body();
        assertEquals(ended.wrapUpOf("rep-1").orElseThrow().until().toString(), started.get("until"));
    }

    @Test
    void whenTheTimePassesTheCapacityIsFreedWithoutAWord() {
        rep1HoldsC1AndC2Waits();
        router.end("c-1", "rep-1");
        // WHEN 59 s pass: THEN nothing moves
        router.clock.advance(Duration.ofSeconds(59));
        assertEquals(0, router.fireTimers());
        assertEquals(ConversationStatus.WAITING, router.conversation("c-2").status());
        // WHEN the 60th passes: THEN the timer ends the wrap-up and c-2 goes to rep-1
        router.clock.advance(Duration.ofSeconds(1));
        assertEquals(1, router.fireTimers());
        assertEquals("rep-1", router.conversation("c-2").assignee().participantId());
        assertEquals(1, router.load("rep-1"));
        // AND a done said late is answered as the conversation is, and changes nothing
        long version = router.conversation("c-1").version();
        assertEquals("ended", router.wrapUpDone("rep-1", "c-1").status());
        assertEquals(version, router.conversation("c-1").version());
        assertEquals(1, router.load("rep-1"));
    }

    @Test
    void aDoneTwiceOrWithTheTimerReleasesOnce() {
        rep1HoldsC1AndC2Waits();
        router.end("c-1", "rep-1");
        router.wrapUpDone("rep-1", "c-1");
        // WHEN the done is repeated, and the timer fires after it: THEN the one release stands
        assertEquals("ended", router.wrapUpDone("rep-1", "c-1").status());
        router.clock.advance(Duration.ofSeconds(60));
        assertEquals(0, router.fireTimers());
        assertEquals(1, router.load("rep-1"), "c-2 only");
        assertEquals(1, router.timeline("c-1").stream().filter("wrap-up-ended:rep-1"::equals).count());
    }

    @Test
    void aLostTimerIsMadeUpByTheSweeper() {
        rep1HoldsC1AndC2Waits();
        router.end("c-1", "rep-1");
        router.timers.dueBy(router.clock.instant().plusSeconds(3600)); // the timer is lost
        router.clock.advance(Duration.ofSeconds(60));
        router.sweeper().sweep();
        assertEquals(ConversationStatus.WAITING, router.conversation("c-2").status(), "not before a lease more");
        router.clock.advance(Duration.ofSeconds(30));
        router.sweeper().sweep();
        assertEquals("rep-1", router.conversation("c-2").assignee().participantId());
        assertNull(router.conversation("c-1").nextDue());
    }

    @Test
    void aHandOnToABotHoldsTheCapacityToo() {
        rep1HoldsC1AndC2Waits();
        router.queue("bots");
        router.bot("bot-1", 5, "bots");
        // WHEN rep-1 hands c-1 to a bot: THEN the bot holds it and rep-1 wraps up
        assertEquals("assigned", router.transferToBot("c-1", "rep-1", "bots", null).status());
        assertEquals("bot-1", router.conversation("c-1").assignee().participantId());
        assertEquals(1, router.load("rep-1"));
        assertTrue(router.conversation("c-1").wrapUpOf("rep-1").isPresent());
        router.wrapUpDone("rep-1", "c-1");
        assertEquals("rep-1", router.conversation("c-2").assignee().participantId());
    }

    @Test
    void aTransferToARepresentativeWithRoomHoldsTheSendersCapacityAndClaimsNobodyElse() {
        rep1HoldsC1AndC2Waits();
        router.queue("billing");
        router.representative("rep-2", 1, "billing");
        router.representative("rep-3", 1, "billing");
        // WHEN rep-1 transfers c-1 to billing: THEN one of billing takes it, and rep-1 wraps up
        var answer = router.transferTo("c-1", "rep-1", "billing");
        assertEquals("assigned", answer.status());
        assertEquals(1, router.load("rep-2") + router.load("rep-3"), "one claim in billing, not two");
        assertEquals(1, router.load("rep-1"));
        assertTrue(router.conversation("c-1").wrapUpOf("rep-1").isPresent());
        assertEquals(ConversationStatus.WAITING, router.conversation("c-2").status());
    }

    @Test
    void aSenderThatKeptItCompanyWrapsUpWhenItIsHandedOutAndItsTimerIsSet() {
        // GIVEN rep-1 transferred c-1 to rep-2, which holds c-2, waiting for it (rep-1 keeps c-1 meanwhile)
        router.queue(new Queue("support", "support", 1, 0, 1, AssignmentMethod.HIGHEST_CAPACITY, null, List.of(),
                List.of(), 60));
        router.representative("rep-1", 1, "support");
        router.start("c-1", "support");
        router.representative("rep-2", 1, "support");
        router.start("c-2", "support");
        assertEquals("waiting", router.transfer("c-1", "rep-1", "rep-2", 600).status());
        // WHEN rep-2 ends c-2: THEN its wrap-up holds its room, and c-1 waits on
        router.end("c-2", "rep-2");
        assertEquals("rep-1", router.conversation("c-1").assignee().participantId());
        // WHEN rep-2 is done: THEN c-1 is handed to it, and rep-1 starts wrapping c-1 up
        router.wrapUpDone("rep-2", "c-2");
        assertEquals("rep-2", router.conversation("c-1").assignee().participantId());
        assertTrue(router.conversation("c-1").wrapUpOf("rep-1").isPresent());
        assertEquals(1, router.load("rep-1"));
        // WHEN its time passes: THEN the timer the hand-out set frees rep-1
        router.clock.advance(Duration.ofSeconds(60));
        assertEquals(1, router.fireTimers());
        assertEquals(0, router.load("rep-1"));
    }

    @Test
    void aQueueWithoutWrapUpFreesAtOnce() {
        router.queue("support");
        router.representative("rep-1", 1, "support");
        router.start("c-1", "support");
        router.start("c-2", "support");
        router.end("c-1", "rep-1");
        assertEquals("rep-1", router.conversation("c-2").assignee().participantId());
        assertEquals(List.of(), router.conversation("c-1").wrapUps());
    }

    @Test
    void aDoneByOneThatNeverHeldItOrStillHoldsItIsRejectedAndChangesNothing() {
        rep1HoldsC1AndC2Waits();
        router.representative("rep-2", 1, "support");
        // rep-2 never held c-1
        var stranger = assertThrows(Rejection.class, () -> router.wrapUpDone("rep-2", "c-1"));
        assertEquals(ErrorCode.NOT_ASSIGNEE, stranger.code());
        assertEquals(Subject.PARTICIPANT, stranger.subject());
        // rep-1 still holds it
        long version = router.conversation("c-1").version();
        var holding = assertThrows(Rejection.class, () -> router.wrapUpDone("rep-1", "c-1"));
        assertEquals(ErrorCode.INVALID_STATE, holding.code());
        assertEquals(version, router.conversation("c-1").version());
        assertEquals(1, router.load("rep-1"));
    }
}
