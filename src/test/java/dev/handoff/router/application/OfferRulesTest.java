package dev.handoff.router.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.handoff.router.domain.AssignmentMethod;
import dev.handoff.router.domain.ConversationStatus;
import dev.handoff.router.domain.ErrorCode;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.OfferPolicy;
import dev.handoff.router.domain.Presence;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.Rejection;
import dev.handoff.router.domain.Subject;

/**
 * A queue's {@code offer}: a representative it picks is offered the conversation, its capacity held, and must accept
 * it ({@code conversation.accept}) within the timeout; a decline or the deadline (a timer, fired by hand after the
 * settable clock moves) sends it to the next representative, never back to one that declined or missed it; after the
 * decline limit a representative is set away. Meanwhile the escalating bot keeps the customer company, and the
 * customer's channel hears of the representative only once it accepted.
 */
class OfferRulesTest {
    private static final int TIMEOUT = 30;
    private final InMemoryRouter router = new InMemoryRouter();

    /** A bot in "front" holds c-1 (its channel told); "support" offers for 30 s, limit 2; rep-1 has most room. */
    private void botHoldsC1() {
        router.queue("front");
        router.queue(offering(2));
        router.bot("bot-1", 1, "front");
        router.representativeWithDesk("rep-1", 2, "support");
        router.representativeWithDesk("rep-2", 1, "support");
        router.channel("web");
        router.start("c-1", "front", "web");
        assertEquals("bot-1", router.conversation("c-1").assignee().participantId());
    }

    private static Queue offering(int declineLimit) {
        return new Queue("support", "support", 1, 0, 1, AssignmentMethod.HIGHEST_CAPACITY, null, List.of(),
                List.of(), 0, new OfferPolicy(TIMEOUT, declineLimit));
    }

    @Test
    void anEscalationIsOfferedAndTheAcceptMakesTheHolderAndTellsTheCustomerThen() {
        botHoldsC1();
        var escalated = router.escalateTo("c-1", "bot-1", "support");
        // THEN it waits for rep-1's answer, out of the line: the bot keeps it, rep-1's capacity is held
        assertEquals("waiting", escalated.status());
        assertEquals("rep-1", escalated.offer().participantId());
        assertEquals(router.clock.instant().plusSeconds(TIMEOUT), escalated.offer().until());
        assertNull(escalated.position());
        assertEquals("bot-1", router.conversation("c-1").assignee().participantId());
        assertEquals(1, router.load("rep-1"));
        assertEquals(1, router.load("bot-1"));
        assertEquals(List.of(), router.waiting("support", KindNeeded.REPRESENTATIVE));
        assertFalse(router.told(InMemoryRouter.channelUrl("web")).contains("assigned:rep-1"));
        // AND rep-1's desk was offered it, with its deadline, the customer and what was said
        assertEquals(List.of("offered"), router.told(InMemoryRouter.deskUrl("rep-1")));
        Map<String, Object> offered = router.listeners.postsTo(InMemoryRouter.deskUrl("rep-1")).get(0).body();
        assertEquals(escalated.offer().until().toString(), offered.get("expiresAt"));
        assertEquals("cust-c-1", ((Map<?, ?>) offered.get("customer")).get("id"));
        assertFalse(((List<?>) offered.get("transcript")).isEmpty(), "the bot's greeting");
        // AND what the customer says meanwhile goes to the bot, and rep-1's desk follows it
        router.say("c-1", "cust-c-1", "Still there?");
        assertEquals(List.of("offered", "message:cust-c-1: Still there?"),
                router.told(InMemoryRouter.deskUrl("rep-1")));
        // WHEN rep-1 accepts: THEN it holds it, the bot is let go, and only now the channel hears of it
        var accepted = router.accept("rep-1", "c-1");
        assertEquals("assigned", accepted.status());
        assertEquals("rep-1", accepted.assignee().participantId());
        assertNull(accepted.offer());
        assertEquals(0, router.load("bot-1"));
        assertEquals(1, router.load("rep-1"));
        var channel = router.told(InMemoryRouter.channelUrl("web"));
        assertEquals("assigned:rep-1", channel.get(channel.size() - 1));
        assertEquals(List.of("offered", "message:cust-c-1: Still there?", "assigned"),
                router.told(InMemoryRouter.deskUrl("rep-1")));
        var timeline = router.timeline("c-1");
        assertEquals(List.of("offered:rep-1", "accepted:rep-1", "assigned:rep-1", "disconnected:bot-1"),
                timeline.subList(timeline.indexOf("offered:rep-1"), timeline.size()));
        // AND the accept said again is a repeat that changes nothing
        long version = router.conversation("c-1").version();
        assertTrue(router.accept("rep-1", "c-1").duplicate());
        assertEquals(version, router.conversation("c-1").version());
        assertEquals(1, router.load("rep-1"));
    }

