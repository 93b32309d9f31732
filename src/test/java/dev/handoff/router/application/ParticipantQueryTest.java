package dev.handoff.router.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.handoff.router.application.Answers.ParticipantAnswer;
import dev.handoff.router.domain.ErrorCode;
import dev.handoff.router.domain.Rejection;
import dev.handoff.router.domain.Subject;

/**
 * {@code participant.get} pages the conversations a participant holds in the order of their ids, whatever order it
 * took them in, the way {@code conversation.transcript} pages messages. Over in-memory stores; the function's own
 * test reads a bot through HTTP against dynalite.
 */
class ParticipantQueryTest {
    private final InMemoryRouter router = new InMemoryRouter();

    @Test
    void pagesTheHeldConversationsInTheOrderOfTheirIds() {
        router.queue("q");
        router.bot("bot-a", 5, "q");
        for (String conversation : List.of("c-3", "c-1", "c-5", "c-2", "c-4")) {
            router.start(conversation, "q");
        }

        var first = router.participantGet("bot-a", null, 2);
        assertEquals(List.of("c-1", "c-2"), ids(first));
        assertEquals("c-2", first.after(), "more follow: the last id of the page");
        var second = router.participantGet("bot-a", first.after(), 2);
        assertEquals(List.of("c-3", "c-4"), ids(second));
        var last = router.participantGet("bot-a", second.after(), 2);
        assertEquals(List.of("c-5"), ids(last));
        assertNull(last.after(), "the last page");

        var whole = router.participantGet("bot-a", null, 5);
        assertEquals(List.of("c-1", "c-2", "c-3", "c-4", "c-5"), ids(whole));
        assertNull(whole.after(), "a page that ends exactly with the last one says no more follow");
        assertEquals(5, whole.load());
        assertEquals(1, whole.conversations().get(0).units());
        assertEquals(router.clock.instant(), whole.conversations().get(0).claimedAt());
    }

    @Test
    void anAfterItDoesNotHoldStartsThePageAtTheNextId() {
        router.queue("q");
        router.bot("bot-a", 3, "q");
        List.of("c-1", "c-2", "c-3").forEach(conversation -> router.start(conversation, "q"));
        router.end("c-2", "cust-c-2");

        assertEquals(List.of("c-3"), ids(router.participantGet("bot-a", "c-2", 50)), "an ended one is gone");
        assertEquals(List.of("c-3"), ids(router.participantGet("bot-a", "c-25", 50)));
        assertEquals(List.of(), ids(router.participantGet("bot-a", "c-3", 50)));
    }

    @Test
    void anUnknownParticipantIsNotFound() {
        var rejection = assertThrows(Rejection.class, () -> router.participantGet("ghost", null, 50));
        assertEquals(ErrorCode.NOT_FOUND, rejection.code());
        assertEquals(Subject.PARTICIPANT, rejection.subject());
    }

    private static List<String> ids(ParticipantAnswer answer) {
        return answer.conversations().stream().map(Answers.Held::conversationId).toList();
    }
}
