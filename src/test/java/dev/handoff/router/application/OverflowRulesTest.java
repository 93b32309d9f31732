package dev.handoff.router.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.handoff.router.domain.AssignmentMethod;
import dev.handoff.router.domain.ConversationStatus;
import dev.handoff.router.domain.DueTimer;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.OpeningHours;
import dev.handoff.router.domain.OverflowRule;
import dev.handoff.router.domain.Queue;

/**
 * Overflow rules and opening hours over in-memory stores with a settable clock (the router's clock starts on Thursday
 * 26 November 2026, 10:00 UTC, 11:00 in Paris): a new conversation that would wait goes where the first rule that
 * holds says, and only then.
 */
class OverflowRulesTest {
    private static final OpeningHours WEEKDAYS_IN_PARIS = new OpeningHours(ZoneId.of("Europe/Paris"),
            List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)
                    .stream().map(day -> new OpeningHours.Opening(day, 9 * 60, 17 * 60)).toList(),
            Set.of(LocalDate.parse("2026-11-27")));

    private final InMemoryRouter router = new InMemoryRouter();

    @Test
    void aClosedQueueHandsANewConversationToItsAfterHoursBot() {
        // GIVEN support, open weekdays 09:00-17:00 in Paris (closed on Friday 27 November), with no one to take a
        // conversation, and an after-hours queue with a bot
        router.queue("after-hours");
        router.bot("night-bot", 5, "after-hours");
        router.queue(queue("support", WEEKDAYS_IN_PARIS,
                new OverflowRule(new OverflowRule.Closed(), new OverflowRule.TransferToBot("after-hours"))));
        // WHEN a conversation starts while it is open: THEN it waits there
        assertEquals("waiting", router.start("c-1", "support").status());
        // WHEN one starts at 17:00 in Paris: THEN the after-hours bot has it, in its queue
        router.clock.advance(Duration.ofHours(6));
        var evening = router.start("c-2", "support");
        assertEquals("assigned", evening.status());
        assertEquals("night-bot", evening.assignee().participantId());
        assertEquals("after-hours", evening.queueId());
        assertEquals(List.of("started", "overflowed", "assigned", "bot-notified", "greeted"), events("c-2"));
        // AND on the closed date, at 10:00 in Paris, too
        router.clock.advance(Duration.ofHours(17));
        assertEquals("night-bot", router.start("c-3", "support").assignee().participantId());
        // AND on Monday at 10:00 it waits in support again
        router.clock.advance(Duration.ofDays(3));
        assertEquals("waiting", router.start("c-4", "support").status());
        assertEquals("support", router.conversation("c-4").queueId());
    }

    @Test
    void aFullLineSendsTheNextToAnotherQueueWhereItIsRoutedOrWaits() {
        // GIVEN sales, whose line holds at most 2, overflowing to support, whose representative has room for one
        router.queue("support");
        router.representative("rep-s", 1, "support");
        router.queue(queue("sales", null,
                new OverflowRule(new OverflowRule.MaxWaiting(2), new OverflowRule.TransferToQueue("support"))));
        // WHEN four conversations start in sales, where nobody serves
        assertEquals(List.of("waiting", "waiting"), List.of(router.start("c-1", "sales").status(),
                router.start("c-2", "sales").status()));
        var third = router.start("c-3", "sales");
        var fourth = router.start("c-4", "sales");
        // THEN the third goes to support's representative, the fourth waits in support's line, first
        assertEquals("rep-s", third.assignee().participantId());
        assertEquals("support", third.queueId());
        assertEquals("waiting", fourth.status());
        assertEquals("support", fourth.queueId());
        assertEquals(1, fourth.position());
        // AND the line of sales still holds two: the overflow took no ticket there
        assertEquals(2, router.queues.lines(List.of("sales")).get("sales")
                .get(dev.handoff.router.domain.KindNeeded.ANY).waiting());
    }

    @Test
    void anEndRuleEndsItAndTellsTheCustomerWhy() {
        // GIVEN a queue closed on its closed date that ends what would wait, with a channel to tell
        router.channel("webchat");
        router.queue(queue("support", WEEKDAYS_IN_PARIS, new OverflowRule(new OverflowRule.Closed(),
                new OverflowRule.End("We are closed; we open again on Monday at 09:00."))));
        router.clock.advance(Duration.ofDays(1));
        // WHEN a conversation starts there
        var answer = router.start("c-1", "support", "webchat");
        // THEN it has ended, holding nothing, and the channel was told why
        assertEquals("ended", answer.status());
        assertNull(answer.assignee());
        assertEquals(ConversationStatus.ENDED, router.conversation("c-1").status());
        assertEquals(List.of("ended"), router.told(InMemoryRouter.channelUrl("webchat")));
        assertEquals("We are closed; we open again on Monday at 09:00.", router.listeners
                .postsTo(InMemoryRouter.channelUrl("webchat")).get(0).body().get("message"));
    }

    @Test
    void theFirstRuleThatHoldsApplies() {
        // GIVEN a closed queue whose first rule (a full line) does not hold and whose second (closed) does
        router.queue("other");
        router.representative("rep-o", 1, "other");
        router.queue("night");
        router.bot("night-bot", 1, "night");
        router.queue(queue("support", WEEKDAYS_IN_PARIS,
                new OverflowRule(new OverflowRule.MaxWaiting(5), new OverflowRule.TransferToQueue("other")),
                new OverflowRule(new OverflowRule.Closed(), new OverflowRule.TransferToBot("night"))));
        router.clock.advance(Duration.ofDays(1));
        // THEN a start goes to the night bot
        assertEquals("night-bot", router.start("c-1", "support").assignee().participantId());
    }

    @Test
    void aWaitTooLongGoesWhereItsRuleSaysWhenItsTimerFiresAndOnlyThen() {
        // GIVEN sales, where nobody serves, whose rule sends who waited 60 s to support, whose representative has room
        router.queue("support");
        router.representative("rep-s", 1, "support");
        router.queue(queue("sales", null, waitedToQueue(60, "support")));
        // WHEN a conversation starts in sales: THEN it waits there, with a timer set for 60 s on
        assertEquals("waiting", router.start("c-1", "sales").status());
        assertEquals(List.of(new DueTimer("c-1", router.clock.instant().plusSeconds(60))), router.timers.pending());
        // WHEN 59 s pass: THEN nothing is due
        router.clock.advance(Duration.ofSeconds(59));
        assertEquals(0, router.fireTimers());
        assertEquals("sales", router.conversation("c-1").queueId());
        // WHEN the 60th passes: THEN its timer moves it to support's representative, and sales' line is empty
        router.clock.advance(Duration.ofSeconds(1));
        assertEquals(1, router.fireTimers());
        var moved = router.conversation("c-1");
        assertEquals(ConversationStatus.ASSIGNED, moved.status());
        assertEquals("rep-s", moved.assignee().participantId());
        assertEquals("support", moved.queueId());
        assertNull(moved.dueAt());
        assertEquals(List.of("started", "waiting", "overflowed", "assigned"), events("c-1"));
        assertEquals(0, router.queues.lines(List.of("sales")).get("sales").get(KindNeeded.ANY).waiting());
        // AND the same timer again, or the sweeper a lease later, changes nothing
        assertEquals(false, router.deadlines().lookAt("c-1"));
        router.clock.advance(Duration.ofMinutes(1));
        assertEquals(0, router.sweeper().sweep().waitsDue());
        assertEquals(1, router.load("rep-s"));
    }

    @Test
    void anEscalationWaitingTooLongEndsWithTheRulesMessageAndFreesTheBotThatKeptIt() {
        // GIVEN a bot in front, and a desk nobody serves that ends what waited 120 s there
        router.channel("webchat");
        router.queue("front");
        router.bot("bot", 2, "front");
        router.queue(queue("desk", null, new OverflowRule(new OverflowRule.MaxWaitSeconds(120),
                new OverflowRule.End("Nobody is free; we will write to you."))));
        router.start("c-1", "front", "webchat");
        // WHEN the bot escalates to the desk: THEN it waits there, the bot keeping it
        assertEquals("waiting", router.escalateTo("c-1", "bot", "desk").status());
        assertEquals(1, router.load("bot"));
        // WHEN 120 s pass and its timer fires
        router.clock.advance(Duration.ofSeconds(120));
        assertEquals(1, router.fireTimers());
        // THEN it has ended, the bot is free, and the customer was told why
        assertEquals(ConversationStatus.ENDED, router.conversation("c-1").status());
        assertEquals(0, router.load("bot"));
        var told = router.listeners.postsTo(InMemoryRouter.channelUrl("webchat"));
        assertEquals("ended", told.get(told.size() - 1).type());
        assertEquals("Nobody is free; we will write to you.", told.get(told.size() - 1).body().get("message"));
    }

    @Test
    void aTimerLostInACrashIsMadeUpByTheSweeperALeaseLater() {
        // GIVEN a conversation waiting in sales (rule: 60 s, to support, where rep-s has room) whose timer was lost
        router.queue("support");
        router.representative("rep-s", 1, "support");
        router.queue(queue("sales", null, waitedToQueue(60, "support")));
        router.start("c-1", "sales");
        router.timers.dueBy(router.clock.instant().plus(Duration.ofDays(1))); // gone, as in a crash before it was set
        // WHEN it is due, but not yet a lease ago: THEN the sweeper leaves it to its timer
        router.clock.advance(Duration.ofSeconds(60));
        assertEquals(0, router.sweeper().sweep().waitsDue());
        // WHEN a lease (30 s) has passed since it was due: THEN the sweeper applies the rule
        router.clock.advance(Duration.ofSeconds(30));
        assertEquals(1, router.sweeper().sweep().waitsDue());
        assertEquals("rep-s", router.conversation("c-1").assignee().participantId());
    }

    @Test
    void aRuleChangedWhileItWaitsAppliesAsItIsWhenTheTimerFires() {
        // GIVEN a conversation waiting in sales, whose rule then said 60 s, and now says 300 s
        router.queue("support");
        router.representative("rep-s", 1, "support");
        router.queue(queue("sales", null, waitedToQueue(60, "support")));
        Instant since = router.clock.instant();
        router.start("c-1", "sales");
        router.queue(queue("sales", null, waitedToQueue(300, "support")));
        // WHEN its first timer fires: THEN it waits on, due again 300 s after it began to wait
        router.clock.advance(Duration.ofSeconds(60));
        assertEquals(0, router.fireTimers());
        assertEquals(since.plusSeconds(300), router.conversation("c-1").dueAt());
        assertEquals(ConversationStatus.WAITING, router.conversation("c-1").status());
        // WHEN the rule is gone by then: THEN nothing is due any more, and it waits in sales
        router.queue(queue("sales", null));
        router.clock.advance(Duration.ofSeconds(240));
        assertEquals(0, router.fireTimers());
        assertNull(router.conversation("c-1").dueAt());
        assertEquals("sales", router.conversation("c-1").queueId());
    }

    @Test
    void aTimerThatArrivesEarlyIsSetAgainForTheRest() {
        // GIVEN a conversation due in an hour (SQS delays a message 15 minutes at most)
        router.queue("support");
        router.queue(queue("sales", null, waitedToQueue(3600, "support")));
        router.start("c-1", "sales");
        Instant due = router.conversation("c-1").dueAt();
        router.timers.dueBy(due); // taken, as SQS hands a message on
        // WHEN its timer arrives 15 minutes on: THEN nothing is done, and it is set again for its time
        router.clock.advance(Duration.ofMinutes(15));
        assertEquals(false, router.deadlines().fired(new DueTimer("c-1", due)));
        assertEquals(List.of(new DueTimer("c-1", due)), router.timers.pending());
        assertEquals("sales", router.conversation("c-1").queueId());
    }

    @Test
    void ofTwoRulesOnTimeWaitedTheFirstThatHoldsApplies() {
        // GIVEN sales: after 600 s, end; after 300 s, to support (listed second)
        router.queue("support");
        router.representative("rep-s", 1, "support");
        router.queue(queue("sales", null, new OverflowRule(new OverflowRule.MaxWaitSeconds(600),
                new OverflowRule.End("Sorry")), waitedToQueue(300, "support")));
        router.start("c-1", "sales");
        // WHEN 300 s pass: THEN the second rule, the only one that holds, moves it to support
        router.clock.advance(Duration.ofSeconds(300));
        assertEquals(1, router.fireTimers());
        assertEquals("rep-s", router.conversation("c-1").assignee().participantId());
    }

    private static OverflowRule waitedToQueue(int seconds, String queue) {
        return new OverflowRule(new OverflowRule.MaxWaitSeconds(seconds), new OverflowRule.TransferToQueue(queue));
    }

    private static Queue queue(String id, OpeningHours hours, OverflowRule... rules) {
        return new Queue(id, id, 1, 0, 1, AssignmentMethod.HIGHEST_CAPACITY, hours, List.of(rules));
    }

    private List<String> events(String conversation) {
        return router.conversation(conversation).timeline().stream().map(e -> e.event()).toList();
    }
}