    @Test
    void aDeclineSendsItToTheNextAndNeverBackToOneThatDeclined() {
        botHoldsC1();
        router.escalateTo("c-1", "bot-1", "support");
        // WHEN rep-1 declines: THEN rep-2 is offered it, rep-1's capacity is freed, the bot still keeps it
        var declined = router.decline("rep-1", "c-1");
        assertEquals("rep-2", declined.offer().participantId());
        assertEquals(0, router.load("rep-1"));
        assertEquals(1, router.load("rep-2"));
        assertEquals("bot-1", router.conversation("c-1").assignee().participantId());
        // WHEN rep-2 declines too: THEN nobody else qualifies; it waits in its line, the bot keeping it
        var again = router.decline("rep-2", "c-1");
        assertEquals("waiting", again.status());
        assertNull(again.offer());
        assertEquals(1, again.position());
        assertEquals(List.of("c-1"), router.waiting("support", KindNeeded.REPRESENTATIVE));
        assertEquals(0, router.load("rep-2"));
        // WHEN rep-1 says it is available again: THEN it is not offered c-1 again
        router.presence("rep-1", Presence.AVAILABLE);
        assertNull(router.conversation("c-1").offer());
        // WHEN rep-3 joins: THEN it is offered c-1
        router.representativeWithDesk("rep-3", 1, "support");
        assertEquals("rep-3", router.conversation("c-1").offer().holder().participantId());
        assertEquals(List.of(), router.waiting("support", KindNeeded.REPRESENTATIVE));
        assertEquals("declined:rep-1", router.timeline("c-1").stream().filter(e -> e.startsWith("declined"))
                .findFirst().orElseThrow());
    }

    @Test
    void noAnswerByTheDeadlineExpiresTheOfferByItsTimer() {
        botHoldsC1();
        router.escalateTo("c-1", "bot-1", "support");
        // WHEN 29 s pass: THEN nothing moves
        router.clock.advance(Duration.ofSeconds(TIMEOUT - 1));
        assertEquals(0, router.fireTimers());
        assertEquals("rep-1", router.conversation("c-1").offer().holder().participantId());
        // WHEN the 30th passes: THEN the timer expires it, rep-1's desk is told, and rep-2 is offered it
        router.clock.advance(Duration.ofSeconds(1));
        assertEquals(1, router.fireTimers());
        assertEquals("rep-2", router.conversation("c-1").offer().holder().participantId());
        assertEquals(0, router.load("rep-1"));
        assertEquals(List.of("offered", "offer-expired"), router.told(InMemoryRouter.deskUrl("rep-1")));
        assertEquals("timeout", router.listeners.postsTo(InMemoryRouter.deskUrl("rep-1")).get(1).body().get("reason"));
        assertEquals(1, router.participant("rep-1").missedOffers());
        // AND rep-1's accept, late, is refused: it is not offered to rep-1 any more
        var late = assertThrows(Rejection.class, () -> router.accept("rep-1", "c-1"));
        assertEquals(ErrorCode.NOT_ASSIGNEE, late.code());
    }

