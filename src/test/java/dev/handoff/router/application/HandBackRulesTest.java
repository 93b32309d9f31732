package dev.handoff.router.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.handoff.router.domain.ConversationStatus;
import dev.handoff.router.domain.ErrorCode;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.Rejection;

/**
 * A representative's transfer back to a bot that may wait for one ({@code waitForBot}), and the swap that keeps a
 * hand-back and an escalation from waiting on each other forever: every bot and every representative full, each
 * keeping a conversation that waits for the other kind.
 */
class HandBackRulesTest {
    private final InMemoryRouter router = new InMemoryRouter();

    /**
     * front (bots) and desk (rep-1, room for one). bot-1 greeted c-1, which rep-1 holds now; bot-1 holds c-2 and bot-2
     * c-3: every bot and representative is full.
     */
    private void everyoneFull() {
        router.queue("front");
        router.queue("desk");
        router.bot("bot-1", 1, "front");
        router.representative("rep-1", 1, "desk");
        router.start("c-1", "front");
        assertEquals("rep-1", router.escalateTo("c-1", "bot-1", "desk").assignee().participantId());
        router.start("c-2", "front");
        router.bot("bot-2", 1, "front");
        router.start("c-3", "front");
        assertEquals("bot-1", router.conversation("c-2").assignee().participantId());
        assertEquals("bot-2", router.conversation("c-3").assignee().participantId());
    }

    @Test
    void withoutWaitForBotAHandBackThatFindsNoBotIsRejectedAsBefore() {
        everyoneFull();
        var refused = assertThrows(Rejection.class, () -> router.transferToBot("c-1", "rep-1", "front", null));
        assertEquals(ErrorCode.NO_BOT_AVAILABLE, refused.code());
        assertEquals("rep-1", router.conversation("c-1").assignee().participantId());
    }

    @Test
    void aHandBackWaitsForABotThatHasNotServedItWhileTheRepresentativeKeepsIt() {
        everyoneFull();
        // WHEN rep-1 hands c-1 back, waiting for a bot: THEN it waits in front's bot line, rep-1 keeping it
        var answer = router.transferToBotWaiting("c-1", "rep-1", "front");
        assertEquals("waiting", answer.status());
        assertEquals("rep-1", router.conversation("c-1").assignee().participantId());
        assertEquals(List.of("c-1"), router.waiting("front", KindNeeded.BOT));
        // WHEN bot-1, which served c-1, frees room: THEN it does not take c-1 back
        router.end("c-2", "bot-1");
        assertEquals(ConversationStatus.WAITING, router.conversation("c-1").status());
        // WHEN bot-2 frees room: THEN it takes c-1 and greets, and rep-1 is let go
        router.end("c-3", "bot-2");
        assertEquals("bot-2", router.conversation("c-1").assignee().participantId());
        assertEquals(0, router.load("rep-1"));
        assertTrue(router.transcript("c-1").stream().anyMatch(line -> line.startsWith("bot-2: ")));
    }

    @Test
    void aHandBackAndAnEscalationWaitingOnEachOtherAreSwapped() {
        everyoneFull();
        // GIVEN bot-2 escalates c-3 to desk: rep-1 is full, so c-3 waits, bot-2 keeping it
        assertEquals("waiting", router.escalateTo("c-3", "bot-2", "desk").status());
        // WHEN rep-1 hands c-1 back, waiting for a bot: nobody has room, and nothing would ever move
        var answer = router.transferToBotWaiting("c-1", "rep-1", "front");
        // THEN the two holders swap: bot-2 takes c-1 (and greets), rep-1 takes c-3
        assertEquals("assigned", answer.status());
        assertEquals("bot-2", answer.assignee().participantId());
        assertTrue(answer.greeting() != null, "the answer carries bot-2's greeting, as a transfer's does");
        assertEquals("rep-1", router.conversation("c-3").assignee().participantId());
        assertEquals(1, router.load("rep-1"));
        assertEquals(1, router.load("bot-2"));
        assertEquals(1, router.load("bot-1"));
        assertEquals(List.of(), router.waiting("front", KindNeeded.BOT));
        assertEquals(List.of(), router.waiting("desk", KindNeeded.REPRESENTATIVE));
        assertTrue(router.timeline("c-1").contains("swapped:bot-2"));
        assertTrue(router.timeline("c-3").contains("swapped:rep-1"));
        assertTrue(router.transcript("c-1").stream().anyMatch(line -> line.startsWith("bot-2: ")));
    }

    @Test
    void anEscalationThatFindsAHandBackWaitingForItsBotIsSwappedToo() {
        everyoneFull();
        // GIVEN rep-1 hands c-1 back first: it waits (no escalation waits yet)
        assertEquals("waiting", router.transferToBotWaiting("c-1", "rep-1", "front").status());
        // WHEN bot-2 escalates c-3: THEN rep-1 takes it at once, and bot-2 takes c-1
        var answer = router.escalateTo("c-3", "bot-2", "desk");
        assertEquals("assigned", answer.status());
        assertEquals("rep-1", answer.assignee().participantId());
        assertEquals("bot-2", router.conversation("c-1").assignee().participantId());
        assertEquals(1, router.load("rep-1"));
        assertEquals(1, router.load("bot-2"));
    }

    @Test
    void aHandBackAndAnEscalationThatMissedEachOtherAreSwappedByTheSweeper() {
        everyoneFull();
        // GIVEN rep-1 away (busy) while bot-2 escalates c-3 and rep-1 hands c-1 back: neither swaps then
        router.presence("rep-1", dev.handoff.router.domain.Presence.BUSY);
        assertEquals("waiting", router.escalateTo("c-3", "bot-2", "desk").status());
        assertEquals("waiting", router.transferToBotWaiting("c-1", "rep-1", "front").status());
        // WHEN rep-1 is back: it has no room, so nothing moves
        router.presence("rep-1", dev.handoff.router.domain.Presence.AVAILABLE);
        assertEquals("bot-2", router.conversation("c-3").assignee().participantId());
        // WHEN the sweeper runs before they waited a lease: THEN it leaves them (their own events may still swap)
        assertEquals(0, router.sweeper().sweep().swapsMade());
        // WHEN it runs a lease later: THEN it swaps them
        router.clock.advance(java.time.Duration.ofSeconds(31));
        assertEquals(1, router.sweeper().sweep().swapsMade());
        assertEquals("bot-2", router.conversation("c-1").assignee().participantId());
        assertEquals("rep-1", router.conversation("c-3").assignee().participantId());
        assertEquals(1, router.load("rep-1"));
        assertEquals(1, router.load("bot-2"));
        assertEquals(0, router.sweeper().sweep().swapsMade());
    }

    @Test
    void noSwapWithABotThatServedTheHandBack() {
        everyoneFull();
        // GIVEN bot-1 (which served c-1) escalates c-2: it waits, bot-1 keeping it
        assertEquals("waiting", router.escalateTo("c-2", "bot-1", "desk").status());
        // WHEN rep-1 hands c-1 back, waiting: THEN bot-1 may not take c-1 back, so no swap; both wait
        assertEquals("waiting", router.transferToBotWaiting("c-1", "rep-1", "front").status());
        assertEquals("bot-1", router.conversation("c-2").assignee().participantId());
        assertEquals("rep-1", router.conversation("c-1").assignee().participantId());
    }
}
