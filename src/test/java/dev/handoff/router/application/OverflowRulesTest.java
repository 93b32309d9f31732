package dev.handoff.router.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.handoff.router.domain.AssignmentMethod;
import dev.handoff.router.domain.ConversationStatus;
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

    private static Queue queue(String id, OpeningHours hours, OverflowRule... rules) {
        return new Queue(id, id, 1, 0, 1, AssignmentMethod.HIGHEST_CAPACITY, hours, List.of(rules));
    }

    private List<String> events(String conversation) {
        return router.conversation(conversation).timeline().stream().map(e -> e.event()).toList();
    }
}
