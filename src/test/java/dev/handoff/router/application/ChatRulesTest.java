package dev.handoff.router.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.handoff.router.application.Answers.MessageAnswer;
import dev.handoff.router.domain.ErrorCode;
import dev.handoff.router.domain.Rejection;

/**
 * Messages through the use cases, over the in-memory stores and scripted bots: who may speak, where a message goes,
 * the fence that keeps a bot that lost the conversation from ever reaching the customer, and the transcript that
 * follows the conversation to its next holder.
 */
class ChatRulesTest {
    private final InMemoryRouter router = new InMemoryRouter();

    private void twoQueues() {
        router.queue("q1");
        router.queue("q2");
        router.bot("agent-a", 3, "q1");
        router.representative("rep-1", 2, "q1");
        router.bot("agent-b", 3, "q2");
        router.start("c-1", "q1");
    }

    @Test
    void aCustomersMessageGoesToTheBotAndItsReplyComesBackAndIsKept() {
        twoQueues();

        MessageAnswer answer = router.say("c-1", "cust-c-1", "where is my order?");

        assertEquals("accepted", answer.status());
        assertEquals(List.of("You said: where is my order?"), answer.replies().stream().map(r -> r.text()).toList());
        assertEquals(List.of("agent-a: Hi from agent-a", "cust-c-1: where is my order?",
                "agent-a: You said: where is my order?"), router.transcript("c-1"));
        assertEquals(List.of("conversationUpdate", "event", "message"), ScriptedBots.types(router.callsTo("agent-a")));
        var activity = router.callsTo("agent-a").get(2).activity();
        assertEquals("where is my order?", activity.get("text"));
        assertEquals("expectReplies", activity.get("deliveryMode"));
        assertTrue(router.conversation("c-1").outbox().isEmpty(), "nothing owed any more");
    }

    @Test
    void theHolderSpeaksToTheCustomerAndAnyoneElseIsRefusedAndNeverInTheTranscript() {
        twoQueues();
        router.escalate("c-1", "agent-a");

        assertEquals("accepted", router.say("c-1", "rep-1", "Hello, I'm Sam.").status());
        var byOldBot = assertThrows(Rejection.class, () -> router.say("c-1", "agent-a", "I am still here!"));
        assertEquals(ErrorCode.NOT_ASSIGNEE, byOldBot.code());
        var byStranger = assertThrows(Rejection.class, () -> router.say("c-1", "agent-b", "hi"));
        assertEquals(ErrorCode.NOT_ASSIGNEE, byStranger.code());
        assertEquals(List.of("agent-a: Hi from agent-a", "rep-1: Hello, I'm Sam."), router.transcript("c-1"));
        assertEquals(2, router.callsTo("agent-a").size(), "the old bot is told nothing more");
    }

    /**
     * The fence: a bot answers slowly and, while it does, a representative takes the conversation over; its late reply
     * is dropped (not in the transcript, not in the answer) and the timeline says so.
     */
    @Test
    void aBotThatLostTheConversationWhileAnsweringHasItsLateReplyDropped() {
        twoQueues();
        router.bots.onMessage(() -> {
            router.bots.onMessage(() -> { });
            router.escalate("c-1", "agent-a"); // meanwhile: the bot escalated, and the representative took it
        });

        MessageAnswer answer = router.say("c-1", "cust-c-1", "I want a person");

        assertEquals(List.of(), answer.replies(), "the late reply never reaches the customer");
        assertEquals(List.of("agent-a: Hi from agent-a", "cust-c-1: I want a person"), router.transcript("c-1"));
        assertEquals("rep-1", router.conversation("c-1").assignee().participantId());
        assertTrue(router.timeline("c-1").contains("reply-dropped:agent-a"), router.timeline("c-1").toString());
    }

    @Test
    void messagesWhileARepresentativeHoldsItReachTheNextBotWithTheTranscript() {
        twoQueues();
        router.escalate("c-1", "agent-a");
        router.say("c-1", "cust-c-1", "my parcel is late");
        router.say("c-1", "rep-1", "I'll hand you to our refunds bot");

        router.transferToBot("c-1", "rep-1", "q2", null);

        var setContext = router.callsTo("agent-b").get(1).activity();
        assertEquals("omnichannelSetContext", setContext.get("name"));
        @SuppressWarnings("unchecked")
        var attachment = ((List<Map<String, Object>>) setContext.get("attachments")).get(0);
        assertEquals("transcript", attachment.get("name"));
        @SuppressWarnings("unchecked")
        var messages = (List<Map<String, Object>>) ((Map<String, Object>) attachment.get("content")).get("messages");
        assertEquals(List.of("Hi from agent-a", "my parcel is late", "I'll hand you to our refunds bot"),
                messages.stream().map(m -> m.get("text")).toList(), "Agent B knows what was said before it came");
        assertEquals("agent-b: Hi from agent-b", router.transcript("c-1").get(3), "its greeting follows");
    }

