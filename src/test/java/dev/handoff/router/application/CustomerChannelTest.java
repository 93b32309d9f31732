package dev.handoff.router.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import dev.handoff.router.domain.Rejection;

/**
 * What the customer's channel and the representatives' desks are told (CONTRACT §3b, §3c), through the use cases over
 * the in-memory stores: everything the customer should see, in order, numbered without a gap; what a desk needs to
 * take over; nothing from a participant that lost the conversation; nothing lost while a webhook fails.
 */
class CustomerChannelTest {
    private static final String WEB = InMemoryRouter.channelUrl("web");
    private static final String DESK = InMemoryRouter.deskUrl("rep-1");

    private final InMemoryRouter router = new InMemoryRouter();

    private void twoQueues() {
        router.channel("web");
        router.queue("q1");
        router.queue("q2");
        router.bot("agent-a", 3, "q1");
        router.representativeWithDesk("rep-1", 2, "q1");
        router.bot("agent-b", 3, "q2");
    }

    @Test
    void theChannelHearsEverythingTheCustomerShouldSeeThroughBothHandoffsInOrderWithoutAGap() {
        twoQueues();
        router.start("c-1", "q1", "web");
        router.say("c-1", "cust-c-1", "where is my order?");
        router.escalate("c-1", "agent-a");
        router.say("c-1", "cust-c-1", "hello?");
        router.say("c-1", "rep-1", "Hello, I'm Sam.");
        router.transferToBot("c-1", "rep-1", "q2", null);
        router.end("c-1", "cust-c-1");

        assertEquals(List.of(
                "assigned:agent-a", "message:agent-a: Hi from agent-a",
                "message:agent-a: You said: where is my order?",
                "assigned:rep-1", "message:rep-1: Hello, I'm Sam.",
                "assigned:agent-b", "message:agent-b: Hi from agent-b",
                "ended"), router.told(WEB), "the customer's own messages are not echoed");
        var posts = router.listeners.postsTo(WEB);
        assertEquals(LongStream.rangeClosed(1, posts.size()).boxed().toList(),
                posts.stream().map(post -> ((Number) post.body().get("sequence")).longValue()).toList());
        assertEquals(posts.size(), posts.stream().map(ScriptedListeners.Post::webhookId).distinct().count(),
                "one webhook id per notice");
        assertTrue(posts.stream().allMatch(post -> "c-1".equals(post.body().get("conversationId"))));
        assertTrue(router.conversation("c-1").outbox().isEmpty(), "nothing owed any more");
    }

    @Test
    void theDeskIsGivenTheCustomerTheContextAndTheTranscriptThenTheCustomersMessagesThenItsRelease() {
        twoQueues();
        router.start("c-1", "q1", "web");
        router.say("c-1", "cust-c-1", "I want a person");

        router.say("c-1", "cust-c-1", "are you there?");
        router.say("c-1", "rep-1", "Yes.");
        router.transferToBot("c-1", "rep-1", "q2", null);

        assertEquals(List.of("assigned", "message:cust-c-1: are you there?", "released"), router.told(DESK));
        var assigned = router.listeners.postsTo(DESK).get(0).body();
        assertEquals("rep-1", assigned.get("participantId"));
        assertEquals(Map.of("id", "cust-c-1"), assigned.get("customer"));
        assertEquals("asked for a person", ((Map<?, ?>) assigned.get("context")).get("reason"),
                "the context the bot escalated with");
        assertEquals(List.of("Hi from agent-a", "I want a person", "You said: I want a person"),
                ((List<?>) assigned.get("transcript")).stream().map(m -> ((Map<?, ?>) m).get("text")).toList());
    }

    @Test
    void aDeskWhoseWebhookWasTakenAwayIsToldNothingMoreAndNothingWaitsForIt() {
        twoQueues();
        router.start("c-1", "q1", "web");
        router.escalate("c-1", "agent-a");
        router.representative("rep-1", 2, "q1"); // registered again, without a desk

        router.say("c-1", "cust-c-1", "still there?");

        assertEquals(List.of("assigned"), router.told(DESK));
        assertTrue(router.conversation("c-1").outbox().isEmpty(), "nothing owed to a desk that is gone");
    }

    @Test
    void aParticipantThatLostTheConversationNeverReachesTheChannel() {
        twoQueues();
        router.start("c-1", "q1", "web");
        router.bots.onMessage(() -> {
            router.bots.onMessage(() -> { });
            router.escalate("c-1", "agent-a"); // while the bot answers, the representative takes over
        });
        router.say("c-1", "cust-c-1", "anyone?");
        assertThrows(Rejection.class, () -> router.say("c-1", "agent-a", "I am still here!"));

        assertEquals(List.of("assigned:agent-a", "message:agent-a: Hi from agent-a", "assigned:rep-1"),
                router.told(WEB), "neither the late reply nor the old bot's message");
    }

