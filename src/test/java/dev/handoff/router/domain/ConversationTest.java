package dev.handoff.router.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The conversation's transitions: who holds it, what the timeline says, what a bot is owed. */
class ConversationTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final Assignee BOT_A = new Assignee("agent-a", ParticipantKind.BOT, 1, "e1");
    private static final Assignee REP = new Assignee("rep-1", ParticipantKind.REPRESENTATIVE, 1, "e2");
    private static final Assignee BOT_B = new Assignee("agent-b", ParticipantKind.BOT, 1, "e3");

    private static Conversation open() {
        return Conversation.open("c-1", "queue-1", new Customer("cust-7", "Ana"), "webchat", false,
                Map.of("orderId", "A-1"), 0, NOW, "e1");
    }

    @Test
    void contextIsMergedOverWhatTheConversationCarries() {
        var merged = open().withContext(Map.of("orderId", "A-2", "refund", true));
        assertEquals(Map.of("orderId", "A-2", "refund", true), merged.context());
    }

    @Test
    void aBotAssigneeIsOwedItsCallsAndRememberedAsHavingServed() {
        var assigned = open().assignTo(BOT_A, "queue-1", NOW, "e1", "key-1");
        assertEquals(ConversationStatus.ASSIGNED, assigned.status());
        assertEquals(new PendingDelivery("agent-a", "key-1", "e1", "queue-1", null, NOW, 1), assigned.pendingDelivery());
        assertEquals(Conversation.REPLIES_RESERVED, assigned.lastSequence(), "its greeting's places are reserved");
        assertEquals(Set.of("agent-a"), assigned.servedBy());
    }

    @Test
    void aNewHolderDisconnectsThePreviousOneAndARepresentativeIsOwedNothing() {
        var escalated = open().assignTo(BOT_A, "queue-1", NOW, "e1", "k1")
                .handedOn("escalated", "queue-1", "rep-1", NOW, "e2")
                .assignTo(REP, "queue-1", NOW, "e2", "k2");
        assertEquals(List.of("started", "assigned", "escalated", "assigned", "disconnected"),
                escalated.timeline().stream().map(TimelineEntry::event).toList());
        assertEquals("agent-a", escalated.timeline().get(2).from());
        assertEquals("agent-a", escalated.timeline().get(4).participantId());
        assertNull(escalated.pendingDelivery());

        var transferred = escalated.handedOn("transferred", "queue-2", "agent-b", NOW, "e3")
                .assignTo(BOT_B, "queue-2", NOW, "e3", "k3");
        assertEquals(REP, transferred.pendingDelivery().transferredFrom());
        assertEquals("queue-2", transferred.queueId());
        assertEquals(Set.of("agent-a", "agent-b"), transferred.servedBy());
    }

    @Test
    void anEscalationThatWaitsKeepsTheBotAsHolder() {
        var waiting = open().assignTo(BOT_A, "queue-1", NOW, "e1", "k1")
                .waitFor(KindNeeded.REPRESENTATIVE, new Queue("queue-2", "Queue 2", 1), NOW, "e2", 1);
        assertEquals(ConversationStatus.WAITING, waiting.status());
        assertEquals(BOT_A, waiting.assignee());
        assertEquals("queue-2", waiting.queueId());
        assertEquals(KindNeeded.REPRESENTATIVE, waiting.waitingFor());
    }

    @Test
    void aDeliveryWithRepliesRecordsThatTheBotWasToldAndGreeted() {
        var assigned = open().assignTo(BOT_A, "queue-1", NOW, "e1", "k1");
        var delivered = assigned.delivered(assigned.pendingDelivery(), List.of("Hi!", "Order A-1?"), NOW);
        assertEquals(List.of("started", "assigned", "bot-notified", "greeted"),
                delivered.timeline().stream().map(TimelineEntry::event).toList());
        assertNull(delivered.pendingDelivery());
    }

    @Test
    void aFailedDeliveryDisconnectsTheBotAndNeverPicksItAgain() {
        var assigned = open().assignTo(BOT_A, "queue-1", NOW, "e1", "k1");
        var failed = assigned.deliveryFailed(assigned.pendingDelivery(), NOW);
        assertEquals(List.of("started", "assigned", "delivery-failed", "disconnected"),
                failed.timeline().stream().map(TimelineEntry::event).toList());
        assertNull(failed.assignee());
        assertNull(failed.pendingDelivery());
        assertEquals(java.util.Set.of("agent-a"), failed.undeliverable());

        var next = failed.fallBackTo(BOT_B, assigned.pendingDelivery(), NOW);
        assertEquals(BOT_B, next.assignee());
        assertEquals(new PendingDelivery("agent-b", "k1", "e1", "queue-1", null, NOW,
                Conversation.REPLIES_RESERVED + 1), next.pendingDelivery());
    }

    @Test
    void onlyTheLatestMessagesRecordsAreKeptAndEveryRoutingRecord() {
        var conversation = open().remember("start", new EventRecord("e0", "h", NOW, open().outcome(null), null));
        for (int i = 1; i <= Conversation.MESSAGE_RECORDS_LIMIT + 5; i++) {
            conversation = conversation.remember("m" + i, new EventRecord("m" + i, "h", NOW.plusMillis(i),
                    conversation.outcome(null).withSequence(i), null));
        }
        assertTrue(conversation.events().containsKey("start"), "the start's record stays");
        assertEquals(Conversation.MESSAGE_RECORDS_LIMIT + 1, conversation.events().size());
        assertTrue(!conversation.events().containsKey("m5") && conversation.events().containsKey("m6"),
                "the oldest messages' records went first");
    }

    @Test
    void aCustomersMessageToABotIsOwedToItWithPlacesForItsReplies() {
        var held = open().assignTo(BOT_A, "queue-1", NOW, "e1", "k1");
        held = held.delivered(held.pendingDelivery(), List.of(), NOW);
        long sequence = held.lastSequence() + 1;
        var said = held.said(Speaker.customer(held.customer()), "where is my order?", NOW, "k2", "e2");

        var owed = said.messageOwedFor("k2").orElseThrow();
        assertEquals(new Owed.MessageToBot("agent-a", "e1", sequence, "where is my order?", NOW, "k2", "e2"),
                owed.call());
        assertEquals(sequence + Conversation.REPLIES_RESERVED, said.lastSequence(), "its replies' places follow it");
        assertTrue(said.stillHeldAsWhen((Owed.MessageToBot) owed.call()));
    }

    @Test
    void aMessageToARepresentativeOrFromTheHolderOnlyTakesItsPlace() {
        var withRep = open().assignTo(REP, "queue-1", NOW, "e2", "k2");
        var toRep = withRep.said(Speaker.customer(withRep.customer()), "hello", NOW, "k3", "e3");
        assertEquals(withRep.lastSequence() + 1, toRep.lastSequence());
        assertTrue(toRep.outbox().isEmpty());
        var fromRep = toRep.said(Speaker.of(REP), "hi, I'm here", NOW, "k4", "e4");
        assertTrue(fromRep.outbox().isEmpty());
    }

    @Test
    void aHandOnDropsMessagesOwedToTheBotThatLostItAndItsLateRepliesAreFenced() {
        var held = open().assignTo(BOT_A, "queue-1", NOW, "e1", "k1");
        held = held.delivered(held.pendingDelivery(), List.of(), NOW);
        var said = held.said(Speaker.customer(held.customer()), "are you there?", NOW, "k2", "e2");
        var owed = said.messageOwedFor("k2").orElseThrow();

        var escalated = said.assignTo(REP, "queue-1", NOW, "e3", "k3");
        assertTrue(escalated.outbox().isEmpty(), "the representative reads it in the transcript instead");
        assertTrue(!escalated.stillHeldAsWhen((Owed.MessageToBot) owed.call()), "the fence closes");

        var late = escalated.answeredBy(owed, List.of(), false, NOW);
        assertEquals("reply-dropped", late.timeline().get(late.timeline().size() - 1).event());
    }

    @Test
    void endingReleasesTheHolderAndRecordsWhoEndedIt() {
        var ended = open().assignTo(REP, "queue-1", NOW, "e1", "k1").end("cust-7", NOW, "e2");
        assertEquals(ConversationStatus.ENDED, ended.status());
        assertNull(ended.assignee());
        assertEquals(List.of("ended", "disconnected"), ended.timeline().subList(2, 4).stream()
                .map(TimelineEntry::event).toList());
    }

    @Test
    void theItemStaysBounded() {
        var conversation = open();
        for (int i = 0; i < Conversation.TIMELINE_LIMIT + 50; i++) {
            conversation = conversation.handedOn("escalated", "queue-1", null, NOW, "e" + i);
        }
        assertEquals(Conversation.TIMELINE_LIMIT, conversation.timeline().size());
        assertEquals("e" + (Conversation.TIMELINE_LIMIT + 49), conversation.timeline().get(
                Conversation.TIMELINE_LIMIT - 1).eventId());

        var outcome = conversation.outcome(null);
        for (int i = 0; i < Conversation.EVENTS_LIMIT + 10; i++) {
            conversation = conversation.remember("k" + i, new EventRecord("e" + i, "h", NOW.plusSeconds(i), outcome,
                    null));
        }
        assertEquals(Conversation.EVENTS_LIMIT, conversation.events().size());
        assertTrue(conversation.events().containsKey("k" + (Conversation.EVENTS_LIMIT + 9)));
        for (int i = 0; i < 10; i++) {
            assertTrue(!conversation.events().containsKey("k" + i), "the oldest records are dropped first");
        }
    }
}
