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
        return Conversation.open("c-1", "queue-1", new Customer("cust-7", "Ana"), "webchat",
                Map.of("orderId", "A-1"), NOW, "e1");
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
        assertEquals(new PendingDelivery("agent-a", "key-1", "e1", "queue-1", null, NOW), assigned.pendingDelivery());
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
                .waitFor(KindNeeded.REPRESENTATIVE, "queue-2", NOW, "e2");
        assertEquals(ConversationStatus.WAITING, waiting.status());
        assertEquals(BOT_A, waiting.assignee());
        assertEquals("queue-2", waiting.queueId());
        assertEquals(KindNeeded.REPRESENTATIVE, waiting.waitingFor());
    }

    @Test
    void aDeliveryRecordsRepliesAsMessagesAndTheFirstAsGreeting() {
        var assigned = open().assignTo(BOT_A, "queue-1", NOW, "e1", "k1");
        var delivered = assigned.delivered(assigned.pendingDelivery(), List.of("Hi!", "Order A-1?"), NOW);
        assertEquals(List.of("Hi!", "Order A-1?"), delivered.messages().stream().map(Message::text).toList());
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
        assertTrue(failed.messages().isEmpty());

        var next = failed.fallBackTo(BOT_B, assigned.pendingDelivery(), NOW);
        assertEquals(BOT_B, next.assignee());
        assertEquals(new PendingDelivery("agent-b", "k1", "e1", "queue-1", null, NOW), next.pendingDelivery());
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