    @Test
    void aWaitingCustomerIsToldItsPlaceInLine() {
        router.channel("web");
        router.queue("q1");
        router.start("c-1", "q1", "web");
        router.start("c-2", "q1", "web");

        assertEquals(List.of("waiting:1", "waiting:2"), router.told(WEB));
    }

    @Test
    void aWaitingCustomerIsToldTheWaitEstimatedOnceItsLineHasHandedOut() {
        // GIVEN a representative busy with c-1, c-2 waiting; c-1 ends two minutes later, handing c-2 out
        router.channel("web");
        router.queue("q1");
        router.representative("rep-1", 1, "q1");
        router.start("c-1", "q1", "web");
        router.start("c-2", "q1", "web");
        router.clock.advance(java.time.Duration.ofMinutes(2));
        router.end("c-1", "cust-c-1");
        // WHEN c-3 joins one minute after that hand-out
        router.clock.advance(java.time.Duration.ofMinutes(1));
        router.start("c-3", "q1", "web");
        // THEN c-2's waiting notice had no estimate (nothing handed out yet), c-3's has: one hand-out a minute ago
        var waiting = router.listeners.postsTo(WEB).stream().filter(post -> post.type().equals("waiting")).toList();
        assertEquals(List.of(1, 1), waiting.stream().map(post -> post.body().get("position")).toList());
        assertEquals(false, waiting.get(0).body().containsKey("estimatedWaitSeconds"));
        assertEquals(60, waiting.get(1).body().get("estimatedWaitSeconds"));
    }

    @Test
    void whileTheChannelFailsNothingIsLostAndTheSweeperPostsItInOrderAfterTheLease() {
        twoQueues();
        router.listeners.fail(WEB, true);
        router.start("c-1", "q1", "web");
        router.say("c-1", "cust-c-1", "where is my order?");
        assertEquals(List.of(), router.told(WEB));
        assertEquals(3, router.conversation("c-1").noticesOwed().size(), "kept on the conversation");

        router.listeners.fail(WEB, false);
        router.sweeper().sweep();
        assertEquals(List.of(), router.told(WEB), "young notices may still be posted by their own step");
        router.clock.advance(Duration.ofSeconds(31));
        router.sweeper().sweep();

        assertEquals(List.of("assigned:agent-a", "message:agent-a: Hi from agent-a",
                "message:agent-a: You said: where is my order?"), router.told(WEB));
        assertTrue(router.conversation("c-1").outbox().isEmpty());
    }

    @Test
    void aNoticeThatFailsHoldsBackTheLaterOnesOfItsRecipientUntilItGoes() {
        twoQueues();
        router.listeners.failNext(WEB, 1);
        router.start("c-1", "q1", "web"); // owes assigned, then the greeting: assigned fails

        assertEquals(List.of(), router.told(WEB), "the greeting is not posted before the assigned that failed");
        router.say("c-1", "cust-c-1", "hello");

        assertEquals(List.of("assigned:agent-a", "message:agent-a: Hi from agent-a", "message:agent-a: You said: hello"),
                router.told(WEB));
    }

    /** What waits for a dead channel is bounded: the conversation item must stay far below DynamoDB's 400 KB. */
    @Test
    void whatWaitsForAChannelThatTakesNothingIsBoundedAndTheCustomerIsToldToRetry() {
        twoQueues();
        router.listeners.fail(WEB, true);
        router.start("c-1", "q1", "web");
        String big = "x".repeat(20_000);
        int accepted = 0;
        while (accepted < 20) {
            try {
                router.say("c-1", "cust-c-1", big);
                accepted++;
            } catch (InProgress full) {
                break;
            }
        }
        assertTrue(accepted >= 5 && accepted < 20, "refused once about 128 KB wait: " + accepted + " accepted");

        router.listeners.fail(WEB, false);
        router.clock.advance(Duration.ofSeconds(31));
        router.sweeper().sweep();
        assertEquals("accepted", router.say("c-1", "cust-c-1", "hello again").status(), "room again once posted");
        assertEquals(2 + accepted + 1, router.told(WEB).size(), "every notice posted, none lost");
    }

    @Test
    void aRepeatedEventPostsNothingTwice() {
        twoQueues();
        router.start("c-1", "q1", "web");
        var say = router.sayEvent("c-1", "cust-c-1", "hi");
        router.send(say);
        int posted = router.listeners.postsTo(WEB).size();

        router.send(say);
        router.start("c-1", "q1", "web");

        assertEquals(posted, router.listeners.postsTo(WEB).size());
    }

    @Test
    void aChannelWithoutAWebhookOwesNothing() {
        router.queue("q1");
        router.bot("agent-a", 3, "q1");
        router.start("c-1", "q1", "sms");
        router.say("c-1", "cust-c-1", "hi");

        assertTrue(router.conversation("c-1").outbox().isEmpty());
        assertEquals(0, router.conversation("c-1").lastChannelSequence());
    }
}
