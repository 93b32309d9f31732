package dev.handoff.router.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.LineCount;

/**
 * The waiting lines' counters over in-memory stores (their store semantics proven against dynalite by the store
 * contract): a place comes from a ticket and moves up as the line is served, a step that decides again after a stale
 * write keeps its ticket, and a ticket a step took and never used (it died before its write) is counted out by the
 * sweeper once the lease has passed; a wait is estimated from the line's latest hand-outs (settable clock).
 */
class WaitingLinesRulesTest {
    private final InMemoryRouter router = new InMemoryRouter();

    @Test
    void placesComeFromTicketsAndMoveUpAsTheLineIsServed() {
        // GIVEN a representative busy with c-1, and three conversations waiting behind it
        router.queue("q");
        router.representative("rep-1", 1, "q");
        assertEquals("assigned", router.start("c-1", "q").status());
        // THEN each is told its place as it joins
        assertEquals(List.of(1, 2, 3), List.of(router.start("c-2", "q").position(),
                router.start("c-3", "q").position(), router.start("c-4", "q").position()));
        // WHEN c-1 ends, so that c-2 is handed out
        router.end("c-1", "cust-c-1");
        assertEquals("rep-1", router.conversation("c-2").assignee().participantId());
        // THEN a repeat of c-4's start tells its place now, and the line's counters say two wait
        var repeat = (Answers.RoutingAnswer) router.send(router.startEvent("c-4", "q"));
        assertEquals(true, repeat.duplicate());
        assertEquals(2, repeat.position());
        assertEquals(2, line("q").waiting());
        // AND when c-3 ends while it waits, c-4 is next, and one waits
        router.end("c-3", "cust-c-3");
        assertEquals(1, ((Answers.RoutingAnswer) router.send(router.startEvent("c-4", "q"))).position());
        assertEquals(1, line("q").waiting());
    }

    @Test
    void aWaitIsEstimatedAtThePaceOfTheLinesLatestHandOuts() {
        // GIVEN a representative busy with c-1, and c-2 waiting: the line has handed out nothing yet
        router.queue("q");
        router.representative("rep-1", 1, "q");
        router.start("c-1", "q");
        var first = router.start("c-2", "q");
        assertEquals(1, first.position());
        assertNull(first.estimatedWaitSeconds(), "no hand-out to estimate from");
        // WHEN c-3 and c-4 join, and c-1 and c-2 end four minutes apart, each handing out the next
        router.start("c-3", "q");
        router.start("c-4", "q");
        router.clock.advance(Duration.ofMinutes(1));
        router.end("c-1", "cust-c-1");
        router.clock.advance(Duration.ofMinutes(4));
        router.end("c-2", "cust-c-2");
        assertEquals(List.of("c-4"), router.waiting("q", KindNeeded.ANY));
        // THEN a new start, second in line behind c-4, is told 4 minutes: two hand-outs in the four minutes since the
        // first of them make 2 minutes a place
        var next = router.start("c-5", "q");
        assertEquals(2, next.position());
        assertEquals(240, next.estimatedWaitSeconds());
        // AND two minutes later with no hand-out, the pace is slower: 2 over 6 minutes, 3 minutes a place
        router.clock.advance(Duration.ofMinutes(2));
        var later = (Answers.RoutingAnswer) router.send(router.startEvent("c-5", "q"));
        assertEquals(360, later.estimatedWaitSeconds());
        // AND an end while waiting is no hand-out: c-4's customer leaving keeps the pace's two
        router.end("c-4", "cust-c-4");
        assertEquals(2, line("q").handedOut().size());
    }

    @Test
    void aTicketNeverUsedIsCountedOutByTheSweeperAfterTheLease() {
        // GIVEN c-2 waiting, then a ticket taken by a step that died before its write, then c-3 waiting
        router.queue("q");
        router.representative("rep-1", 1, "q");
        router.start("c-1", "q");
        assertEquals(1, router.start("c-2", "q").position());
        router.queues.takeTicket("q", KindNeeded.ANY, false, router.clock.instant());
        assertEquals(3, router.start("c-3", "q").position(), "one place too many while the ticket counts");
        assertEquals(3, line("q").waiting());
        // WHEN the sweeper runs within the lease: THEN it leaves the line alone (a step may still be joining)
        router.sweeper().sweep();
        assertEquals(3, line("q").waiting());
        // WHEN it runs once the lease has passed: THEN it counts the line again
        router.clock.advance(Duration.ofSeconds(31));
        router.sweeper().sweep();
        assertEquals(2, line("q").waiting());
        assertEquals(2, ((Answers.RoutingAnswer) router.send(router.startEvent("c-3", "q"))).position());
        // AND the line is served as before
        router.end("c-1", "cust-c-1");
        assertEquals("rep-1", router.conversation("c-2").assignee().participantId());
        assertEquals(1, line("q").waiting());
    }

    @Test
    void anEscalationThatDecidesAgainAfterAStaleWriteTakesOneTicket() {
        // GIVEN the representative busy with c-0, and bot-a holding c-1
        router.queue("q");
        router.representative("rep-1", 1, "q");
        router.start("c-0", "q");
        router.bot("bot-a", 1, "q");
        assertEquals("bot-a", router.start("c-1", "q").assignee().participantId());
        // WHEN bot-a escalates c-1 and the step's first write loses to a concurrent one
        router.conversations.loseNextReplace();
        var escalated = router.escalate("c-1", "bot-a");
        // THEN it waits first in line, and the line counts one waiting: the retry used the same ticket
        assertEquals("waiting", escalated.status());
        assertEquals(1, escalated.position());
        assertEquals(1, router.queues.lines(List.of("q")).get("q").get(KindNeeded.REPRESENTATIVE).waiting());
    }

    private LineCount line(String queue) {
        return router.queues.lines(List.of(queue)).get(queue).get(KindNeeded.ANY);
    }
}
