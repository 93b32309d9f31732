package dev.handoff.router.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.Queue;

/**
 * Priority and aging over in-memory stores with a settable clock (the order's store semantics are proven against
 * dynalite by the store contract, and the hand-outs by {@code routing.PriorityTest}): the next conversation handed out
 * is the one with the highest priority plus the points it gained waiting, a participant serving several queues serves
 * the higher queue first, and a place in line counts who is ahead while priorities are in play.
 */
class PriorityRulesTest {
    private final InMemoryRouter router = new InMemoryRouter();

    @Test
    void theHighestPriorityPlusAgingIsServedFirst() {
        // GIVEN a queue that ages one point a minute, its representative busy with c-0
        router.queue(new Queue("q", "Q", 1, 0, 1));
        router.representative("rep-1", 1, "q");
        router.start("c-0", "q");
        // WHEN c-1 (priority 0) waits, then five minutes later c-2 (priority 10) and c-3 (priority 3)
        assertEquals(1, router.start("c-1", "q", 0).position());
        router.clock.advance(Duration.ofMinutes(5));
        assertEquals(1, router.start("c-2", "q", 10).position(), "10 points beat 5 minutes of waiting");
        assertEquals(3, router.start("c-3", "q", 3).position(), "3 points do not");
        assertEquals(2, repeatOfStart("c-1", 0).position(), "c-1 was passed by c-2");
        // THEN each release hands out the highest score: c-2 (10 + 0), then c-1 (0 + 5), then c-3 (3 + 0)
        assertEquals(List.of("c-2", "c-1", "c-3"), servedInTurn("c-0", "c-2", "c-1"));
    }

    @Test
    void waitingLongEnoughBeatsAHigherPriority() {
        // GIVEN c-1 with no priority waiting eleven minutes when c-2 comes with 10 points (one point a minute)
        assertEquals(2, elevenMinutesThenTenPoints(1).position());
        // THEN c-1 (11 points by now) is served before c-2 (10)
        assertEquals(List.of("c-1", "c-2"), servedInTurn("c-0", "c-1"));
    }

    @Test
    void aSlowerAgingMakesAPointWorthMoreWaiting() {
        // GIVEN the same in a queue that ages half a point a minute: a point is worth two minutes of waiting
        assertEquals(1, elevenMinutesThenTenPoints(0.5).position());
        // THEN c-2's 10 points (20 minutes' worth) beat c-1's 11 minutes
        assertEquals(List.of("c-2", "c-1"), servedInTurn("c-0", "c-2"));
    }

    /** The representative busy with c-0; c-1 (priority 0) waits 11 minutes, then c-2 (priority 10) joins. */
    private Answers.RoutingAnswer elevenMinutesThenTenPoints(double agingPerMinute) {
        router.queue(new Queue("q", "Q", 1, 0, agingPerMinute));
        router.representative("rep-1", 1, "q");
        router.start("c-0", "q");
        router.start("c-1", "q", 0);
        router.clock.advance(Duration.ofMinutes(11));
        return router.start("c-2", "q", 10);
    }

    @Test
    void aParticipantOfSeveralQueuesServesTheHigherQueueFirst() {
        // GIVEN a representative of a low and a high queue, busy; c-1 waits in the low one, c-2 later in the high one
        router.queue(new Queue("low", "Low", 1, 0, 1));
        router.queue(new Queue("high", "High", 1, 5, 1));
        router.representative("rep-1", 1, List.of("low", "high"));
        router.start("c-0", "low");
        router.start("c-1", "low", 100);
        router.clock.advance(Duration.ofMinutes(30));
        router.start("c-2", "high", 0);
        // THEN the high queue's c-2 goes first, whatever c-1's own priority and wait
        assertEquals(List.of("c-2", "c-1"), servedInTurn("c-0", "c-2"));
    }

    @Test
    void anEscalationMayRaiseThePriorityAndOtherwiseKeepsIt() {
        // GIVEN the representative busy, and three bots' conversations: c-1 started with priority 2
        router.queue(new Queue("q", "Q", 1, 0, 1));
        router.representative("rep-1", 1, "q");
        router.start("c-0", "q");
        router.bot("bot-a", 3, "q");
        router.start("c-1", "q", 2);
        router.start("c-2", "q");
        router.start("c-3", "q");
        // WHEN c-1 and c-2 escalate as they are, and c-3 a minute later with priority 9
        assertEquals(1, router.escalate("c-1", "bot-a").position());
        assertEquals(2, router.escalate("c-2", "bot-a").position());
        router.clock.advance(Duration.ofMinutes(1));
        assertEquals(1, router.escalate("c-3", "bot-a", 9).position());
        // THEN c-3 is served first, then c-1 (its priority 2 kept), then c-2
        assertEquals(2, router.conversation("c-1").priority());
        assertEquals(List.of("c-3", "c-1", "c-2"), servedInTurn("c-0", "c-3", "c-1"));
    }

    @Test
    void placesComeFromTicketsAgainOnceNobodyWithAPriorityWaits() {
        // GIVEN a line where c-1 (priority 4) waits ahead of c-2
        router.queue(new Queue("q", "Q", 1, 0, 1));
        router.representative("rep-1", 1, "q");
        router.start("c-0", "q");
        router.start("c-2", "q", 0);
        assertEquals(1, router.start("c-1", "q", 4).position());
        assertEquals(1, line().prioritizedWaiting());
        // WHEN c-1 is served
        router.end("c-0", "cust-c-0");
        assertEquals("rep-1", router.conversation("c-1").assignee().participantId());
        // THEN the line counts nobody with a priority, and c-2's place comes from its ticket again
        assertEquals(0, line().prioritizedWaiting());
        assertEquals(1, repeatOfStart("c-2", 0).position());
    }

    @Test
    void theSweeperCountsOutAPriorityTicketNeverUsed() {
        // GIVEN a ticket with a priority taken by a step that died before its write
        router.queue(new Queue("q", "Q", 1, 0, 1));
        router.representative("rep-1", 1, "q");
        router.start("c-0", "q");
        router.queues.takeTicket("q", KindNeeded.ANY, true, router.clock.instant());
        assertEquals(1, line().prioritizedWaiting());
        // WHEN the sweeper runs once the lease has passed
        router.clock.advance(Duration.ofSeconds(31));
        router.sweeper().sweep();
        // THEN the line counts nobody, with a priority or not
        assertEquals(0, line().waiting());
        assertEquals(0, line().prioritizedWaiting());
    }

    /**
     * Ends each conversation in turn (by its customer) and answers the conversation the representative took after
     * each end (c-1 to c-9 looked at).
     */
    private List<String> servedInTurn(String... ended) {
        var served = new java.util.ArrayList<String>();
        for (String conversation : ended) {
            router.end(conversation, "cust-" + conversation);
            for (int i = 1; i <= 9; i++) {
                String id = "c-" + i;
                var found = router.conversations.find(id);
                if (found.isPresent() && found.get().isHeldBy("rep-1") && !served.contains(id)
                        && found.get().status() == dev.handoff.router.domain.ConversationStatus.ASSIGNED) {
                    served.add(id);
                }
            }
        }
        return served;
    }

    private Answers.RoutingAnswer repeatOfStart(String conversation, int priority) {
        var answer = router.start(conversation, "q", priority);
        assertEquals(true, answer.duplicate());
        return answer;
    }

    private dev.handoff.router.domain.LineCount line() {
        return router.queues.lines(List.of("q")).get("q").get(KindNeeded.ANY);
    }
}