    @Test
    void aRepeatOfAMessageIsAnsweredAsTheFirstTimeAndTheBotHearsItOnce() {
        twoQueues();
        var event = router.sayEvent("c-1", "cust-c-1", "hello?");

        var first = (MessageAnswer) router.send(event);
        var again = (MessageAnswer) router.send(event);

        assertTrue(again.duplicate());
        assertEquals(first.sequence(), again.sequence());
        assertEquals(first.replies(), again.replies());
        assertEquals(1, router.callsTo("agent-a").stream().filter(c -> c.type().equals("message")).count());
        assertEquals(3, router.transcript("c-1").size());
        var reused = assertThrows(Rejection.class, () -> router.send(event.withBody("other")));
        assertEquals(ErrorCode.ID_REUSED, reused.code());
    }

    @Test
    void aBotHandsOffAndEndsTheWayRealBotsDoInItsReplies() {
        twoQueues();

        var asked = router.say("c-1", "cust-c-1", "I want a person");
        assertEquals(List.of("You said: I want a person"), asked.replies().stream().map(r -> r.text()).toList());
        assertEquals("rep-1", router.conversation("c-1").assignee().participantId(), "escalated as the bot asked");
        assertEquals("asked for a person", router.conversation("c-1").context().get("reason"), "with its context");
        assertEquals(0, router.load("agent-a"));

        router.transferToBot("c-1", "rep-1", "q2", null);
        router.say("c-1", "cust-c-1", "ok, bye");
        assertEquals("ended", router.conversation("c-1").status().wire(), "ended as the bot asked");
        assertEquals(0, router.load("agent-b"));
    }

    @Test
    void aMessageToAnEndedConversationIsRefused() {
        twoQueues();
        router.end("c-1", "cust-c-1");
        var refused = assertThrows(Rejection.class, () -> router.say("c-1", "cust-c-1", "hello?"));
        assertEquals(ErrorCode.INVALID_STATE, refused.code());
    }

    /**
     * GIVEN a message owed to the bot that holds the conversation, WHEN the bot is registered again as a representative
     * with a desk, THEN the message is never sent to its desk: messages go to bots only.
     */
    @Test
    void aMessageOwedToABotThatBecameARepresentativeNeverGoesToItsDesk() {
        twoQueues();
        router.bots.behave("agent-a", ScriptedBots.Behaviour.FAILS);
        router.say("c-1", "cust-c-1", "anyone?");

        router.representative("agent-a", 3, "q1", "agent-a-desk");
        router.clock.advance(java.time.Duration.ofSeconds(31));
        router.sweeper().sweep();

        assertEquals(List.of(), router.callsTo("agent-a-desk"));
        assertEquals(List.of("agent-a: Hi from agent-a", "cust-c-1: anyone?"), router.transcript("c-1"));
    }

    @Test
    void aBotThatDoesNotTakeAMessageLeavesItOwedAndTheSweeperDeliversItAfterTheLease() {
        twoQueues();
        router.bots.behave("agent-a", ScriptedBots.Behaviour.FAILS);

        var answer = router.say("c-1", "cust-c-1", "anyone?");
        assertEquals(List.of(), answer.replies());
        assertEquals(1, router.conversation("c-1").outbox().size(), "still owed");
        assertEquals("cust-c-1: anyone?", router.transcript("c-1").get(1), "kept in the transcript all the same");

        router.bots.behave("agent-a", ScriptedBots.Behaviour.GREETS);
        router.sweeper().sweep();
        assertEquals(1, router.conversation("c-1").outbox().size(), "within the lease, the sweeper leaves it");
        router.clock.advance(java.time.Duration.ofSeconds(31));
        router.sweeper().sweep();
        assertTrue(router.conversation("c-1").outbox().isEmpty());
        assertEquals("agent-a: You said: anyone?", router.transcript("c-1").get(2));
    }
}
