package dev.handoff.router.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.handoff.router.application.Answers.InLine;
import dev.handoff.router.application.Answers.Line;
import dev.handoff.router.application.Answers.Member;
import dev.handoff.router.application.Answers.QueueAnswer;
import dev.handoff.router.application.Answers.QueueSummary;
import dev.handoff.router.domain.ErrorCode;
import dev.handoff.router.domain.Rejection;
import dev.handoff.router.domain.Subject;

/**
 * {@code queue.get} shows a queue's members with their load, its three waiting lines in order with the longest wait,
 * and how many of its conversations are assigned; {@code queue.list} pages the queues. Over in-memory stores; the
 * functions' own test reads them over HTTP against dynalite.
 */
class QueueQueryTest {
    private final InMemoryRouter router = new InMemoryRouter();

    @Test
    void showsMembersLoadWaitingLinesAndAssigned() {
        router.queue("q");
        router.bot("bot-a", 2, "q");
        router.representative("rep-1", 1, "q");
        router.start("c-1", "q"); // rep-1 and bot-a both have room: the one with more, bot-a
        router.start("c-2", "q");
        router.start("c-3", "q");
        router.clock.advance(Duration.ofSeconds(5));
        router.start("c-4", "q"); // everybody full: waits for anyone
        router.clock.advance(Duration.ofSeconds(7));
        String escalatedBy = router.conversation("c-1").assignee().participantId();
        router.escalate("c-1", escalatedBy); // the representative is full: waits for one, its bot keeping it

        QueueAnswer queue = router.queueGet("q", null, 50);

        assertEquals("ok", queue.status());
        assertEquals(2, queue.memberCount());
        Map<String, Member> members = queue.members().stream()
                .collect(Collectors.toMap(Member::participantId, Function.identity()));
        assertEquals(new Member("bot-a", "bot", "bot-a", "available", 2, 2), members.get("bot-a"));
        assertEquals(new Member("rep-1", "representative", "rep-1", "available", 1, 1), members.get("rep-1"));
        Map<String, Line> lines = queue.waiting().stream().collect(Collectors.toMap(Line::needed, Function.identity()));
        assertEquals(List.of("any", "bot", "representative"), queue.waiting().stream().map(Line::needed).toList());
        assertEquals(new Line("any", 1, false, 7L, List.of(new InLine("c-4", router.conversation("c-4")
                .waitingSince()))), lines.get("any"));
        assertEquals(new Line("bot", 0, false, null, List.of()), lines.get("bot"));
        assertEquals(1, lines.get("representative").count());
        assertEquals(0L, lines.get("representative").longestWaitSeconds(), "it began to wait for one just now");
        assertEquals(2, queue.assigned().count(), "c-2 and c-3: c-1, kept by its bot while it waits, is waiting");
        assertFalse(queue.assigned().countIsAtLeast());
    }

    @Test
    void aLineListsItsFirstTenInTheOrderTheyCameAndCountsThemAll() {
        router.queue("q");
        for (int i = 1; i <= 12; i++) {
            router.start("c-" + i, "q"); // nobody serves q: each waits
            router.clock.advance(Duration.ofSeconds(1));
        }

        Line any = router.queueGet("q", null, 50).waiting().get(0);

        assertEquals(12, any.count());
        assertEquals(12L, any.longestWaitSeconds());
        var expected = new ArrayList<String>();
        for (int i = 1; i <= 10; i++) {
            expected.add("c-" + i);
        }
        assertEquals(expected, any.first().stream().map(InLine::conversationId).toList());
    }

    @Test
    void pagesMembersInTheOrderOfTheirIds() {
        router.queue("q");
        for (String id : List.of("rep-3", "rep-1", "rep-5", "rep-2", "rep-4")) {
            router.representative(id, 1, "q");
        }

        var first = router.queueGet("q", null, 2);
        assertEquals(List.of("rep-1", "rep-2"), ids(first));
        assertEquals("rep-2", first.after());
        assertEquals(5, first.memberCount());
        var second = router.queueGet("q", first.after(), 2);
        assertEquals(List.of("rep-3", "rep-4"), ids(second));
        var last = router.queueGet("q", second.after(), 2);
        assertEquals(List.of("rep-5"), ids(last));
        assertNull(last.after());
        assertNull(router.queueGet("q", null, 5).after(), "a page that ends with the last member is the last");
    }

    @Test
    void listsEveryQueueOncePageByPage() {
        for (String id : List.of("q-3", "q-1", "q-2")) {
            router.queue(id);
        }
        router.bot("bot-a", 1, "q-2");

        var seen = new ArrayList<QueueSummary>();
        String after = null;
        do {
            var page = router.queueList(after, 2);
            seen.addAll(page.queues());
            after = page.after();
        } while (after != null);

        assertEquals(List.of("q-1", "q-2", "q-3"), seen.stream().map(QueueSummary::queueId).sorted().toList());
        assertEquals(1, seen.stream().filter(q -> q.queueId().equals("q-2")).findFirst().orElseThrow().memberCount());
        assertNull(router.queueList(null, 3).after(), "a page that ends with the last queue is the last");
    }

    @Test
    void anUnknownQueueIsNotFound() {
        var rejection = assertThrows(Rejection.class, () -> router.queueGet("ghost", null, 50));
        assertEquals(ErrorCode.NOT_FOUND, rejection.code());
        assertEquals(Subject.QUEUE, rejection.subject());
    }

    private static List<String> ids(QueueAnswer answer) {
        return answer.members().stream().map(Member::participantId).toList();
    }
}
