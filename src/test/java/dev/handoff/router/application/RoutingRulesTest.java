package dev.handoff.router.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.handoff.router.application.Answers.RoutingAnswer;
import dev.handoff.router.application.ScriptedBots.Behaviour;
import dev.handoff.router.domain.ErrorCode;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.Metrics;
import dev.handoff.router.domain.Presence;
import dev.handoff.router.domain.Rejection;

/**
 * The routing and fallback rules of the use cases, over in-memory stores (proven against dynalite by the store
 * contract test) and scripted bots, with a settable clock: fast, and no Quarkus. The same flows run end to end
 * against dynalite and real HTTP bots in the functions and webhook tests.
 */
class RoutingRulesTest {
    private final InMemoryRouter router = new InMemoryRouter();

    /** GIVEN the seed's one-queue scenario with any capacity order, the start and the transfer land right. */
    @ParameterizedTest(name = "bot A {0}, representative {1}, bot B {2}")
    @CsvSource({"3, 2, 1", "1, 2, 3", "2, 3, 1", "1, 1, 1"})
    void oneQueueScenarioWithAnyCapacityOrder(int botA, int representative, int botB) {
        router.queue("q");
        router.bot("agent-a", botA, "q");
        router.representative("rep-1", representative, "q");
        router.bot("agent-b", botB, "q");

        RoutingAnswer started = router.start("c-1", "q");
        String first = started.assignee().participantId();
        int most = Math.max(botA, Math.max(representative, botB));
        assertEquals(most, router.capacityOf(first), "the start goes to the participant with the most room");

        if (!"rep-1".equals(first)) {
            var escalated = router.escalate("c-1", first);
            assertEquals("rep-1", escalated.assignee().participantId());
            assertEquals(0, router.load(first), "the bot is released when the representative takes over");
        }
        var transferred = router.transferToBot("c-1", "rep-1", null, null);
        String bot = transferred.assignee().participantId();
        assertTrue(!bot.equals(first) || "rep-1".equals(first), "never back to the bot that served it: " + bot);
        assertEquals(0, router.load("rep-1"));
        assertEquals("Hi from " + bot, transferred.greeting().text());
        assertEquals(List.of("conversationUpdate", "event"), ScriptedBots.types(router.callsTo(bot)));
    }

    /**
     * A participant whose item cannot record another claim (thousands of open conversations) is passed over, whatever
     * room it declares: the next best takes the conversation, or it waits. Before, the start failed and was retried
     * for ever, and with it every start in the queue, since the full participant had the most room.
     */
    @Test
    void aParticipantWhoseItemIsFullIsPassedOver() {
        router.queue("q");
        router.representative("rep-big", 10_000, "q");
        router.representative("rep-1", 1, "q");
        router.participants.fillItem("rep-big");

        var first = router.start("c-1", "q");
        assertEquals("assigned", first.status());
        assertEquals("rep-1", first.assignee().participantId(), "the next best");
        var second = router.start("c-2", "q");
        assertEquals("waiting", second.status(), "nobody else can take it");
        assertEquals(0, router.load("rep-big"));

        router.end("c-1", "cust-c-1");
        assertEquals("rep-1", router.conversation("c-2").assignee().participantId(), "freed room still hands out");
    }

    @Test
    void tiesInRoomGoToTheParticipantIdleLongest() {
        router.queue("q");
        router.representative("rep-1", 2, "q");
        router.representative("rep-2", 2, "q");
        router.start("c-1", "q");
        router.clock.advance(Duration.ofSeconds(1));
        router.end("c-1", "cust-c-1");
        router.clock.advance(Duration.ofSeconds(1));

        assertEquals("rep-2", router.start("c-2", "q").assignee().participantId(), "rep-1 was assigned last");
    }

    @Test
    void aTransferBackToABotThatAlreadyServedItIsRefusedUnlessNamed() {
        router.queue("q");
        router.bot("agent-a", 1, "q");
        router.representative("rep-1", 1, "q");
        router.start("c-1", "q");
        router.escalate("c-1", "agent-a");

        var refused = assertThrows(Rejection.class, () -> router.transferToBot("c-1", "rep-1", null, null));
        assertEquals(ErrorCode.NO_BOT_AVAILABLE, refused.code());
        assertEquals("rep-1", router.conversation("c-1").assignee().participantId(), "the representative keeps it");

        var named = router.transferToBot("c-1", "rep-1", null, "agent-a");
        assertEquals("agent-a", named.assignee().participantId());
    }