    @Test
    void aTransferToANamedRepresentativeIsOfferedToItAndDeclinedOpensToTheQueue() {
        router.queue(offering(0));
        router.representative("rep-1", 2, "support");
        router.representative("rep-2", 1, "support");
        router.representative("rep-3", 1, "support");
        router.start("c-1", "support");
        router.accept("rep-1", "c-1");
        // WHEN rep-1 transfers c-1 to rep-2 by name: THEN rep-2 is offered it, rep-1 keeping it meanwhile
        var transferred = router.transfer("c-1", "rep-1", "rep-2", null);
        assertEquals("rep-2", transferred.offer().participantId());
        assertEquals("rep-1", router.conversation("c-1").assignee().participantId());
        // WHEN rep-2 declines: THEN it is open to anyone of support but the sender: rep-3 is offered it
        assertEquals("rep-3", router.decline("rep-2", "c-1").offer().participantId());
        router.accept("rep-3", "c-1");
        assertEquals("rep-3", router.conversation("c-1").assignee().participantId());
        assertEquals(0, router.load("rep-1"));
        assertEquals(0, router.load("rep-2"));
    }

    @Test
    void anOfferWhoseTimerWasLostIsExpiredByTheSweeperALeaseLater() {
        botHoldsC1();
        router.escalateTo("c-1", "bot-1", "support");
        router.timers.dueBy(router.clock.instant().plusSeconds(3600)); // the timer is lost
        router.clock.advance(Duration.ofSeconds(TIMEOUT));
        router.sweeper().sweep();
        assertEquals("rep-1", router.conversation("c-1").offer().holder().participantId(), "not before a lease more");
        router.clock.advance(Duration.ofSeconds(30));
        router.sweeper().sweep();
        assertEquals("rep-2", router.conversation("c-1").offer().holder().participantId());
        assertEquals(0, router.load("rep-1"));
        assertEquals(1, router.participant("rep-1").missedOffers());
    }

    @Test
    void anAcceptAfterTheDeadlineIsRefusedAndChangesNothingEvenBeforeTheTimer() {
        botHoldsC1();
        router.escalateTo("c-1", "bot-1", "support");
        router.clock.advance(Duration.ofSeconds(TIMEOUT));
        long version = router.conversation("c-1").version();
        var late = assertThrows(Rejection.class, () -> router.accept("rep-1", "c-1"));
        assertEquals(ErrorCode.OFFER_EXPIRED, late.code());
        assertEquals(Subject.PARTICIPANT, late.subject());
        assertEquals(version, router.conversation("c-1").version());
        assertEquals(1, router.load("rep-1"));
        assertEquals("bot-1", router.conversation("c-1").assignee().participantId());
    }

    @Test
    void theDeclineLimitSetsARepresentativeAwayUntilItSaysOtherwise() {
        botHoldsC1();
        router.bot("bot-2", 1, "front");
        router.start("c-2", "front");
        router.escalateTo("c-1", "bot-1", "support");
        router.decline("rep-1", "c-1"); // one miss; c-1 goes to rep-2, which takes it
        router.accept("rep-2", "c-1");
        router.escalateTo("c-2", "bot-2", "support");
        assertEquals("rep-1", router.conversation("c-2").offer().holder().participantId());
        // WHEN rep-1 lets c-2's offer expire: THEN that is two in a row, and rep-1 is set away
        router.clock.advance(Duration.ofSeconds(TIMEOUT));
        router.fireTimers();
        assertEquals(Presence.AWAY, router.participant("rep-1").presence());
        assertEquals(0, router.load("rep-1"));
        // AND c-2 waits (rep-2 is full, rep-1 away), nobody is offered it
        assertEquals(List.of("c-2"), router.waiting("support", KindNeeded.REPRESENTATIVE));
        // WHEN rep-1 says it is available: THEN its count starts again, and c-2 is not offered to it again
        router.presence("rep-1", Presence.AVAILABLE);
        assertEquals(0, router.participant("rep-1").missedOffers());
        assertNull(router.conversation("c-2").offer());
    }

    @Test
    void anAcceptClearsTheMissesInARow() {
        botHoldsC1();
        router.bot("bot-2", 1, "front");
        router.start("c-2", "front");
        router.escalateTo("c-1", "bot-1", "support");
        router.decline("rep-1", "c-1");
        assertEquals(1, router.participant("rep-1").missedOffers());
        router.escalateTo("c-2", "bot-2", "support");
        router.accept("rep-1", "c-2");
        assertEquals(0, router.participant("rep-1").missedOffers());
        assertEquals(Presence.AVAILABLE, router.participant("rep-1").presence());
    }