    @Test
    void anEscalationWithNoRepresentativeFreeWaitsWhileTheBotKeepsTheCustomer() {
        router.queue("q");
        router.bot("agent-a", 2, "q");
        router.representative("rep-1", 1, "q");
        router.start("c-1", "q"); // agent-a: most room
        router.presence("rep-1", Presence.BUSY);

        var waiting = router.escalate("c-1", "agent-a");
        assertEquals("waiting", waiting.status());
        assertEquals("agent-a", waiting.assignee().participantId());
        assertEquals(1, waiting.position());

        router.presence("rep-1", Presence.AVAILABLE);
        assertEquals("rep-1", router.conversation("c-1").assignee().participantId(), "handed out when rep-1 came back");
    }

    @Test
    void freedCapacityGoesToTheLongestWaitingConversation() {
        router.queue("q");
        router.representative("rep-1", 1, "q");
        router.start("c-1", "q");
        router.start("c-2", "q");
        router.clock.advance(Duration.ofMillis(5));
        router.start("c-3", "q");
        assertEquals(List.of("c-2", "c-3"), router.waiting("q", KindNeeded.ANY));
        assertEquals(2, router.start("c-3", "q").position(), "a repeat of the start reads its place again");

        router.end("c-1", "rep-1");
        assertEquals("rep-1", router.conversation("c-2").assignee().participantId());
        assertEquals(List.of("c-3"), router.waiting("q", KindNeeded.ANY));
    }

    @Test
    void aBotThatKeepsFailingLosesTheConversationToTheNextBot() {
        router.queue("q");
        router.bot("agent-a", 3, "q", Behaviour.FAILS);
        router.bot("agent-b", 1, "q");

        var started = router.start("c-1", "q");
        assertEquals("agent-b", started.assignee().participantId());
        assertEquals("delivered", started.delivery().status());
        assertEquals(0, router.load("agent-a"));
        assertTrue(router.timeline("c-1").contains("delivery-failed:agent-a"), router.timeline("c-1").toString());
        assertEquals(List.of(List.of(Metrics.BotCall.ARRIVAL)), router.metrics.calls("botCallFailed").stream()
                .map(call -> call.arguments()).toList(), "one failed delivery counted; agent-b's went through");
    }

    @Test
    void aBotThatAnswersWithoutGreetingIsDeliveredAllTheSame() {
        router.queue("q");
        router.bot("agent-a", 1, "q", Behaviour.SILENT);

        var started = router.start("c-1", "q");
        assertEquals("agent-a", started.assignee().participantId());
        assertEquals("delivered", started.delivery().status(), "the contract's delivery, greeting or not");
        assertNull(started.greeting());
        assertEquals("delivered", router.start("c-1", "q").delivery().status(), "and so says its repeat");
    }

    @Test
    void whenEveryBotFailsTheConversationWaitsForABotAndGoesToOneThatJoins() {
        router.queue("q");
        router.bot("agent-a", 1, "q", Behaviour.FAILS);

        var started = router.start("c-1", "q");
        assertEquals("waiting", started.status());
        assertEquals("failed", started.delivery().status());
        assertEquals(List.of("c-1"), router.waiting("q", KindNeeded.BOT));

        router.bot("agent-b", 1, "q");
        assertEquals("agent-b", router.conversation("c-1").assignee().participantId());
    }

    @Test
    void aBotWhoseWebhookIsGoneIsTakenOutOfRouting() {
        router.queue("q");
        router.bot("agent-a", 1, "q", Behaviour.GONE);
        router.representative("rep-1", 1, "q");

        router.start("c-1", "q");
        assertEquals(Presence.OFFLINE, router.participant("agent-a").presence());
        var refused = assertThrows(Rejection.class, () -> router.presence("agent-a", Presence.AVAILABLE));
        assertEquals(ErrorCode.INVALID_STATE, refused.code());
        assertEquals(Presence.OFFLINE, router.participant("agent-a").presence(), "only an upsert brings it back");

        router.bots.behave("agent-a", Behaviour.GREETS);
        router.upsertBot("agent-a", 2, "q");
        assertEquals("agent-a", router.start("c-2", "q").assignee().participantId(), "back in routing");
        assertEquals(List.of("c-1"), router.waiting("q", KindNeeded.BOT), "c-1 never goes back to a bot that failed it");
    }

    /**
     * GIVEN a representative that registered a desk webhook, THEN it is routed exactly as one without: the same steps,
     * loads and transcript, and its desk is never sent a bot's calls (nor the customer's messages).
     */
    @Test
    void aRepresentativeWithADeskIsRoutedAsOneWithoutAndItsDeskGetsNoBotCalls() {
        var withDesk = new InMemoryRouter();
        var story = escalatedChatAndEnd(withDesk, "rep-1-desk");

        assertEquals(escalatedChatAndEnd(new InMemoryRouter(), null), story);
        assertEquals(List.of(), withDesk.callsTo("rep-1-desk"));
        assertEquals("https://bots.example/rep-1-desk", withDesk.participant("rep-1").webhook().url());
    }

    /** A bot's conversation escalated to rep-1, a chat with the representative, the end: what it left. */
    private static List<Object> escalatedChatAndEnd(InMemoryRouter router, String desk) {
        router.queue("q");
        router.bot("agent-a", 1, "q");
        if (desk == null) {
            router.representative("rep-1", 1, "q");
        } else {
            router.representative("rep-1", 1, "q", desk);
        }
        router.start("c-1", "q");
        var escalated = router.escalate("c-1", "agent-a");
        router.say("c-1", "cust-c-1", "hello, a person?");
        router.say("c-1", "rep-1", "yes, how can I help?");
        var loadWhileHeld = router.load("rep-1");
        router.end("c-1", "rep-1");
        return List.of(escalated.assignee(), loadWhileHeld, router.load("rep-1"), router.timeline("c-1"),
                router.transcript("c-1"), router.bots.calls().stream().map(ScriptedBots.Call::type).toList());
    }

    /**
     * GIVEN a bot's arrival calls left owed by a crash, WHEN it is registered again as a representative with a desk
     * before they are made, THEN the sweeper never makes them to its desk: it is no bot any more, and the conversation
     * goes on as when the bot cannot be told.
     */
    @Test
    void arrivalCallsOwedToABotThatBecameARepresentativeNeverGoToItsDesk() {
        router.queue("q");
        router.bot("agent-a", 1, "q");
        router.bots.onEveryCall(() -> {
            throw new IllegalStateException("the function dies during the bot's call");
        });
        assertThrows(IllegalStateException.class, () -> router.start("c-1", "q"));
        router.bots.onEveryCall(() -> { });
        assertEquals("agent-a", router.conversation("c-1").pendingDelivery().participantId());

        router.representative("agent-a", 1, "q", "agent-a-desk");
        router.clock.advance(Duration.ofSeconds(31));
        router.sweeper().sweep();

        assertEquals(List.of(), router.callsTo("agent-a-desk"));
        assertNull(router.conversation("c-1").pendingDelivery(), "nothing owed to it any more");
        assertEquals(List.of("c-1"), router.waiting("q", KindNeeded.BOT), "it waits for a bot");
    }

    @Test
    void aRepeatIsAnsweredAsTheFirstTimeAndAnotherBodyUnderTheSameIdIsRefused() {
        router.queue("q");
        router.bot("agent-a", 1, "q");
        var event = router.startEvent("c-1", "q");
        var first = router.send(event);
        var again = (RoutingAnswer) router.send(event);

        assertTrue(again.duplicate());
        assertEquals(((RoutingAnswer) first).assignee(), again.assignee());
        assertEquals(2, router.callsTo("agent-a").size(), "the bot is told once");
        var reused = assertThrows(Rejection.class, () -> router.send(event.withBody("another body")));
        assertEquals(ErrorCode.ID_REUSED, reused.code());
    }

    /**
     * GIVEN bots that take a while to answer (the clock moves 2 s per call) and many waiting conversations, WHEN one
     * event frees a lot of capacity, THEN it stops starting hand-outs once its budget has passed, and the sweeper
     * hands out the rest.
     */
    @Test
    void oneEventsHandOutsStopAtTheBudgetAndTheSweeperDoesTheRest() {
        router.queue("q");
        router.bot("agent-a", 1, "q");
        for (int i = 1; i <= 6; i++) {
            router.start("c-" + i, "q");
        }
        assertEquals(5, router.waiting("q", KindNeeded.ANY).size());
        router.bots.onEveryCall(() -> router.clock.advance(Duration.ofSeconds(2)));

        router.upsertBot("agent-a", 6, "q"); // room for five more: hand-outs start until 5 s have passed
        int handedByTheEvent = 5 - router.waiting("q", KindNeeded.ANY).size();
        assertEquals(2, handedByTheEvent, "two hand-outs (2 calls of 2 s each) pass the 5 s budget");

        router.bots.onEveryCall(() -> { }); // the bot answers at once again
        var report = router.sweeper().sweep();
        assertEquals(3, report.conversationsHandedOut());
        assertEquals(List.of(), router.waiting("q", KindNeeded.ANY));
        assertEquals(6, router.load("agent-a"));
        assertNull(router.conversation("c-6").pendingDelivery(), "the swept hand-outs' calls are made");
    }
}