    @Test
    void anAnswerByAnyoneElseIsRefusedAndChangesNothing() {
        botHoldsC1();
        router.escalateTo("c-1", "bot-1", "support");
        long version = router.conversation("c-1").version();
        var accept = assertThrows(Rejection.class, () -> router.accept("rep-2", "c-1"));
        assertEquals(ErrorCode.NOT_ASSIGNEE, accept.code());
        assertEquals(Subject.PARTICIPANT, accept.subject());
        var decline = assertThrows(Rejection.class, () -> router.decline("bot-1", "c-1"));
        assertEquals(ErrorCode.INVALID_STATE, decline.code(), "the bot holds it");
        assertEquals(version, router.conversation("c-1").version());
        assertEquals(0, router.load("rep-2"));
        assertEquals(0, router.participant("rep-2").missedOffers());
    }

    @Test
    void theCustomerEndingItWhileOfferedFreesBothClaims() {
        botHoldsC1();
        router.escalateTo("c-1", "bot-1", "support");
        assertEquals("ended", router.end("c-1", "cust-c-1").status());
        assertEquals(0, router.load("rep-1"));
        assertEquals(0, router.load("bot-1"));
        assertNull(router.conversation("c-1").offer());
        assertEquals(List.of("offered", "offer-expired"), router.told(InMemoryRouter.deskUrl("rep-1")));
        assertEquals("ended", router.listeners.postsTo(InMemoryRouter.deskUrl("rep-1")).get(1).body().get("reason"));
        assertThrows(Rejection.class, () -> router.accept("rep-1", "c-1"));
    }

    @Test
    void aRepresentativeThatJoinsIsOfferedTheLineAndTheAdminAnswerListsNothingGivenYet() {
        router.queue(offering(0));
        assertEquals(1, router.start("c-1", "support").position());
        // WHEN rep-1 joins: THEN c-1 (held by nobody) is offered to it, and the upsert's answer lists no assignment
        var joined = (Answers.AdminAnswer) router.send(new InMemoryRouter.Event("join-rep-1",
                new Commands.UpsertParticipant("rep-1", dev.handoff.router.domain.ParticipantKind.REPRESENTATIVE,
                        "rep-1", 1, List.of("support"), Presence.AVAILABLE, null), "h-join-rep-1"));
        assertEquals("ok", joined.status());
        assertEquals(List.of(), joined.assigned());
        assertEquals("rep-1", router.conversation("c-1").offer().holder().participantId());
        assertNull(router.conversation("c-1").assignee());
        assertEquals(1, router.load("rep-1"));
    }

    @Test
    void aNewConversationIsOfferedToo_andAFreedRepresentativeIsOfferedTheLine() {
        router.queue(offering(0));
        router.representativeWithDesk("rep-1", 1, "support");
        router.channel("web");
        var started = router.start("c-1", "support", "web");
        assertEquals("rep-1", started.offer().participantId());
        assertEquals(List.of("waiting:null"), router.told(InMemoryRouter.channelUrl("web")));
        // c-2 waits in the line while rep-1's capacity is held by the offer
        assertEquals(1, router.start("c-2", "support").position());
        router.accept("rep-1", "c-1");
        assertEquals(List.of("waiting:null", "assigned:rep-1"), router.told(InMemoryRouter.channelUrl("web")));
        // WHEN rep-1 ends c-1: THEN its freed room is offered c-2 from the line
        router.end("c-1", "rep-1");
        assertEquals("rep-1", router.conversation("c-2").offer().holder().participantId());
        assertEquals(ConversationStatus.WAITING, router.conversation("c-2").status());
        assertEquals(List.of(), router.waiting("support", KindNeeded.ANY));
        router.accept("rep-1", "c-2");
        assertEquals("rep-1", router.conversation("c-2").assignee().participantId());
        assertEquals(1, router.load("rep-1"));
    }
}
