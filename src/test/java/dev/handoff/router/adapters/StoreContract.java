package dev.handoff.router.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.handoff.router.domain.Assignee;
import dev.handoff.router.domain.AssignmentMethod;
import dev.handoff.router.domain.BotDelivery;
import dev.handoff.router.domain.Channel;
import dev.handoff.router.domain.ChannelStore;
import dev.handoff.router.domain.Claim;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ConversationStatus;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.ConversationStore.AlreadyStored;
import dev.handoff.router.domain.ConversationStore.StaleWrite;
import dev.handoff.router.domain.ConversationStore.WaitingEntry;
import dev.handoff.router.domain.Customer;
import dev.handoff.router.domain.EventLedger;
import dev.handoff.router.domain.EventLedger.Entry;
import dev.handoff.router.domain.Handout;
import dev.handoff.router.domain.EventRecord;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.LineCount;
import dev.handoff.router.domain.MemberStore;
import dev.handoff.router.domain.Outcome;
import dev.handoff.router.domain.Owed;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.ParticipantKind;
import dev.handoff.router.domain.ParticipantStore;
import dev.handoff.router.domain.Presence;
import dev.handoff.router.domain.ConversationStore.Count;
import dev.handoff.router.domain.OpeningHours;
import dev.handoff.router.domain.OverflowRule;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.Skills;
import dev.handoff.router.domain.QueueStore;
import dev.handoff.router.domain.RoomLayout;
import dev.handoff.router.domain.RoomLayouts;
import dev.handoff.router.domain.Routing;
import dev.handoff.router.domain.Speaker;
import dev.handoff.router.domain.TranscriptMessage;
import dev.handoff.router.domain.TranscriptStore;
import dev.handoff.router.domain.Webhook;

/**
 * What the stores promise, run against every implementation of the ports: the DynamoDB stores on a real dynalite and
 * the in-memory stores that tests may use instead. A case that passes for one and fails for the other is a difference
 * to fix in the in-memory store (or a behaviour of the DynamoDB store to question). Each case starts from empty stores
 * and passes its times explicitly.
 */
public abstract class StoreContract {
    /** A whole second: the ledger's expiry is kept in epoch seconds. */
    protected static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Webhook HOOK = new Webhook("https://bots.example/a", "whsec_c2VjcmV0");

    /** The stores of one implementation, empty. */
    protected record Stores(ConversationStore conversations, ParticipantStore participants, QueueStore queues,
            EventLedger ledger, TranscriptStore transcripts, ChannelStore channels, MemberStore members) {
    }

    private ConversationStore conversations;
    private ParticipantStore participants;
    private QueueStore queues;
    private EventLedger ledger;
    private TranscriptStore transcripts;
    private ChannelStore channels;
    private MemberStore members;

    /** Stores with nothing in them, for one case. */
    protected abstract Stores emptyStores();

    /**
     * The queues' room layouts as the member store is told them: read from the queue store at every call, so
     * that a case that changes a queue's method or indexed skills sees it at once.
     */
    protected static RoomLayouts readFrom(QueueStore queues) {
        return ids -> queues.findAll(ids).stream().collect(java.util.stream.Collectors.toMap(Queue::id,
                Queue::roomLayout));
    }

    /** Makes a stored participant's item too large to record one more claim, as thousands of claims would. */
    protected abstract void fillItem(String participantId);

    /** How many times each racing case runs: more rounds, more interleavings, where a round is cheap. */
    protected int raceRounds() {
        return 1;
    }

    @BeforeEach
    void empty() {
        var stores = emptyStores();
        conversations = stores.conversations();
        participants = stores.participants();
        queues = stores.queues();
        ledger = stores.ledger();
        transcripts = stores.transcripts();
        channels = stores.channels();
        members = stores.members();
    }

    // ---- transcripts

    private static TranscriptMessage said(String conversation, long sequence, String text) {
        return new TranscriptMessage(conversation, sequence, T0.plusNanos(sequence * 1_000_123),
                new Speaker(sequence % 2 == 0 ? "bot-1" : "cust-7",
                        sequence % 2 == 0 ? Speaker.Kind.BOT : Speaker.Kind.CUSTOMER), text);
    }

    @Test
    void aTranscriptReadsBackInOrderPageByPageWithMilliseconds() {
        // GIVEN messages of two conversations, written out of order, one of them twice (a retry), with gaps
        transcripts.append(List.of(said("c-1", 12, "b"), said("c-1", 1, "a"), said("c-2", 1, "other")));
        transcripts.append(List.of(said("c-1", 12, "b")));
        transcripts.append(List.of(said("c-1", 13, "c")));
        // WHEN read page by page
        var first = transcripts.page("c-1", 0, 2);
        var second = transcripts.page("c-1", first.nextAfter(), 2);
        // THEN in sequence order, each once, only the conversation's own, at millisecond precision
        assertEquals(List.of(1L, 12L), first.messages().stream().map(TranscriptMessage::sequence).toList());
        assertEquals(12L, first.nextAfter());
        assertEquals(List.of("c"), second.messages().stream().map(TranscriptMessage::text).toList());
        assertNull(second.nextAfter(), "the last page says so");
        assertEquals(T0.plusMillis(13), second.messages().get(0).at());
        assertEquals(new Speaker("cust-7", Speaker.Kind.CUSTOMER), second.messages().get(0).from());
        assertEquals(List.of("b", "c"), transcripts.latest("c-1", 2).stream().map(TranscriptMessage::text).toList());
        assertEquals(List.of(), transcripts.page("c-3", 0, 10).messages());
        assertNull(transcripts.page("c-1", 0, 3).nextAfter(), "a page that ends at the last message is the last");
    }

    @Test
    void removedMessagesAreGoneAndOthersStay() {
        // GIVEN three messages
        transcripts.append(List.of(said("c-1", 1, "a"), said("c-1", 2, "b"), said("c-1", 3, "c")));
        // WHEN two are removed, one of them not there at all
        transcripts.remove("c-1", List.of(2L, 4L));
        // THEN the others stay
        assertEquals(List.of("a", "c"), transcripts.page("c-1", 0, 10).messages().stream()
                .map(TranscriptMessage::text).toList());
    }

    // ---- conversations: conditional writes

    @Test
    void createStoresANewConversationAsVersionOne() {
        // GIVEN a new conversation (version 0)
        var fresh = open("c-1", "q-1");
        // WHEN it is created
        var created = conversations.create(fresh);
        // THEN the answer and the stored state are it, at version 1
        assertEquals(fresh.withVersion(1), created);
        assertEquals(Optional.of(fresh.withVersion(1)), conversations.find("c-1"));
        assertEquals(Optional.empty(), conversations.find("c-2"));
    }

    @Test
    void createOfAnIdThatExistsIsAlreadyStoredAndKeepsTheFirst() {
        // GIVEN a stored conversation
        var first = conversations.create(open("c-1", "q-1"));
        // WHEN another one with the same id is created
        assertThrows(AlreadyStored.class, () -> conversations.create(open("c-1", "q-2")));
        // THEN the first is still there, unchanged
        assertEquals(Optional.of(first), conversations.find("c-1"));
    }

    @Test
    void aRoundTripKeepsMillisecondsAndReadsContextNumbersAsDynamoDbNumbers() {
        // GIVEN a conversation with sub-millisecond times and context numbers of several Java types
        Instant precise = T0.plusNanos(1_234_567);
        var context = new LinkedHashMap<String, Object>();
        context.put("int", 5);
        context.put("wholeDouble", 2.0);
        context.put("fraction", 1.5);
        context.put("scaled", new BigDecimal("1.50"));
        context.put("flag", true);
        context.put("text", "A-1");
        var fresh = Conversation.open("c-1", "q-1", new Customer("cust-7", null), null, false, context, 0, precise, "e1")
                .waitFor(KindNeeded.BOT, new Queue("q-1", "q-1", 1), precise, "e1", 1);
        // WHEN it is created and read back
        var created = conversations.create(fresh);
        var read = conversations.find("c-1").orElseThrow();
        // THEN the create answers the conversation in hand, while the read answers what the store keeps:
        // times floored to milliseconds, whole numbers as Long, fractions as BigDecimal without trailing zeros
        assertEquals(fresh.withVersion(1), created);
        Instant millis = T0.plusMillis(1);
        assertEquals(millis, read.createdAt());
        assertEquals(millis, read.waitingSince());
        assertEquals(List.of(millis, millis), read.timeline().stream().map(e -> e.at()).toList());
        assertEquals(Map.of("int", 5L, "wholeDouble", 2L, "fraction", new BigDecimal("1.5"),
                "scaled", new BigDecimal("1.5"), "flag", true, "text", "A-1"), read.context());
        assertNull(read.customer().name());
        assertNull(read.channel());
    }

    @Test
    void eventRecordsKeepHowTheBotsCallsEndedAndTheCustomersLocale() {
        // GIVEN a conversation whose events' records say a bot was told without a greeting, and a bot could not be
        var bot = new Assignee("bot-1", ParticipantKind.BOT, 1, "k1");
        var told = new Outcome(ConversationStatus.ASSIGNED, "q-1", bot, null, null, BotDelivery.DELIVERED, null);
        var failed = new Outcome(ConversationStatus.WAITING, "q-1", null, null, null, BotDelivery.FAILED, 7L);
        var conversation = Conversation.open("c-1", "q-1", new Customer("cust-7", "Ana", "fr-FR"), null, false, Map.of(), 0, T0,
                "e1")
                .remember("k1", new EventRecord("e1", "h1", T0, told, null))
                .remember("k2", new EventRecord("e2", "h2", T0.plusMillis(1), failed, null));
        // WHEN it is stored and read back
        conversations.create(conversation);
        var read = conversations.find("c-1").orElseThrow();
        // THEN both outcomes and the locale come back as written
        assertEquals(told, read.events().get("k1").outcome());
        assertEquals(failed, read.events().get("k2").outcome());
        assertEquals("fr-FR", read.customer().locale());
    }

    @Test
    void onlyAConversationWaitingForAKindKeepsItsLineFields() {
        // GIVEN a new conversation (WAITING, nobody asked for yet) and an assigned one that still carries line fields
        var unrouted = open("c-1", "q-1");
        var assigned = new Conversation("c-2", 0, ConversationStatus.ASSIGNED, "q-1", new Customer("cust", "Ana"),
                "webchat", false, Map.of(), T0, new Assignee("rep-1", ParticipantKind.REPRESENTATIVE, 1, "k1"),
                KindNeeded.REPRESENTATIVE, T0, Set.of(), Set.of(), List.of(), 0, Map.of(), null, List.of(), 0, 0, 0, 0, null, null, null, null, null, List.of(), null, Set.of());
        // WHEN both are stored
        conversations.create(unrouted);
        conversations.create(assigned);
        // THEN they read back with no line fields, and no line holds them
        var read = conversations.find("c-2").orElseThrow();
        assertNull(read.waitingFor());
        assertNull(read.waitingSince());
        assertEquals(List.of(), conversations.oldestWaiting("q-1", KindNeeded.REPRESENTATIVE, 10));
        assertEquals(List.of(), conversations.oldestWaiting("q-1", KindNeeded.ANY, 10));
    }

    @Test
    void replaceAtTheStoredVersionStoresItOneVersionOn() {
        // GIVEN a stored conversation at version 1
        var v1 = conversations.create(open("c-1", "q-1"));
        // WHEN it is replaced twice, each time at the version just stored
        var v2 = conversations.replace(v1.waitFor(KindNeeded.REPRESENTATIVE, new Queue("q-1", "q-1", 1), T0.plusSeconds(1), "e2", 1));
        var v3 = conversations.replace(v2.end("cust", T0.plusSeconds(2), "e3"));
        // THEN each write answers the next version, and the last one is stored
        assertEquals(2, v2.version());
        assertEquals(3, v3.version());
        assertEquals(ConversationStatus.ENDED, v3.status());
        assertEquals(Optional.of(v3), conversations.find("c-1"));
    }

    @Test
    void replaceAtAStaleVersionIsAStaleWriteAndChangesNothing() {
        // GIVEN a conversation read at version 1, then written by someone else (version 2)
        var read = conversations.create(open("c-1", "q-1"));
        var theirs = conversations.replace(read.waitFor(KindNeeded.BOT, new Queue("q-1", "q-1", 1), T0.plusSeconds(1), "e2", 1));
        // WHEN our write, based on version 1, comes second
        assertThrows(StaleWrite.class, () -> conversations.replace(read.end("cust", T0.plusSeconds(2), "e3")));
        // THEN theirs stays
        assertEquals(Optional.of(theirs), conversations.find("c-1"));
    }

    @Test
    void replaceOfAConversationNeverStoredIsAStaleWrite() {
        // GIVEN no conversation c-1; WHEN it is replaced at version 0 or 1
        assertThrows(StaleWrite.class, () -> conversations.replace(open("c-1", "q-1")));
        assertThrows(StaleWrite.class, () -> conversations.replace(open("c-1", "q-1").withVersion(1)));
        // THEN nothing is stored
        assertEquals(Optional.empty(), conversations.find("c-1"));
    }

    @Test
    void racingReplacesOfOneVersionLetExactlyOneWin() throws Exception {
        for (int round = 0; round < raceRounds(); round++) {
            // GIVEN a conversation at version 1
            var v1 = conversations.create(open("c-" + round, "q-1"));
            // WHEN 32 threads replace it at version 1 at once, each with its own change
            var outcomes = race(32, i -> () -> {
                try {
                    return conversations.replace(v1.handedOn("escalated", "q-1", "rep-" + i, T0, "e" + i));
                } catch (StaleWrite lost) {
                    return null;
                }
            });
            // THEN one wins, and its state is the one stored at version 2
            var winners = outcomes.stream().filter(c -> c != null).toList();
            assertEquals(1, winners.size());
            assertEquals(Optional.of(winners.get(0)), conversations.find(v1.id()));
            assertEquals(2, winners.get(0).version());
        }
    }

    // ---- conversations: waiting lines and owed deliveries

    @Test
    void aLineIsOrderedByTimeThenIdAndHoldsOnlyItsQueueAndKind() {
        // GIVEN conversations waiting in several lines, two of them since the same millisecond
        Instant t1 = T0.plusSeconds(1);
        Instant t2 = T0.plusSeconds(2);
        store(waiting("c-b", "q-1", KindNeeded.REPRESENTATIVE, t2));
        store(waiting("c-z", "q-1", KindNeeded.REPRESENTATIVE, t1));
        store(waiting("c-a", "q-1", KindNeeded.REPRESENTATIVE, t2.plusNanos(999_999))); // same millisecond as c-b
        store(waiting("c-1970", "q-1", KindNeeded.REPRESENTATIVE, Instant.ofEpochMilli(999))); // fewer digits
        store(waiting("c-bot", "q-1", KindNeeded.BOT, T0));
        store(waiting("c-other-queue", "q-2", KindNeeded.REPRESENTATIVE, T0));
        store(waiting("c-any", "q-1", KindNeeded.ANY, T0));
        conversations.create(open("c-new", "q-1")); // waiting status, but in no line yet
        // WHEN the representatives' line of q-1 is read
        var line = conversations.oldestWaiting("q-1", KindNeeded.REPRESENTATIVE, 10);
        // THEN it is those four, oldest first, ties by id, their orders increasing as strings
        assertEquals(List.of("c-1970", "c-z", "c-a", "c-b"), ids(line));
        for (int i = 1; i < line.size(); i++) {
            assertTrue(line.get(i - 1).order().compareTo(line.get(i).order()) < 0);
        }
        // AND the limit cuts it from the oldest, and the orders compare by arrival across lines too
        assertEquals(List.of("c-1970", "c-z"),
                ids(conversations.oldestWaiting("q-1", KindNeeded.REPRESENTATIVE, 2)));
        var bots = conversations.oldestWaiting("q-1", KindNeeded.BOT, 10);
        assertEquals(List.of("c-bot"), ids(bots));
        assertTrue(line.get(0).order().compareTo(bots.get(0).order()) < 0);
        assertTrue(bots.get(0).order().compareTo(line.get(1).order()) < 0);
        assertEquals(List.of("c-any"), ids(conversations.oldestWaiting("q-1", KindNeeded.ANY, 10)));
        assertEquals(List.of(), conversations.oldestWaiting("q-3", KindNeeded.REPRESENTATIVE, 10));
    }

    @Test
    void aPriorityPlacesAConversationByItsWorthInWaitingAndIsReadBack() {
        // GIVEN a queue that ages one point a minute, c-1 with no priority and c-2 joining five minutes later with 10
        var queue = new Queue("q-1", "Sales", 1, 0, 1);
        store(waiting("c-1", "q-1", KindNeeded.ANY, T0));
        var urgent = open("c-2", "q-1").withPriority(10).waitFor(KindNeeded.ANY, queue, T0.plusSeconds(300), "e2", 2);
        store(urgent);
        var late = open("c-3", "q-1").withPriority(-5).waitFor(KindNeeded.ANY, queue, T0.plusSeconds(1), "e3", 3);
        store(late);
        // WHEN the line is read
        var line = conversations.oldestWaiting("q-1", KindNeeded.ANY, 10);
        // THEN c-2 is first (served as if it came five minutes before c-1), and c-3 last (five minutes later), each
        // entry with its real arrival, and places counted from those ahead
        assertEquals(List.of("c-2", "c-1", "c-3"), ids(line));
        assertEquals(List.of(T0.plusSeconds(300), T0, T0.plusSeconds(1)),
                line.stream().map(WaitingEntry::since).toList());
        assertEquals(1, conversations.position(urgent));
        assertEquals(3, conversations.position(late));
        // AND the conversation reads back with its priority and order, and counts as one with a priority
        var read = conversations.find("c-2").orElseThrow();
        assertEquals(10, read.priority());
        assertEquals(T0.minusSeconds(300), read.lineOrderAt());
        assertEquals(urgent.lineOrder(), read.lineOrder());
        assertEquals(new ConversationStore.LineTally(3, 2), conversations.countWaiting("q-1", KindNeeded.ANY));
        // AND once assigned it keeps its priority and leaves its order behind
        var assigned = conversations.replace(read.assignTo(new Assignee("rep-1", ParticipantKind.REPRESENTATIVE, 1,
                "k"), "q-1", T0.plusSeconds(301), "e4", "key-4"));
        assertEquals(10, conversations.find("c-2").orElseThrow().priority());
        assertEquals(null, conversations.find("c-2").orElseThrow().lineOrderAt());
        assertEquals(assigned.version(), conversations.find("c-2").orElseThrow().version());
    }

    @Test
    void aConversationLeavesItsLineWhenItIsNoLongerWaiting() {
        // GIVEN two conversations in a line
        var first = store(waiting("c-1", "q-1", KindNeeded.REPRESENTATIVE, T0));
        store(waiting("c-2", "q-1", KindNeeded.REPRESENTATIVE, T0.plusSeconds(1)));
        // WHEN the first is assigned
        conversations.replace(first.assignTo(new Assignee("rep-1", ParticipantKind.REPRESENTATIVE, 1, "k"), "q-1",
                T0.plusSeconds(2), "e2", "key-2"));
        // THEN only the second is in the line, first in it
        assertEquals(List.of("c-2"), ids(conversations.oldestWaiting("q-1", KindNeeded.REPRESENTATIVE, 10)));
    }

    @Test
    void positionCountsWhoIsAheadInTheSameLine() {
        // GIVEN three conversations in one line and one in another line, earlier than all of them
        var first = store(waiting("c-1", "q-1", KindNeeded.REPRESENTATIVE, T0.plusSeconds(1)));
        var second = store(waiting("c-2", "q-1", KindNeeded.REPRESENTATIVE, T0.plusSeconds(2)));
        var third = store(waiting("c-3", "q-1", KindNeeded.REPRESENTATIVE, T0.plusSeconds(2))); // tie: by id
        store(waiting("c-0", "q-1", KindNeeded.BOT, T0));
        // WHEN their places are asked; THEN 1, 2, 3
        assertEquals(1, conversations.position(first));
        assertEquals(2, conversations.position(second));
        assertEquals(3, conversations.position(third));
        // AND a conversation not stored yet is placed by its own time and id
        assertEquals(2, conversations.position(waiting("c-1a", "q-1", KindNeeded.REPRESENTATIVE, T0.plusSeconds(1))));
        assertEquals(4, conversations.position(waiting("c-9", "q-1", KindNeeded.REPRESENTATIVE, T0.plusSeconds(9))));
    }

    @Test
    void aLineSaysSinceWhenEachWaitsAndCountsOnlyItself() {
        // GIVEN two waiting in q-1's representatives' line, one in its bots' line, one assigned in q-1, one in q-2
        Instant since = T0.plusMillis(1_234);
        store(waiting("c-1", "q-1", KindNeeded.REPRESENTATIVE, since));
        store(waiting("c-2", "q-1", KindNeeded.REPRESENTATIVE, T0.plusSeconds(5)));
        store(waiting("c-3", "q-1", KindNeeded.BOT, T0));
        var assigned = store(waiting("c-4", "q-1", KindNeeded.ANY, T0));
        conversations.replace(assigned.assignTo(new Assignee("rep-1", ParticipantKind.REPRESENTATIVE, 1, "k"), "q-1",
                T0.plusSeconds(2), "e2", "key-2"));
        store(waiting("c-5", "q-2", KindNeeded.REPRESENTATIVE, T0));
        // THEN each entry says when it began to wait, to the millisecond
        assertEquals(since, conversations.oldestWaiting("q-1", KindNeeded.REPRESENTATIVE, 1).get(0).since());
        // AND each line counts only itself, and assigned counts only the queue's assigned ones
        assertEquals(new Count(2, false), conversations.waitingIn("q-1", KindNeeded.REPRESENTATIVE));
        assertEquals(new Count(1, false), conversations.waitingIn("q-1", KindNeeded.BOT));
        assertEquals(new Count(0, false), conversations.waitingIn("q-1", KindNeeded.ANY));
        assertEquals(new Count(1, false), conversations.assignedIn("q-1"));
        assertEquals(new Count(0, false), conversations.assignedIn("q-2"));
    }

    @Test
    void owedDeliveriesAreTheLongestOwedFirstThenById() {
        // GIVEN bot calls owed since different times (two in the same millisecond) and a conversation owing none
        store(owed("c-late", T0.plusSeconds(5)));
        store(owed("c-b", T0.plusSeconds(1)));
        store(owed("c-a", T0.plusSeconds(1).plusNanos(500_000)));
        store(owed("c-first", T0));
        store(waiting("c-none", "q-1", KindNeeded.BOT, T0));
        // WHEN the owed deliveries are listed
        // THEN in that order, the limit cutting from the longest owed
        assertEquals(List.of("c-first", "c-a", "c-b", "c-late"), conversations.owedDeliveries(10));
        assertEquals(List.of("c-first", "c-a"), conversations.owedDeliveries(2));
    }

    @Test
    void waitsDueAreListedEarliestFirstUpToTheirTimeAndLeaveWhenNoLongerDue() {
        // GIVEN waits in a queue whose rule on time waited is 60 s, begun at different times, and one in a queue
        // without such a rule
        var sales = new Queue("q-1", "q-1", 1, 0, 1, AssignmentMethod.HIGHEST_CAPACITY, null, List.of(
                new OverflowRule(new OverflowRule.MaxWaitSeconds(60), new OverflowRule.End("Sorry"))));
        var late = store(open("c-late", "q-1").waitFor(KindNeeded.ANY, sales, T0.plusSeconds(5), "e1", 1));
        store(open("c-first", "q-1").waitFor(KindNeeded.ANY, sales, T0, "e1", 2));
        store(open("c-b", "q-1").waitFor(KindNeeded.ANY, sales, T0.plusSeconds(1), "e1", 3));
        store(waiting("c-never", "q-2", KindNeeded.ANY, T0));
        // THEN they read back with their due time, and are listed by it, up to and including a time
        assertEquals(T0.plusSeconds(65), conversations.find("c-late").orElseThrow().dueAt());
        assertEquals(List.of("c-first", "c-b", "c-late"), conversations.dueBy(T0.plusSeconds(65), 10));
        assertEquals(List.of("c-first", "c-b"), conversations.dueBy(T0.plusSeconds(64), 10));
        assertEquals(List.of("c-first"), conversations.dueBy(T0.plusSeconds(65), 1));
        assertEquals(List.of(), conversations.dueBy(T0.plusSeconds(59), 10));
        // WHEN one is handed out: THEN it is due no more
        conversations.replace(late.assignTo(new Assignee("rep-1", ParticipantKind.REPRESENTATIVE, 1, "k1"), "q-1",
                T0.plusSeconds(6), "e2", "k1"));
        assertNull(conversations.find("c-late").orElseThrow().dueAt());
        assertEquals(List.of("c-first", "c-b"), conversations.dueBy(T0.plusSeconds(65), 10));
    }

    @Test
    void aWrapUpReadsBackWithItsHolderAndIsDueAtItsEndBesideTheWaitItsConversationHas() {
        // GIVEN rep-1 (wrap-up 30 s) holds c-1, then hands it back to a line with a 60 s rule, so it waits
        var sales = new Queue("q-1", "q-1", 1, 0, 1, AssignmentMethod.HIGHEST_CAPACITY, null, List.of(
                new OverflowRule(new OverflowRule.MaxWaitSeconds(60), new OverflowRule.End("Sorry"))));
        var rep = new Assignee("rep-1", ParticipantKind.REPRESENTATIVE, 2, "k1~a", true, 30);
        var held = store(open("c-1", "q-1").assignTo(rep, "q-1", T0, "e1", "k1"));
        var bot = new Assignee("bot-1", ParticipantKind.BOT, 1, "k2~b");
        var handed = conversations.replace(held.assignTo(bot, "q-1", T0.plusSeconds(1), "e2", "k2")
                .waitFor(KindNeeded.REPRESENTATIVE, sales, T0.plusSeconds(1), "e2", 1));
        // THEN it reads back with rep-1's wrap-up, by its claim, and its wait's own due time
        var read = conversations.find("c-1").orElseThrow();
        assertEquals(handed.wrapUps(), read.wrapUps());
        assertEquals(rep, read.wrapUps().get(0).holder());
        assertEquals(T0.plusSeconds(31), read.wrapUps().get(0).until());
        assertEquals(T0.plusSeconds(61), read.dueAt());
        // AND it is due at the earlier of the two, the wrap-up's end
        assertEquals(List.of(), conversations.dueBy(T0.plusSeconds(30), 10));
        assertEquals(List.of("c-1"), conversations.dueBy(T0.plusSeconds(31), 10));
        // WHEN the wrap-up ends: THEN it is due at its wait's time only
        var ended = conversations.replace(read.wrapUpEnded(read.wrapUps().get(0), T0.plusSeconds(31), "e3"));
        assertEquals(List.of(), conversations.find("c-1").orElseThrow().wrapUps());
        assertEquals(T0.plusSeconds(61), conversations.find("c-1").orElseThrow().dueAt());
        assertEquals(List.of(), conversations.dueBy(T0.plusSeconds(60), 10));
        assertEquals(List.of("c-1"), conversations.dueBy(T0.plusSeconds(61), 10));
        // WHEN it ends with no wrap-up left: THEN nothing is due
        conversations.replace(ended.end("cust-7", T0.plusSeconds(40), "e4"));
        assertEquals(List.of(), conversations.dueBy(T0.plusSeconds(3600), 10));
    }

    @Test
    void anOfferedConversationIsOutOfItsLineAndDueAtItsDeadline_andGoesBackToItsPlace() {
        // GIVEN c-1 and c-2 wait in a line with a 600 s rule, c-1 first; the queue offers for 30 s
        var sales = new Queue("q-1", "q-1", 1, 0, 1, AssignmentMethod.HIGHEST_CAPACITY, null, List.of(
                new OverflowRule(new OverflowRule.MaxWaitSeconds(600), new OverflowRule.End("Sorry"))), List.of(), 0,
                new dev.handoff.router.domain.OfferPolicy(30, 2));
        var c1 = store(open("c-1", "q-1").waitFor(KindNeeded.REPRESENTATIVE, sales, T0, "e1", 1));
        store(open("c-2", "q-1").waitFor(KindNeeded.REPRESENTATIVE, sales, T0.plusSeconds(1), "e2", 2));
        // WHEN c-1 is offered to rep-1
        var rep = new Assignee("rep-1", ParticipantKind.REPRESENTATIVE, 1, "k3~a", true, 0);
        var offered = conversations.replace(c1.offeredTo(rep, sales, null, T0.plusSeconds(5), "e3", 1));
        // THEN it reads back offered, still waiting, out of its line, due at the offer's deadline
        var read = conversations.find("c-1").orElseThrow();
        assertEquals(offered.offer(), read.offer());
        assertEquals(1, read.offer().missesBefore());
        assertEquals(ConversationStatus.WAITING, read.status());
        assertEquals(T0.plusSeconds(600), read.dueAt(), "its wait's own rule, kept");
        assertEquals(List.of("c-2"), conversations.oldestWaiting("q-1", KindNeeded.REPRESENTATIVE, 10).stream()
                .map(ConversationStore.WaitingEntry::conversationId).toList());
        assertEquals(List.of(), conversations.dueBy(T0.plusSeconds(34), 10));
        assertEquals(List.of("c-1"), conversations.dueBy(T0.plusSeconds(35), 10));
        // WHEN rep-1 declines: THEN c-1 is back at the head of its line, rep-1 passed over, due by its rule again
        conversations.replace(read.offerEnded(false, T0.plusSeconds(6), "e4").backInLine(3));
        var back = conversations.find("c-1").orElseThrow();
        assertNull(back.offer());
        assertEquals(Set.of("rep-1"), back.passedOver());
        assertEquals(c1.lineOrderAt(), back.lineOrderAt());
        assertEquals(List.of("c-1", "c-2"), conversations.oldestWaiting("q-1", KindNeeded.REPRESENTATIVE, 10).stream()
                .map(ConversationStore.WaitingEntry::conversationId).toList());
        assertEquals(List.of(), conversations.dueBy(T0.plusSeconds(599), 10));
        assertEquals(List.of("c-1"), conversations.dueBy(T0.plusSeconds(600), 10));
    }

    @Test
    void aMissedOfferCountsOnceAndAPresenceChangeOrAnAcceptClearsTheCount() {
        participants.upsert(representative("rep-1", 3, "q-1"));
        assertEquals(1, participants.missedOffer("rep-1", "c-1/e1").orElseThrow().missedOffers());
        assertEquals(1, participants.missedOffer("rep-1", "c-1/e1").orElseThrow().missedOffers(), "a repeat");
        assertEquals(2, participants.missedOffer("rep-1", "c-2/e2").orElseThrow().missedOffers());
        assertEquals(2, participants.find("rep-1").orElseThrow().missedOffers());
        participants.acceptedOffer("rep-1");
        assertEquals(0, participants.find("rep-1").orElseThrow().missedOffers());
        participants.missedOffer("rep-1", "c-3/e3");
        assertEquals(Presence.AWAY, participants.changePresence("rep-1", Presence.AWAY).orElseThrow().presence());
        assertEquals(0, participants.find("rep-1").orElseThrow().missedOffers());
        assertEquals(Optional.empty(), participants.missedOffer("nobody", "c-1/e1"));
    }

    @Test
    void aDeliveryNoLongerOwedLeavesTheOwedList() {
        // GIVEN two conversations owing bot calls
        var first = store(owed("c-1", T0));
        store(owed("c-2", T0.plusSeconds(1)));
        // WHEN the first's calls are made
        conversations.replace(first.delivered(first.pendingDelivery(), List.of("Hi"), T0.plusSeconds(2)));
        // THEN only the second is owed
        assertEquals(List.of("c-2"), conversations.owedDeliveries(10));
    }

    @Test
    void aMessageOwedToABotListsTheConversationAsOwedUntilItIsAnswered() {
        // GIVEN a conversation whose bot was told it arrived, then a customer message owed to that bot
        var arrived = store(owed("c-1", T0));
        var told = conversations.replace(arrived.delivered(arrived.pendingDelivery(), List.of(), T0));
        assertEquals(List.of(), conversations.owedDeliveries(10));
        var said = conversations.replace(told.said(Speaker.customer(told.customer()), "hello", T0.plusSeconds(5),
                "k2", "e2"));
        // THEN it is owed, with what is owed read back as written
        assertEquals(List.of("c-1"), conversations.owedDeliveries(10));
        var read = conversations.find("c-1").orElseThrow();
        assertEquals(said.outbox(), read.outbox());
        assertEquals(said.lastSequence(), read.lastSequence());
        // AND once answered, it is not
        conversations.replace(read.answeredBy(read.outbox().get(0), List.of(), true, T0.plusSeconds(6)));
        assertEquals(List.of(), conversations.owedDeliveries(10));
    }

    @Test
    void noticesOwedToTheChannelAndADeskReadBackAsWrittenAndListTheConversationUntilPosted() {
        // GIVEN a conversation whose channel is told, handed to a representative with a desk, who then hears the
        // customer
        var desk = new Assignee("rep-1", ParticipantKind.REPRESENTATIVE, 1, "k1", true);
        var open = Conversation.open("c-1", "q-1", new Customer("cust-7", "Ana"), "web", true, Map.of(), 0, T0, "e1");
        var assigned = store(open.assignTo(desk, "q-1", T0, "e1", "k1"));
        var said = conversations.replace(assigned.said(Speaker.customer(assigned.customer()), "hello",
                T0.plusSeconds(1), "k2", "e2"));
        // THEN what is owed reads back as written, the desk flag and the channel's numbering with it
        var read = conversations.find("c-1").orElseThrow();
        assertEquals(said.outbox(), read.outbox());
        assertEquals(3, read.noticesOwed().size(), "the channel's assigned, the desk's assigned and message");
        assertTrue(read.tellsChannel());
        assertEquals(1, read.lastChannelSequence());
        assertEquals(desk, read.assignee());
        assertEquals(List.of("c-1"), conversations.owedDeliveries(10));
        // AND once posted, nothing is owed
        var posted = read.noticesOwed().stream().map(Owed::seq).collect(java.util.stream.Collectors.toSet());
        conversations.replace(read.noticesPosted(posted));
        assertEquals(List.of(), conversations.owedDeliveries(10));
    }

    @Test
    void aLimitBelowOneIsRefused() {
        // DynamoDB refuses a Query with Limit 0 (a validation error), whatever is stored
        store(waiting("c-1", "q-1", KindNeeded.BOT, T0));
        assertThrows(RuntimeException.class, () -> conversations.oldestWaiting("q-1", KindNeeded.BOT, 0));
        assertThrows(RuntimeException.class, () -> conversations.owedDeliveries(0));
    }

    // ---- participants: settings

    @Test
    void upsertCreatesAParticipantWithNoLoadAndNoPreviousQueues() {
        // GIVEN no participant; WHEN one is upserted
        var upserted = participants.upsert(bot("bot-1", 3, "q-1"));
        // THEN it is answered as given at revision 1, with no previous queues, and stored with no load and no claims
        assertEquals(atRevision(bot("bot-1", 3, "q-1"), 1), upserted.participant());
        assertEquals(List.of(), upserted.previousQueues());
        assertEquals(Optional.of(atRevision(bot("bot-1", 3, "q-1"), 1)), participants.find("bot-1"));
    }

    /**
     * Pins today's behaviour: for a participant that did not exist, the DynamoDB store answers the settings as given
     * (it reads back only the old item), so a load, claims or a last assignment in them are answered, not stored.
     */
    @Test
    void upsertOfANewParticipantAnswersTheSettingsAsGiven() {
        // GIVEN settings that carry a load, a claim and a sub-millisecond time
        var settings = new Participant("rep-1", ParticipantKind.REPRESENTATIVE, "Rep", 3, 2, List.of("q-1"),
                Presence.AVAILABLE, null, Map.of("c-9", new Claim(2, "k9", T0)), T0.plusNanos(1));
        // WHEN a new participant is upserted with them
        var upserted = participants.upsert(settings);
        // THEN the answer is those settings, while the stored participant has no load, claims or last assignment
        assertEquals(atRevision(settings, 1), upserted.participant());
        assertEquals(Optional.of(atRevision(representative("rep-1", 3, "q-1"), 1)), participants.find("rep-1"));
    }

    @Test
    void upsertKeepsLoadAndClaimsAndReportsThePreviousQueues() {
        // GIVEN a bot in q-1 and q-2 that holds a claim
        var seen = participants.upsert(bot("bot-1", 3, "q-1", "q-2")).participant();
        assertTrue(participants.claim(seen, "c-1", new Claim(2, "k1", T0)).isPresent());
        // WHEN it is upserted with other settings: another name, capacity, queue, presence and webhook
        var changed = new Participant("bot-1", ParticipantKind.BOT, "Bot One", 5, 0, List.of("q-3"), Presence.BUSY,
                new Webhook("https://bots.example/b", "whsec_bmV3"), Map.of(), null);
        var upserted = participants.upsert(changed);
        // THEN the settings are replaced, the load, claims and last assignment kept, the old queues reported; the
        // revision counts the three writes
        var expected = new Participant("bot-1", ParticipantKind.BOT, "Bot One", 5, 2, List.of("q-3"), Presence.BUSY,
                new Webhook("https://bots.example/b", "whsec_bmV3"), Map.of("c-1", new Claim(2, "k1", T0)), T0, 3);
        assertEquals(expected, upserted.participant());
        assertEquals(List.of("q-1", "q-2"), upserted.previousQueues());
        assertEquals(Optional.of(expected), participants.find("bot-1"));
    }

    @Test
    void upsertWithoutAWebhookRemovesIt() {
        // GIVEN a participant with a webhook
        participants.upsert(bot("p-1", 2, "q-1"));
        // WHEN it is upserted without one
        participants.upsert(representative("p-1", 2, "q-1"));
        // THEN it has none
        assertEquals(Optional.of(atRevision(representative("p-1", 2, "q-1"), 2)), participants.find("p-1"));
    }

    @Test
    void findAllReadsThoseThatExistOnceEach() {
        // GIVEN two participants
        participants.upsert(bot("bot-1", 1, "q-1"));
        participants.upsert(representative("rep-1", 1, "q-1"));
        // WHEN some ids are read, with a repeat and one that does not exist
        var found = participants.findAll(List.of("rep-1", "nobody", "bot-1", "rep-1"));
        // THEN each existing one comes once (in no particular order)
        assertEquals(2, found.size());
        assertEquals(Set.of(atRevision(bot("bot-1", 1, "q-1"), 1), atRevision(representative("rep-1", 1, "q-1"), 1)),
                Set.copyOf(found));
        assertEquals(List.of(), participants.findAll(List.of()));
        assertEquals(Set.copyOf(found), Set.copyOf(participants.findEveryone()));
    }

    // ---- participants: claims

    @Test
    void aClaimOnAnItemThatCannotGrowIsItemFullAndWritesNothing() {
        // GIVEN an available representative with room, holding one claim, whose item cannot grow any more
        var seen = participants.upsert(representative("rep-1", 100, "q-1")).participant();
        assertTrue(participants.claim(seen, "c-1", new Claim(1, "k1", T0)).isPresent());
        fillItem("rep-1");
        var before = participants.find("rep-1").orElseThrow();
        // WHEN another claim is made: THEN it is refused as ItemFull, not as a lost race, and nothing changed
        assertThrows(ParticipantStore.ItemFull.class,
                () -> participants.claim(seen, "c-2", new Claim(1, "k2", T0.plusSeconds(1))).isPresent());
        assertEquals(before, participants.find("rep-1").orElseThrow());
        // AND its claims can still be released
        assertTrue(participants.release("rep-1", "c-1", "k1", 1).isPresent());
    }

    @Test
    void aClaimTakesRoomRecordsItselfAndTheTime() {
        // GIVEN an available representative with capacity 3 and a claim of 1 already
        var seen = participants.upsert(representative("rep-1", 3, "q-1")).participant();
        assertTrue(participants.claim(seen, "c-1", new Claim(1, "k1", T0)).isPresent());
        // WHEN a claim of 2 units is made at a sub-millisecond time, against the state seen before the first claim
        Instant at = T0.plusSeconds(1).plusNanos(1_500_000);
        assertTrue(participants.claim(seen, "c-2", new Claim(2, "k2", at)).isPresent());
        // THEN the load is full, both claims are recorded, and the last assignment is the claim's time (in ms)
        var after = participants.find("rep-1").orElseThrow();
        Instant millis = T0.plusSeconds(1).plusMillis(1);
        assertEquals(3, after.load());
        assertEquals(Map.of("c-1", new Claim(1, "k1", T0), "c-2", new Claim(2, "k2", millis)), after.unsettled());
        assertEquals(millis, after.lastAssignedAt());
    }

    @Test
    void aClaimIsRefusedWhenTheParticipantIsNotAvailable() {
        for (Presence presence : List.of(Presence.BUSY, Presence.OFFLINE)) {
            // GIVEN a representative seen available, whose presence then changed
            var seen = participants.upsert(representative("rep-1", 3, "q-1")).participant();
            participants.changePresence("rep-1", presence);
            // WHEN it is claimed; THEN refused, nothing changed
            assertRefused(seen, "c-1", new Claim(1, "k1", T0));
        }
    }

    @Test
    void aClaimIsRefusedWhenTheKindChanged() {
        // GIVEN a participant seen as a bot, upserted since as a representative
        var seen = participants.upsert(bot("p-1", 3, "q-1")).participant();
        participants.upsert(representative("p-1", 3, "q-1"));
        // WHEN it is claimed as the bot seen; THEN refused, nothing changed
        assertRefused(seen, "c-1", new Claim(1, "k1", T0));
    }

    @Test
    void aClaimIsRefusedWhenTheCapacityChanged() {
        // GIVEN a representative seen with capacity 3, whose capacity then became 5 (or 1)
        for (int capacity : List.of(5, 1)) {
            var seen = participants.upsert(representative("rep-1", 3, "q-1")).participant();
            participants.upsert(representative("rep-1", capacity, "q-1"));
            // WHEN it is claimed; THEN refused, even where the new capacity has room
            assertRefused(seen, "c-1", new Claim(1, "k1", T0));
        }
    }

    @Test
    void aClaimIsRefusedWithoutRoomForItsUnits() {
        // GIVEN a representative with capacity 3 holding 2 units
        var seen = participants.upsert(representative("rep-1", 3, "q-1")).participant();
        assertTrue(participants.claim(seen, "c-1", new Claim(2, "k1", T0)).isPresent());
        // WHEN 2 more units are claimed; THEN refused, nothing changed
        assertRefused(seen, "c-2", new Claim(2, "k2", T0));
        // AND exactly the room left can be claimed
        assertTrue(participants.claim(seen, "c-3", new Claim(1, "k3", T0)).isPresent());
        assertEquals(3, participants.find("rep-1").orElseThrow().load());
    }

    @Test
    void aClaimInAnExchangeGoesPastTheRoomByWhatItGivesBackOnlyWhileTheParticipantIsAsSeen() {
        // GIVEN a bot with capacity 2, full: c-1 of 1 unit and c-2 of 1
        var empty = participants.upsert(bot("bot-1", 2, "q-1")).participant();
        var afterOne = participants.claim(empty, "c-1", new Claim(1, "k1", T0)).orElseThrow();
        var full = participants.claim(afterOne, "c-2", new Claim(1, "k2", T0)).orElseThrow();
        // WHEN c-3 of 2 units is claimed in an exchange that gives back 1: THEN refused (1 unit past the room at most)
        assertFalse(participants.claimInExchange(full, "c-3", new Claim(2, "k3", T0), 1).isPresent());
        // AND refused for a participant as it was before its last claim (its revision moved since)
        assertFalse(participants.claimInExchange(afterOne, "c-3", new Claim(1, "k3", T0), 1).isPresent());
        assertEquals(2, participants.find("bot-1").orElseThrow().load(), "nothing changed");
        // WHEN c-3 of 1 unit is claimed in an exchange that gives back 1, on the bot as it is: THEN it holds 3
        var after = participants.claimInExchange(full, "c-3", new Claim(1, "k3", T0), 1);
        assertTrue(after.isPresent());
        assertEquals(3, after.get().load());
        assertEquals(3, participants.find("bot-1").orElseThrow().load());
        assertTrue(participants.find("bot-1").orElseThrow().unsettled().containsKey("c-3"));
        // AND a plain claim, or another exchange on the bot as it was, is refused now
        assertFalse(participants.claim(after.get(), "c-4", new Claim(1, "k4", T0)).isPresent());
        assertFalse(participants.claimInExchange(full, "c-4", new Claim(1, "k4", T0), 1).isPresent());
    }

    @Test
    void aClaimIsRefusedForAConversationAlreadyHeld() {
        // GIVEN a representative holding a claim for c-1
        var seen = participants.upsert(representative("rep-1", 3, "q-1")).participant();
        assertTrue(participants.claim(seen, "c-1", new Claim(1, "k1", T0)).isPresent());
        // WHEN c-1 is claimed again, with the same or another token; THEN refused, nothing changed
        assertRefused(seen, "c-1", new Claim(1, "k1", T0));
        assertRefused(seen, "c-1", new Claim(1, "k2", T0.plusSeconds(1)));
    }

    @Test
    void aClaimOnAParticipantThatDoesNotExistIsRefusedAndCreatesNothing() {
        assertFalse(participants.claim(representative("ghost", 3, "q-1"), "c-1", new Claim(1, "k1", T0)).isPresent());
        assertEquals(Optional.empty(), participants.find("ghost"));
    }

    @Test
    void racingClaimsTakeExactlyTheCapacity() throws Exception {
        for (int round = 0; round < raceRounds(); round++) {
            // GIVEN a bot with capacity 5
            String bot = "bot-" + round;
            var seen = participants.upsert(bot(bot, 5, "q-1")).participant();
            // WHEN 32 threads claim one unit each for their own conversation, all against the same state seen
            var won = race(32, i -> () -> participants.claim(seen, "c-" + i, new Claim(1, "k" + i, T0)).isPresent());
            // THEN exactly 5 win, and the load is the sum of the claims recorded
            assertEquals(5, won.stream().filter(w -> w).count());
            var after = participants.find(bot).orElseThrow();
            assertEquals(5, after.load());
            assertEquals(5, after.unsettled().size());
        }
    }

    @Test
    void racingClaimsOfOneConversationTakeItOnce() throws Exception {
        for (int round = 0; round < raceRounds(); round++) {
            // GIVEN a bot with plenty of room
            String bot = "bot-" + round;
            var seen = participants.upsert(bot(bot, 100, "q-1")).participant();
            // WHEN 16 threads claim the same conversation with their own tokens
            var won = race(16, i -> () -> participants.claim(seen, "c-1", new Claim(1, "k" + i, T0)).isPresent());
            // THEN one wins, once
            assertEquals(1, won.stream().filter(w -> w).count());
            assertEquals(1, participants.find(bot).orElseThrow().load());
        }
    }

    // ---- participants: releases

    @Test
    void aReleaseGivesBackTheClaimAndAnswersTheParticipantAfter() {
        // GIVEN a representative holding claims for c-1 (2 units) and c-2 (1 unit)
        var seen = participants.upsert(representative("rep-1", 3, "q-1")).participant();
        assertTrue(participants.claim(seen, "c-1", new Claim(2, "k1", T0)).isPresent());
        assertTrue(participants.claim(seen, "c-2", new Claim(1, "k2", T0.plusSeconds(1))).isPresent());
        // WHEN c-1's claim is released with its token and units
        var after = participants.release("rep-1", "c-1", "k1", 2);
        // THEN its units are free, the other claim and the last assignment stay, and the answer is what is stored
        assertTrue(after.isPresent());
        assertEquals(1, after.get().load());
        assertEquals(Map.of("c-2", new Claim(1, "k2", T0.plusSeconds(1))), after.get().unsettled());
        assertEquals(T0.plusSeconds(1), after.get().lastAssignedAt());
        assertEquals(after, participants.find("rep-1"));
    }

    // ---- participants: settled claims (items of their own)

    @Test
    void aSettledClaimLeavesTheParticipantAndIsStillHeld() {
        // GIVEN a representative with a claim for c-1
        var seen = participants.upsert(representative("rep-1", 3, "q-1")).participant();
        var claimed = participants.claim(seen, "c-1", new Claim(1, "k1", T0)).orElseThrow();
        // WHEN it is settled (twice: a repeat changes nothing)
        assertTrue(participants.settle("rep-1", "c-1", new Claim(1, "k1", T0)));
        assertTrue(participants.settle("rep-1", "c-1", new Claim(1, "k1", T0)));
        // THEN it is off the participant, whose load still counts it, and it is among the claims held
        var after = participants.find("rep-1").orElseThrow();
        assertEquals(Map.of(), after.unsettled());
        assertEquals(1, after.load());
        assertEquals(List.of(new ParticipantStore.HeldClaim("rep-1", "c-1", new Claim(1, "k1", T0))),
                participants.held(after, null, 10).claims());
        assertEquals(claimed.revision(), after.revision(), "settling changes no room: nothing to mirror");
        // AND its release gives the unit back once
        assertEquals(0, participants.release("rep-1", "c-1", "k1", 1).orElseThrow().load());
        assertEquals(Optional.empty(), participants.release("rep-1", "c-1", "k1", 1));
        var released = participants.find("rep-1").orElseThrow();
        assertEquals(0, released.load());
        assertEquals(List.of(), participants.held(released, null, 10).claims());
    }

    @Test
    void aSettleThatComesAfterTheReleaseDoesNotBringTheClaimBack() {
        // GIVEN a claim released before it was settled (its conversation write lost)
        var seen = participants.upsert(representative("rep-1", 3, "q-1")).participant();
        assertTrue(participants.claim(seen, "c-1", new Claim(1, "k1", T0)).isPresent());
        assertEquals(0, participants.release("rep-1", "c-1", "k1", 1).orElseThrow().load());
        // WHEN a late settle of it comes; THEN it settles nothing, and nothing is held
        assertFalse(participants.settle("rep-1", "c-1", new Claim(1, "k1", T0)));
        var after = participants.find("rep-1").orElseThrow();
        assertEquals(0, after.load());
        assertEquals(List.of(), participants.held(after, null, 10).claims());
        // AND the conversation can be claimed and settled again later, by another step
        var again = participants.find("rep-1").orElseThrow();
        assertTrue(participants.claim(again, "c-1", new Claim(1, "k2", T0.plusSeconds(5))).isPresent());
        assertTrue(participants.settle("rep-1", "c-1", new Claim(1, "k2", T0.plusSeconds(5))));
        assertEquals(1, participants.find("rep-1").orElseThrow().load());
    }

    @Test
    void aClaimIsSettledOnlyOnceTheClaimHeldBeforeForItsConversationIsReleased() {
        // GIVEN a settled claim k1 for c-1, and a second claim k2 for c-1 made on the same participant
        var seen = participants.upsert(representative("rep-1", 3, "q-1")).participant();
        assertTrue(participants.claim(seen, "c-1", new Claim(1, "k1", T0)).isPresent());
        assertTrue(participants.settle("rep-1", "c-1", new Claim(1, "k1", T0)));
        assertTrue(participants.claim(seen, "c-1", new Claim(1, "k2", T0.plusSeconds(1))).isPresent());
        // WHEN k2 is settled before k1 is released; THEN it stays on the participant, counted
        assertFalse(participants.settle("rep-1", "c-1", new Claim(1, "k2", T0.plusSeconds(1))));
        assertEquals(2, participants.find("rep-1").orElseThrow().load());
        // AND once k1 is released, k2 settles
        assertEquals(1, participants.release("rep-1", "c-1", "k1", 1).orElseThrow().load());
        assertTrue(participants.settle("rep-1", "c-1", new Claim(1, "k2", T0.plusSeconds(1))));
        var after = participants.find("rep-1").orElseThrow();
        assertEquals(1, after.load());
        assertEquals(List.of(new ParticipantStore.HeldClaim("rep-1", "c-1", new Claim(1, "k2", T0.plusSeconds(1)))),
                participants.held(after, null, 10).claims());
    }

    @Test
    void racingReleasesOfOneSettledClaimGiveItBackOnce() throws Exception {
        for (int round = 0; round < raceRounds(); round++) {
            // GIVEN a bot holding two settled claims
            String bot = "bot-" + round;
            var seen = participants.upsert(bot(bot, 5, "q-1")).participant();
            for (String c : List.of("c-1", "c-2")) {
                assertTrue(participants.claim(seen, c, new Claim(1, "k-" + c, T0)).isPresent());
                assertTrue(participants.settle(bot, c, new Claim(1, "k-" + c, T0)));
            }
            // WHEN 16 threads release c-1's claim at once
            var won = race(16, i -> () -> participants.release(bot, "c-1", "k-c-1", 1).isPresent());
            // THEN one of them gave it back, and the load counts c-2 only
            assertEquals(1, won.stream().filter(w -> w).count(), won.toString());
            var after = participants.find(bot).orElseThrow();
            assertEquals(1, after.load(), "released exactly once");
            assertEquals(List.of("c-2"), participants.held(after, null, 10).claims().stream()
                    .map(ParticipantStore.HeldClaim::conversationId).toList());
        }
    }

    @Test
    void theClaimsHeldComeInPagesInTheOrderOfTheirConversations() {
        // GIVEN five claims, two of them settled
        var seen = participants.upsert(bot("bot-1", 9, "q-1")).participant();
        for (String c : List.of("c-3", "c-1", "c-5", "c-2", "c-4")) {
            assertTrue(participants.claim(seen, c, new Claim(1, "k-" + c, T0)).isPresent());
        }
        assertTrue(participants.settle("bot-1", "c-2", new Claim(1, "k-c-2", T0)));
        assertTrue(participants.settle("bot-1", "c-4", new Claim(1, "k-c-4", T0)));
        var bot = participants.find("bot-1").orElseThrow();
        // WHEN they are read two at a time; THEN in order, settled or not, each page naming where the next begins
        var first = participants.held(bot, null, 2);
        var second = participants.held(bot, first.nextAfter(), 2);
        var third = participants.held(bot, second.nextAfter(), 2);
        assertEquals(List.of("c-1", "c-2"), ids(first));
        assertEquals(List.of("c-3", "c-4"), ids(second));
        assertEquals(List.of("c-5"), ids(third));
        assertEquals("c-2", first.nextAfter());
        assertNull(third.nextAfter());
    }

    @Test
    void releasesMarkedBeforeACutoffAreFinishedOrDroppedByWhetherTheClaimIsStillHeld() {
        // GIVEN a bot with settled claims for c-1 and c-2, each marked for release by a step that then died
        var seen = participants.upsert(bot("bot-1", 5, "q-1")).participant();
        for (String c : List.of("c-1", "c-2")) {
            assertTrue(participants.claim(seen, c, new Claim(1, "k-" + c, T0)).isPresent());
            assertTrue(participants.settle("bot-1", c, new Claim(1, "k-" + c, T0)));
        }
        var first = participants.markRelease("bot-1", "c-1", "k-c-1", 1).orElseThrow();
        participants.markRelease("bot-1", "c-2", "k-c-2", 1).orElseThrow();
        // WHEN the marks are finished, c-1's conversation having moved on and c-2's still holding its claim
        var later = Instant.now().plusSeconds(60);
        var changed = participants.finishReleases(later, (conversation, participant, token) -> conversation.equals(
                "c-2"));
        // THEN c-1's unit is back, c-2's claim stays, and a second finish finds nothing to do
        assertEquals(1, changed.size());
        assertEquals(1, participants.find("bot-1").orElseThrow().load());
        assertEquals(List.of(), participants.finishReleases(later, (conversation, participant, token) -> false));
        var after = participants.find("bot-1").orElseThrow();
        assertEquals(1, after.load());
        assertEquals(List.of("c-2"), ids(participants.held(after, null, 10)));
        // AND the first mark's release, coming again, gives nothing back twice
        assertEquals(Optional.empty(), participants.release(first));
        assertEquals(1, participants.find("bot-1").orElseThrow().load());
    }

    @Test
    void aMarkWhoseWriteLostIsRemovedAndFreesNothing() {
        // GIVEN a settled claim, and a release marked for it whose disconnecting write then lost
        var seen = participants.upsert(bot("bot-1", 5, "q-1")).participant();
        assertTrue(participants.claim(seen, "c-1", new Claim(1, "k1", T0)).isPresent());
        assertTrue(participants.settle("bot-1", "c-1", new Claim(1, "k1", T0)));
        var mark = participants.markRelease("bot-1", "c-1", "k1", 1).orElseThrow();
        // WHEN it is unmarked (twice: a repeat does nothing) and the marks are finished later
        participants.unmark(mark);
        participants.unmark(mark);
        // THEN no mark is left to finish, and the claim is still held
        assertEquals(List.of(), participants.finishReleases(Instant.now().plusSeconds(60),
                (conversation, participant, token) -> false));
        var after = participants.find("bot-1").orElseThrow();
        assertEquals(1, after.load());
        assertEquals(List.of("c-1"), ids(participants.held(after, null, 10)));
        // AND a mark on a participant that does not exist is refused, and creates nothing
        assertEquals(Optional.empty(), participants.markRelease("ghost", "c-1", "k1", 1));
        assertEquals(Optional.empty(), participants.find("ghost"));
    }

    @Test
    void twoMarkedReleasesOfOneClaimGiveItBackOnce() {
        // GIVEN a settled claim marked for release twice (a step and its repeat)
        var seen = participants.upsert(bot("bot-1", 5, "q-1")).participant();
        assertTrue(participants.claim(seen, "c-1", new Claim(1, "k1", T0)).isPresent());
        assertTrue(participants.settle("bot-1", "c-1", new Claim(1, "k1", T0)));
        var one = participants.markRelease("bot-1", "c-1", "k1", 1).orElseThrow();
        var two = participants.markRelease("bot-1", "c-1", "k1", 1).orElseThrow();
        // WHEN both are released; THEN the first gives the unit back, the second nothing, and no mark is left
        assertEquals(0, participants.release(one).orElseThrow().load());
        assertEquals(Optional.empty(), participants.release(two));
        assertEquals(List.of(), participants.finishReleases(Instant.now().plusSeconds(60),
                (conversation, participant, token) -> false));
        assertEquals(0, participants.find("bot-1").orElseThrow().load());
    }

    private static List<String> ids(ParticipantStore.HeldPage page) {
        return page.claims().stream().map(ParticipantStore.HeldClaim::conversationId).toList();
    }

    @Test
    void aReleaseWithAnotherTokenOrOtherUnitsFreesNothing() {
        // GIVEN a claim of 2 units with token k1
        var seen = participants.upsert(representative("rep-1", 3, "q-1")).participant();
        assertTrue(participants.claim(seen, "c-1", new Claim(2, "k1", T0)).isPresent());
        var before = participants.find("rep-1");
        // WHEN it is released with a stale token, with other units, or for another conversation
        // THEN nothing is released
        assertEquals(Optional.empty(), participants.release("rep-1", "c-1", "k0", 2));
        assertEquals(Optional.empty(), participants.release("rep-1", "c-1", "k1", 1));
        assertEquals(Optional.empty(), participants.release("rep-1", "c-9", "k1", 2));
        assertEquals(Optional.empty(), participants.release("nobody", "c-1", "k1", 2));
        assertEquals(before, participants.find("rep-1"));
    }

    @Test
    void aSecondReleaseOfTheSameClaimFreesNothing() {
        // GIVEN a claim released once
        var seen = participants.upsert(representative("rep-1", 3, "q-1")).participant();
        assertTrue(participants.claim(seen, "c-1", new Claim(1, "k1", T0)).isPresent());
        var once = participants.release("rep-1", "c-1", "k1", 1);
        // WHEN it is released again; THEN empty, and the load is not released twice
        assertEquals(Optional.empty(), participants.release("rep-1", "c-1", "k1", 1));
        assertEquals(once, participants.find("rep-1"));
        assertEquals(0, once.orElseThrow().load());
    }

    @Test
    void racingReleasesOfOneClaimFreeItOnce() throws Exception {
        for (int round = 0; round < raceRounds(); round++) {
            // GIVEN two claims on one representative
            String rep = "rep-" + round;
            var seen = participants.upsert(representative(rep, 3, "q-1")).participant();
            assertTrue(participants.claim(seen, "c-1", new Claim(1, "k1", T0)).isPresent());
            assertTrue(participants.claim(seen, "c-2", new Claim(1, "k2", T0)).isPresent());
            // WHEN 16 threads release c-1's claim at once
            var released = race(16, i -> () -> participants.release(rep, "c-1", "k1", 1).isPresent());
            // THEN one release frees it; the other claim is untouched
            assertEquals(1, released.stream().filter(r -> r).count());
            assertEquals(1, participants.find(rep).orElseThrow().load());
        }
    }

    // ---- participants: presence and webhooks

    @Test
    void disableWebhookTakesTheBotOfflineOnlyForItsCurrentUrl() {
        // GIVEN an available bot with a webhook
        participants.upsert(bot("bot-1", 3, "q-1"));
        // WHEN a 410 from an earlier URL disables it; THEN nothing changes
        assertEquals(Optional.empty(), participants.disableWebhook("bot-1", "https://bots.example/old"));
        assertEquals(Optional.of(atRevision(bot("bot-1", 3, "q-1"), 1)), participants.find("bot-1"));
        // WHEN a 410 from its current URL disables it; THEN it is offline, its webhook kept
        var answered = participants.disableWebhook("bot-1", HOOK.url()).orElseThrow();
        var after = participants.find("bot-1").orElseThrow();
        assertEquals(Presence.OFFLINE, after.presence());
        assertEquals(HOOK, after.webhook());
        // AND it answers the participant as it left it, one revision on, for the index to mirror
        assertEquals(after, answered);
        assertEquals(2, after.revision());
        // AND a participant that does not exist is not created
        participants.disableWebhook("ghost", HOOK.url());
        assertEquals(Optional.empty(), participants.find("ghost"));
    }

    @Test
    void anUpsertAfterADisabledWebhookRoutesTheBotAgain() {
        // GIVEN a bot taken offline by a 410
        participants.upsert(bot("bot-1", 3, "q-1"));
        participants.disableWebhook("bot-1", HOOK.url());
        // WHEN it is upserted (available); THEN it can be claimed again
        var seen = participants.upsert(bot("bot-1", 3, "q-1")).participant();
        assertTrue(participants.claim(seen, "c-1", new Claim(1, "k1", T0)).isPresent());
    }

    /** A bot whose webhook answered 410 is out of routing until an upsert: presence alone does not bring it back. */
    @Test
    void aPresenceChangeDoesNotBringADisabledBotBack() {
        // GIVEN a bot taken offline by a 410
        var seen = participants.upsert(bot("bot-1", 3, "q-1")).participant();
        participants.disableWebhook("bot-1", HOOK.url());
        // WHEN its presence is set to available, without an upsert: THEN that is refused and it stays offline
        assertThrows(ParticipantStore.WebhookGone.class,
                () -> participants.changePresence("bot-1", Presence.AVAILABLE));
        assertEquals(Presence.OFFLINE, participants.find("bot-1").orElseThrow().presence());
        // AND other presences are still taken
        assertEquals(Presence.BUSY, participants.changePresence("bot-1", Presence.BUSY).orElseThrow().presence());
        // AND a claim made on a state read as available before the 410 does not land
        assertFalse(participants.claim(seen, "c-1", new Claim(1, "k1", T0)).isPresent());
    }

    @Test
    void changePresenceAnswersTheParticipantAfter() {
        // GIVEN a representative holding a claim
        var seen = participants.upsert(representative("rep-1", 3, "q-1")).participant();
        assertTrue(participants.claim(seen, "c-1", new Claim(1, "k1", T0)).isPresent());
        // WHEN it goes busy
        var changed = participants.changePresence("rep-1", Presence.BUSY);
        // THEN the answer is the stored participant, claims kept
        assertEquals(Presence.BUSY, changed.orElseThrow().presence());
        assertEquals(1, changed.get().load());
        assertEquals(changed, participants.find("rep-1"));
    }

    @Test
    void changePresenceOfAParticipantThatDoesNotExistIsEmptyAndCreatesNothing() {
        assertEquals(Optional.empty(), participants.changePresence("ghost", Presence.AVAILABLE));
        assertEquals(Optional.empty(), participants.find("ghost"));
        assertEquals(List.of(), participants.findEveryone());
    }

    // ---- queues

    @Test
    void ticketsAndDeparturesAreCountedPerLineAndAnUpsertKeepsThem() {
        // GIVEN a queue
        queues.upsert("q-1", "Sales", 1);
        // WHEN two tickets are taken in its `any` line and one in its `bot` line, and one leaves the `any` line
        assertEquals(1, queues.takeTicket("q-1", KindNeeded.ANY, false, T0));
        assertEquals(2, queues.takeTicket("q-1", KindNeeded.ANY, false, T0.plusSeconds(1)));
        assertEquals(1, queues.takeTicket("q-1", KindNeeded.BOT, false, T0));
        queues.leave("q-1", KindNeeded.ANY, false, null);
        queues.upsert("q-1", "Sales EU", 2);
        // THEN each line counts its own, the upsert changed none, and a line never used is empty
        var lines = queues.lines(List.of("q-1", "q-none")).get("q-1");
        assertEquals(new LineCount(2, 1, T0.plusSeconds(1)), lines.get(KindNeeded.ANY));
        assertEquals(1, lines.get(KindNeeded.ANY).waiting());
        assertEquals(1, lines.get(KindNeeded.BOT).waiting());
        assertEquals(LineCount.EMPTY, lines.get(KindNeeded.REPRESENTATIVE));
        assertEquals(Set.of("q-1"), queues.lines(List.of("q-1", "q-none")).keySet(), "no counters for no queue");
        // AND a ticket of a queue that does not exist is refused, and creates nothing
        assertThrows(IllegalStateException.class, () -> queues.takeTicket("q-none", KindNeeded.ANY, false, T0));
        queues.leave("q-none", KindNeeded.ANY, false, null);
        assertEquals(Optional.empty(), queues.find("q-none"));
    }

    @Test
    void aLineKeepsItsLatestHandOutTimesLatestFirstWhateverElseLeaves() {
        // GIVEN a queue whose representatives' line hands out ten, one second apart, and loses one that ended
        queues.upsert("q-1", "Sales", 1);
        for (int i = 0; i < 10; i++) {
            queues.takeTicket("q-1", KindNeeded.REPRESENTATIVE, false, T0);
            queues.leave("q-1", KindNeeded.REPRESENTATIVE, false, T0.plusSeconds(i));
        }
        queues.takeTicket("q-1", KindNeeded.REPRESENTATIVE, false, T0);
        queues.leave("q-1", KindNeeded.REPRESENTATIVE, false, null);
        // THEN the line keeps the last eight hand-outs, latest first, and counts all eleven gone
        var line = queues.lines(List.of("q-1")).get("q-1").get(KindNeeded.REPRESENTATIVE);
        assertEquals(List.of(9, 8, 7, 6, 5, 4, 3, 2).stream().map(T0::plusSeconds).toList(), line.handedOut());
        assertEquals(11, line.left());
        // AND the other lines have none
        assertEquals(List.of(), queues.lines(List.of("q-1")).get("q-1").get(KindNeeded.ANY).handedOut());
    }

    @Test
    void conversationsWithAPriorityAreCountedApartAndRecounted() {
        // GIVEN a line that two with a priority and one without joined, and one with a priority left
        queues.upsert("q-1", "Sales", 1);
        queues.takeTicket("q-1", KindNeeded.ANY, true, T0);
        queues.takeTicket("q-1", KindNeeded.ANY, false, T0);
        queues.takeTicket("q-1", KindNeeded.ANY, true, T0);
        queues.leave("q-1", KindNeeded.ANY, true, null);
        // THEN two wait, one of them with a priority
        assertEquals(new LineCount(3, 1, T0, 2, 1), line("q-1"));
        assertEquals(2, line("q-1").waiting());
        assertEquals(1, line("q-1").prioritizedWaiting());
        // WHEN it is recounted to one waiting, none with a priority: THEN so it counts
        assertTrue(queues.recount("q-1", KindNeeded.ANY, line("q-1"), new ConversationStore.LineTally(1, 0),
                T0.plusSeconds(9)));
        assertEquals(1, line("q-1").waiting());
        assertEquals(0, line("q-1").prioritizedWaiting());
    }

    @Test
    void aLineIsRecountedOnlyWhenNobodyTookATicketOrLeftSinceItWasRead() {
        // GIVEN a line whose counters say 3 wait
        queues.upsert("q-1", "Sales", 1);
        for (int i = 0; i < 3; i++) {
            queues.takeTicket("q-1", KindNeeded.ANY, false, T0);
        }
        var seen = queues.lines(List.of("q-1")).get("q-1").get(KindNeeded.ANY);
        // WHEN one more ticket is taken before the recount: THEN the recount changes nothing
        queues.takeTicket("q-1", KindNeeded.ANY, false, T0);
        assertFalse(queues.recount("q-1", KindNeeded.ANY, seen, new ConversationStore.LineTally(1, 0), T0));
        assertEquals(4, line("q-1").waiting());
        // WHEN it is read again and recounted to 2: THEN 2 wait, and the next ticket goes on from the last
        var again = line("q-1");
        assertTrue(queues.recount("q-1", KindNeeded.ANY, again, new ConversationStore.LineTally(2, 0), T0.plusSeconds(9)));
        assertEquals(T0.plusSeconds(9), line("q-1").lastTicketAt(), "counted: not again before a lease");
        assertEquals(2, line("q-1").waiting());
        assertEquals(5, queues.takeTicket("q-1", KindNeeded.ANY, false, T0));
        assertEquals(3, line("q-1").placeOf(5), "ticket 5, with two left before it: third");
        // AND a departure since the read refuses a recount too
        var last = line("q-1");
        queues.leave("q-1", KindNeeded.ANY, false, null);
        assertFalse(queues.recount("q-1", KindNeeded.ANY, last, new ConversationStore.LineTally(0, 0), T0));
        assertEquals(2, line("q-1").waiting());
    }

    private LineCount line(String queueId) {
        return queues.lines(List.of(queueId)).get(queueId).get(KindNeeded.ANY);
    }

    @Test
    void aQueuesPriorityAndAgingAreKeptAndDefaultWhenNotGiven() {
        // GIVEN a queue with a priority and a fractional aging
        var settings = new Queue("q-1", "Sales", 2, -3, 0.25);
        assertEquals(settings, queues.upsert(settings));
        // THEN it reads back the same, alone, in a batch and with its lines
        assertEquals(Optional.of(settings), queues.find("q-1"));
        assertEquals(List.of(settings), queues.findAll(List.of("q-1")));
        assertEquals(settings, queues.lines(List.of("q-1")).get("q-1").queue());
        // AND an upsert without them puts the defaults back
        assertEquals(new Queue("q-1", "Sales", 2, 0, 1), queues.upsert("q-1", "Sales", 2));
        assertEquals(0, queues.find("q-1").orElseThrow().priority());
    }

    @Test
    void aQueuesOpeningHoursAndOverflowRulesAreKept() {
        // GIVEN a queue with hours in Paris (a closed date, an opening to midnight) and one rule of each kind
        var hours = new OpeningHours(java.time.ZoneId.of("Europe/Paris"), List.of(
                new OpeningHours.Opening(java.time.DayOfWeek.MONDAY, 540, 1020),
                new OpeningHours.Opening(java.time.DayOfWeek.SATURDAY, 600, 1440)),
                Set.of(java.time.LocalDate.parse("2026-12-25")));
        var rules = List.of(
                new OverflowRule(new OverflowRule.MaxWaiting(20), new OverflowRule.TransferToQueue("q-2")),
                new OverflowRule(new OverflowRule.Closed(), new OverflowRule.TransferToBot("after-hours")),
                new OverflowRule(new OverflowRule.MaxWaiting(0), new OverflowRule.End("Closed, sorry.")));
        var settings = new Queue("q-1", "Sales", 1, 0, 1, AssignmentMethod.HIGHEST_CAPACITY, hours, rules);
        // WHEN it is written: THEN it reads back the same, alone and in a batch
        assertEquals(settings, queues.upsert(settings));
        assertEquals(Optional.of(settings), queues.find("q-1"));
        assertEquals(List.of(settings), queues.findAll(List.of("q-1")));
        // AND an upsert without them takes them away
        assertEquals(new Queue("q-1", "Sales", 1), queues.upsert("q-1", "Sales", 1));
        assertEquals(Optional.of(new Queue("q-1", "Sales", 1)), queues.find("q-1"));
    }

    @Test
    void upsertCreatesAQueueAndChangesIt() {
        // GIVEN a new queue
        assertEquals(new Queue("q-1", "Sales", 1), queues.upsert("q-1", "Sales", 1));
        // WHEN its name and units change
        var changed = queues.upsert("q-1", "Sales EU", 2);
        // THEN it reads back changed
        assertEquals(new Queue("q-1", "Sales EU", 2), changed);
        assertEquals(Optional.of(changed), queues.find("q-1"));
    }

    @Test
    void pagesListEveryQueueOnceAndTheLastSaysSo() {
        // GIVEN five queues
        for (int i = 1; i <= 5; i++) {
            queues.upsert("q-" + i, "Queue " + i, 1);
        }
        // WHEN they are read two at a time
        var seen = new java.util.ArrayList<Queue>();
        String after = null;
        int pages = 0;
        do {
            var page = queues.page(after, 2);
            assertTrue(page.queues().size() <= 2);
            seen.addAll(page.queues());
            after = page.after();
            pages++;
        } while (after != null && pages < 10);
        // THEN each came once, in three pages
        assertEquals(3, pages);
        assertEquals(List.of("q-1", "q-2", "q-3", "q-4", "q-5"), seen.stream().map(Queue::id).sorted().toList());
        // AND a page that ends with the last queue is the last
        assertNull(queues.page(null, 5).after());
    }

    // ---- members and the index of those with room

    @Test
    void membersJoinAndLeaveAndAreListedInIdOrderPageByPage() {
        // GIVEN five members of q-1, joined out of order, one of them also in q-2
        for (String id : List.of("p-4", "p-1", "p-5", "p-3", "p-2")) {
            members.join("q-1", atRevision(representative(id, 2, "q-1"), 1));
        }
        members.join("q-2", atRevision(bot("p-3", 1, "q-2"), 1));
        // WHEN one leaves, and someone who is no member leaves
        members.leave("q-1", "p-2");
        members.leave("q-1", "nobody");
        // THEN pages of two list the rest in id order, and the last page says so
        var first = members.page("q-1", null, 2);
        assertEquals(new MemberStore.MemberPage(List.of("p-1", "p-3"), "p-3"), first);
        assertEquals(new MemberStore.MemberPage(List.of("p-4", "p-5"), null), members.page("q-1", "p-3", 2));
        assertEquals(new MemberStore.MemberPage(List.of(), null), members.page("q-1", "p-5", 2));
        assertEquals(4, members.count("q-1"));
        assertEquals(1, members.count("q-2"));
        assertEquals(0, members.count("q-9"));
        // AND the one who left is no longer suggested; the others are, each once
        assertEquals(List.of("p-1", "p-3", "p-4", "p-5"),
                suggestedIds("q-1", ParticipantKind.REPRESENTATIVE, 10).stream().sorted().toList());
    }

    @Test
    void theIndexSuggestsMembersWithRoomMostRoomFirstThenIdleLongestPerKind() {
        // GIVEN representatives with 3, 2 (idle since T0), 2 (idle since T0+1 s) and 1 unit left, one busy and one
        // full, and a bot, all in q-1
        join("q-1", representative("r-3", 3, "q-1"));
        join("q-1", assigned(representative("r-2late", 3, "q-1"), 1, T0.plusSeconds(1)));
        join("q-1", assigned(representative("r-2early", 3, "q-1"), 1, T0));
        join("q-1", assigned(representative("r-1", 2, "q-1"), 1, T0));
        join("q-1", withPresence(representative("r-busy", 5, "q-1"), Presence.BUSY));
        join("q-1", assigned(representative("r-full", 1, "q-1"), 1, T0));
        join("q-1", bot("b-1", 9, "q-1"));
        // WHEN the best representatives are asked for
        // THEN those with room come most room first, ties to the one idle longest; only the few asked for
        assertEquals(List.of("r-3", "r-2early", "r-2late", "r-1"),
                suggestedIds("q-1", ParticipantKind.REPRESENTATIVE, 10));
        assertEquals(List.of("r-3", "r-2early"), suggestedIds("q-1", ParticipantKind.REPRESENTATIVE, 2));
        // AND each suggestion carries the rank and revision it was written with
        var best = members.mostRoom("q-1", AssignmentMethod.HIGHEST_CAPACITY, ParticipantKind.REPRESENTATIVE, 1).get(0);
        assertEquals(new MemberStore.Suggestion("r-3", ParticipantKind.REPRESENTATIVE,
                AssignmentMethod.HIGHEST_CAPACITY.rank(representative("r-3", 3, "q-1")), 1), best);
        // AND the kinds are apart, and another queue has none
        assertEquals(List.of("b-1"), suggestedIds("q-1", ParticipantKind.BOT, 10));
        assertEquals(List.of(), suggestedIds("q-2", ParticipantKind.BOT, 10));
    }

    @Test
    void aSecondClaimForAConversationHeldSettledIsReleasedFromTheParticipant() {
        // GIVEN a participant holding c-1 by a settled claim (token A)
        var rep = participants.upsert(representative("rep-1", 4, "q-1")).participant();
        var first = participants.claim(rep, "c-1", new Claim(1, "A", T0)).orElseThrow();
        assertTrue(participants.settle("rep-1", "c-1", first.unsettled().get("c-1")));
        // AND a second claim for c-1 (token B), made by a hand-out that read c-1 waiting a moment before
        var second = participants.claim(participants.find("rep-1").orElseThrow(), "c-1", new Claim(1, "B", T0))
                .orElseThrow();
        assertEquals(2, second.load());
        // WHEN the second is released (its conversation write lost)
        var after = participants.release("rep-1", "c-1", "B", 1);
        // THEN its unit goes back, and the first claim still holds c-1
        assertEquals(1, after.orElseThrow().load());
        assertEquals(1, participants.find("rep-1").orElseThrow().load());
        assertEquals(List.of("A"), participants.held(participants.find("rep-1").orElseThrow(), null, 10).claims()
                .stream().map(held -> held.claim().token()).toList());
        // AND a release of it again gives nothing back
        assertEquals(Optional.empty(), participants.release("rep-1", "c-1", "B", 1));
        assertEquals(1, participants.find("rep-1").orElseThrow().load());
    }

    @Test
    void aQueueRanksItsMembersByItsMethodAndAChangedMethodHidesTheOldRanks() {
        // GIVEN a round-robin queue and three members with room, assigned at different times
        queues.upsert(new Queue("q-rr", "RR", 1, 0, 1, AssignmentMethod.ROUND_ROBIN));
        var big = assigned(representative("big", 9, "q-rr"), 1, T0.plusSeconds(30));
        var early = assigned(representative("early", 2, "q-rr"), 1, T0.plusSeconds(10));
        var never = representative("never", 1, "q-rr");
        List.of(big, early, never).forEach(p -> join("q-rr", p));
        // THEN its index suggests the one assigned least recently first, and none by the default method's ranks
        assertEquals(List.of("never", "early", "big"), ids("q-rr", AssignmentMethod.ROUND_ROBIN));
        assertEquals(List.of(), ids("q-rr", AssignmentMethod.HIGHEST_CAPACITY));
        assertEquals(List.of(), members.missingRoom(List.of(atRevision(big, 1), atRevision(early, 1),
                atRevision(never, 1))), "each has the room item its queue's method needs");
        // WHEN the queue's method changes to highest-capacity
        queues.upsert(new Queue("q-rr", "RR", 1, 0, 1, AssignmentMethod.HIGHEST_CAPACITY));
        // THEN the members lack the room items the new method needs, and joining again writes them, taking out the old
        assertEquals(Set.of("big", "early", "never"), members.missingRoom(List.of(atRevision(big, 1),
                atRevision(early, 1), atRevision(never, 1))).stream().map(MemberStore.Entry::participantId)
                .collect(Collectors.toSet()));
        List.of(big, early, never).forEach(p -> join("q-rr", p));
        assertEquals(List.of("big", "never", "early"), ids("q-rr", AssignmentMethod.HIGHEST_CAPACITY));
        assertEquals(List.of(), ids("q-rr", AssignmentMethod.ROUND_ROBIN), "the old ranks are gone");
        // AND a mirror of a later revision ranks by the queue's method too
        queues.upsert(new Queue("q-rr", "RR", 1, 0, 1, AssignmentMethod.LEAST_ACTIVE));
        members.mirror(atRevision(assigned(big, 0, T0.plusSeconds(30)), 2));
        assertEquals(List.of("big"), ids("q-rr", AssignmentMethod.LEAST_ACTIVE));
    }

    @Test
    void aMirrorChangesOnlyAnEntryThatExistsAndNeverGoesBackToAnOlderRevision() {
        // GIVEN r-1 a member of q-1 only, mirrored at revision 5 with 3 units of room
        var r1 = atRevision(representative("r-1", 3, "q-1", "q-2"), 5);
        members.join("q-1", r1);
        // WHEN revision 7 (full) lands before revision 6 (one unit left)
        members.mirror(atRevision(assigned(r1, 3, T0), 7));
        members.mirror(atRevision(assigned(r1, 2, T0), 6));
        // THEN the entry mirrors revision 7: no room, so it is not suggested
        assertEquals(List.of(), suggestedIds("q-1", ParticipantKind.REPRESENTATIVE, 5));
        // AND q-2, which it never joined, got no entry from the mirror
        assertEquals(0, members.count("q-2"));
        assertEquals(List.of(), suggestedIds("q-2", ParticipantKind.REPRESENTATIVE, 5));
        // AND a join with an older revision changes nothing either, a newer mirror does, and leaves one room item
        members.join("q-1", r1);
        assertEquals(List.of(), suggestedIds("q-1", ParticipantKind.REPRESENTATIVE, 5));
        members.mirror(atRevision(assigned(r1, 1, T0), 8));
        members.mirror(atRevision(assigned(r1, 0, T0), 9));
        var suggested = members.mostRoom("q-1", AssignmentMethod.HIGHEST_CAPACITY, ParticipantKind.REPRESENTATIVE, 5);
        assertEquals(1, suggested.size(), suggested.toString());
        assertEquals(9, suggested.get(0).revision());
    }

    @Test
    void racingMirrorsLeaveTheNewestRevision() throws Exception {
        for (int round = 0; round < raceRounds(); round++) {
            // GIVEN a member, and sixteen mirrors of its revisions 1..16, the last one with room
            var r1 = representative("r-" + round, 16, "q-1");
            members.join("q-1", atRevision(assigned(r1, 16, T0), 0));
            // WHEN they all land at once
            race(16, i -> () -> {
                members.mirror(atRevision(assigned(r1, i == 15 ? 0 : 16, T0), i + 1));
                return null;
            });
            // THEN it is suggested once, by revision 16's room item
            var own = members.mostRoom("q-1", AssignmentMethod.HIGHEST_CAPACITY, ParticipantKind.REPRESENTATIVE, 100)
                    .stream()
                    .filter(s -> s.participantId().equals(r1.id())).toList();
            assertEquals(1, own.size(), own.toString());
            assertEquals(16, own.get(0).revision());
        }
    }

    @Test
    void aLookThatRequiresSkillsSuggestsOnlyMembersWhoseRoomItemsHaveThemInRankOrder() {
        // GIVEN in q-1, by room: r-plain (9, no skills), r-fr-2 (7, french 2), r-fr-4 (5, french 4, billing 1),
        // r-fr-billing (3, french 5, billing 3), and sixty more without skills ranked between them and the rest
        join("q-1", representative("r-plain", 9, "q-1"));
        join("q-1", representative("r-fr-2", 7, "q-1").withSkills(skills("french", 2)));
        join("q-1", representative("r-fr-4", 5, "q-1").withSkills(skills("french", 4, "billing", 1)));
        join("q-1", representative("r-fr-billing", 3, "q-1").withSkills(skills("french", 5, "billing", 3)));
        for (int i = 0; i < 60; i++) {
            join("q-1", representative(String.format("r-many-%02d", i), 4, "q-1"));
        }
        // THEN a look requiring french 3 passes over those without it, best first
        assertEquals(List.of("r-fr-4", "r-fr-billing"), suggestedIds("q-1", skills("french", 3), 5));
        assertEquals(List.of("r-fr-4"), suggestedIds("q-1", skills("french", 3), 1));
        // AND every required skill must be there at its level
        assertEquals(List.of("r-fr-billing"), suggestedIds("q-1", skills("french", 3, "billing", 2), 5));
        assertEquals(List.of(), suggestedIds("q-1", skills("french", 3, "german", 1), 5));
        // AND a look requiring nothing suggests by room alone
        assertEquals(List.of("r-plain", "r-fr-2"), suggestedIds("q-1", Skills.NONE, 2));
        // AND a member whose skills change is looked up by its new ones once mirrored
        var changed = atRevision(representative("r-fr-2", 7, "q-1").withSkills(skills("french", 3)), 2);
        members.mirror(changed);
        assertEquals(List.of("r-fr-2", "r-fr-4", "r-fr-billing"), suggestedIds("q-1", skills("french", 3), 5));
    }

    @Test
    void aLookByAnIndexedSkillReadsItsLevelsAtOrAboveTheOneAskedBothKindsBestFirst() {
        // GIVEN q-1 indexing french (its settings stored, so the store lays its room items out by them), and in it by
        // room: b-fr-5 (a bot, 20, french 5), r-plain (9, no skills), r-fr-2 (7, french 2), r-fr-4 (5, french 4,
        // billing 1), r-fr-3 (4, french 3, billing 2), r-fr-5 (3, french 5, billing 3) and sixty without skills
        var settings = new Queue("q-1", "Sales", 1, 0, 1, AssignmentMethod.HIGHEST_CAPACITY, null, List.of(),
                List.of(), 0, null, List.of("french"));
        assertEquals(settings, queues.upsert(settings));
        assertEquals(Optional.of(settings), queues.find("q-1"));
        join("q-1", bot("b-fr-5", 20, "q-1").withSkills(skills("french", 5)));
        join("q-1", representative("r-plain", 9, "q-1"));
        join("q-1", representative("r-fr-2", 7, "q-1").withSkills(skills("french", 2)));
        join("q-1", representative("r-fr-4", 5, "q-1").withSkills(skills("french", 4, "billing", 1)));
        join("q-1", representative("r-fr-3", 4, "q-1").withSkills(skills("french", 3, "billing", 2)));
        join("q-1", representative("r-fr-5", 3, "q-1").withSkills(skills("french", 5, "billing", 3)));
        for (int i = 0; i < 60; i++) {
            join("q-1", representative(String.format("r-many-%02d", i), 4, "q-1"));
        }
        var layout = settings.roomLayout();
        // WHEN a look of either kind requires french 3: THEN every level from 3 up, merged best first, the few asked
        var found = members.mostRoom("q-1", layout, KindNeeded.ANY, skills("french", 3), 3);
        assertEquals(List.of("b-fr-5", "r-fr-4", "r-fr-3"), found.stream().map(MemberStore.Suggestion::participantId)
                .toList());
        // AND each says the skill and level whose room item suggested it, and its kind
        assertEquals(List.of(new RoomLayout.SkillLevel("french", 5), new RoomLayout.SkillLevel("french", 4),
                new RoomLayout.SkillLevel("french", 3)), found.stream().map(MemberStore.Suggestion::foundBy).toList());
        assertEquals(ParticipantKind.BOT, found.get(0).kind());
        // AND a look for representatives only passes over the bot; one for bots over the representatives
        assertEquals(List.of("r-fr-4", "r-fr-3", "r-fr-5"), suggested(members.mostRoom("q-1", layout,
                KindNeeded.REPRESENTATIVE, skills("french", 3), 5)));
        assertEquals(List.of("b-fr-5"), suggested(members.mostRoom("q-1", layout, KindNeeded.BOT, skills("french", 1), 5)));
        // AND the other required skills are filtered on: billing 2 leaves r-fr-3 and r-fr-5
        assertEquals(List.of("r-fr-3", "r-fr-5"), suggested(members.mostRoom("q-1", layout, KindNeeded.ANY,
                skills("french", 3, "billing", 2), 5)));
        // AND a requirement the queue does not index reads its kinds' room items as before
        var billing = members.mostRoom("q-1", layout, KindNeeded.REPRESENTATIVE, skills("billing", 1), 5);
        assertEquals(List.of("r-fr-4", "r-fr-3", "r-fr-5"), suggested(billing));
        assertEquals(null, billing.get(0).foundBy());
        // AND a member whose level changes is found at its new level only, once mirrored
        members.mirror(atRevision(representative("r-fr-2", 7, "q-1").withSkills(skills("french", 4)), 2));
        assertEquals(List.of("r-fr-2", "r-fr-4", "r-fr-5"), suggested(members.mostRoom("q-1", layout,
                KindNeeded.REPRESENTATIVE, skills("french", 4), 5)));
        assertEquals(List.of("r-fr-2", "r-fr-4", "r-fr-3", "r-fr-5"), suggested(members.mostRoom("q-1", layout,
                KindNeeded.REPRESENTATIVE, skills("french", 2), 5)));
        // AND one that leaves the queue is found no more
        members.leave("q-1", "r-fr-4");
        assertEquals(List.of("r-fr-2", "r-fr-3"), suggested(members.mostRoom("q-1", layout, KindNeeded.REPRESENTATIVE,
                skills("french", 3), 2)));
    }

    private static List<String> suggested(List<MemberStore.Suggestion> suggestions) {
        return suggestions.stream().map(MemberStore.Suggestion::participantId).toList();
    }

    @Test
    void aParticipantsSkillsAreStoredReplacedByAnUpsertAndKeptByItsClaims() {
        // GIVEN a representative upserted with two skills
        var upserted = participants.upsert(representative("r-1", 2, "q-1")
                .withSkills(skills("french", 4, "billing", 2))).participant();
        assertEquals(skills("billing", 2, "french", 4), upserted.skills());
        assertEquals(skills("billing", 2, "french", 4), participants.find("r-1").orElseThrow().skills());
        // WHEN a claim lands on it: THEN the participant it answers has them still
        var claimed = participants.claim(upserted, "c-1", new Claim(1, "k1", T0)).orElseThrow();
        assertEquals(upserted.skills(), claimed.skills());
        // WHEN it is upserted again without skills: THEN it has none, and its load stays
        var again = participants.upsert(representative("r-1", 2, "q-1")).participant();
        assertEquals(Skills.NONE, again.skills());
        assertEquals(Skills.NONE, participants.find("r-1").orElseThrow().skills());
        assertEquals(1, participants.find("r-1").orElseThrow().load());
    }

    @Test
    void aLineReadForSomeSkillsPassesOverConversationsThatRequireOthers() {
        // GIVEN in q-1's line, oldest first: c-de-1 and c-de-2 (german 2), c-plain, c-fr (french 1), c-late
        var queue = new Queue("q-1", "q-1", 1);
        int minute = 0;
        for (var c : List.of(Map.entry("c-de-1", skills("german", 2)), Map.entry("c-de-2", skills("german", 2)),
                Map.entry("c-plain", Skills.NONE), Map.entry("c-fr", skills("french", 1)),
                Map.entry("c-late", Skills.NONE))) {
            store(Conversation.open(c.getKey(), "q-1", new Customer("cust", null), null, false, Map.of(), 0,
                    c.getValue(), T0, "e1").waitFor(KindNeeded.REPRESENTATIVE, queue, T0.plusSeconds(60 * minute++),
                            "e1", minute));
        }
        // THEN one without skills reads those requiring none, in order
        assertEquals(List.of("c-plain", "c-late"),
                ids(conversations.oldestWaiting("q-1", KindNeeded.REPRESENTATIVE, 5, Skills.NONE)));
        assertEquals(List.of("c-plain"),
                ids(conversations.oldestWaiting("q-1", KindNeeded.REPRESENTATIVE, 1, Skills.NONE)));
        // AND one with german 3 and french 1 may take them all
        assertEquals(List.of("c-de-1", "c-de-2", "c-plain", "c-fr", "c-late"), ids(conversations.oldestWaiting(
                "q-1", KindNeeded.REPRESENTATIVE, 5, skills("german", 3, "french", 1))));
        // AND each entry says what it requires, and the line read without skills shows them all
        var all = conversations.oldestWaiting("q-1", KindNeeded.REPRESENTATIVE, 5);
        assertEquals(5, all.size());
        assertEquals(skills("german", 2), all.get(0).requires());
        assertEquals(Skills.NONE, all.get(2).requires());
        // AND the conversation reads back with what it requires
        assertEquals(skills("french", 1), conversations.find("c-fr").orElseThrow().requiredSkills());
    }

    @Test
    void aLookLeavesARoomItemItsEntryStillNames() {
        // GIVEN r-1 suggested at revision 1 with 3 units of room, while it holds a claim whose mirror has not come yet
        var before = representative("r-1", 3, "q-1");
        join("q-1", before);
        var suggested = members.mostRoom("q-1", AssignmentMethod.HIGHEST_CAPACITY, ParticipantKind.REPRESENTATIVE, 5)
                .get(0);
        // WHEN a look that read the claim mends the suggestion
        members.mend("q-1", suggested);
        // THEN it stays: its entry names it, and until the claim's mirror it keeps r-1 in the index
        assertEquals(List.of(suggested),
                members.mostRoom("q-1", AssignmentMethod.HIGHEST_CAPACITY, ParticipantKind.REPRESENTATIVE, 5));
        // AND once the mirror came, a late mend of the old suggestion changes nothing
        var now = atRevision(assigned(before, 1, T0), 2);
        members.mirror(now);
        members.mend("q-1", suggested);
        assertEquals(List.of(new MemberStore.Suggestion("r-1", ParticipantKind.REPRESENTATIVE,
                AssignmentMethod.HIGHEST_CAPACITY.rank(now), 2)),
                members.mostRoom("q-1", AssignmentMethod.HIGHEST_CAPACITY, ParticipantKind.REPRESENTATIVE, 5));
    }

    @Test
    void theRoomItemsThatParticipantsWithRoomLackAreFound() {
        // GIVEN r-1 with room in q-1 and q-2, joined to q-1 only; r-2 full; r-3 with room, joined
        var r1 = atRevision(representative("r-1", 3, "q-1", "q-2"), 1);
        members.join("q-1", r1);
        var r2 = atRevision(assigned(representative("r-2", 1, "q-1"), 1, T0), 1);
        members.join("q-1", r2);
        var r3 = atRevision(representative("r-3", 1, "q-1"), 1);
        members.join("q-1", r3);
        // WHEN r-1 took a claim whose mirror never came, and the room items are checked
        var r1now = atRevision(assigned(r1, 1, T0), 2);
        var missing = members.missingRoom(List.of(r1now, r2, r3));
        // THEN r-1's in both queues are missing (its rank changed; q-2 it never had), no one else's
        assertEquals(Set.of(new MemberStore.Entry("q-1", "r-1"), new MemberStore.Entry("q-2", "r-1")),
                Set.copyOf(missing));
        // AND joining it again (the sweeper's mend) makes them
        members.join("q-1", r1now);
        members.join("q-2", r1now);
        assertEquals(List.of(), members.missingRoom(List.of(r1now, r2, r3)));
    }

    private List<String> ids(String queueId, AssignmentMethod method) {
        return members.mostRoom(queueId, method, ParticipantKind.REPRESENTATIVE, 10).stream()
                .map(MemberStore.Suggestion::participantId).toList();
    }

    private List<String> suggestedIds(String queueId, ParticipantKind kind, int limit) {
        return members.mostRoom(queueId, AssignmentMethod.HIGHEST_CAPACITY, kind, limit).stream()
                .map(MemberStore.Suggestion::participantId).toList();
    }

    @Test
    void aClaimAnswersTheParticipantAsItLeftItForTheIndexToMirror() {
        // GIVEN a representative with 3 units, one of them claimed since the read below
        var seen = participants.upsert(representative("rep-1", 3, "q-1")).participant();
        assertTrue(participants.claim(seen, "c-1", new Claim(1, "k1", T0)).isPresent());
        // WHEN another claim is made on the state read before the first
        var after = participants.claim(seen, "c-2", new Claim(1, "k2", T0.plusSeconds(1))).orElseThrow();
        // THEN it answers the load and revision the write left (not the seen ones plus one), and the claim
        assertEquals(2, after.load());
        assertEquals(3, after.revision());
        assertEquals(T0.plusSeconds(1), after.lastAssignedAt());
        assertEquals(new Claim(1, "k2", T0.plusSeconds(1)), after.unsettled().get("c-2"));
        assertEquals(participants.find("rep-1").orElseThrow().revision(), after.revision());
    }

    private void join(String queueId, Participant participant) {
        members.join(queueId, atRevision(participant, 1));
    }

    private static Participant atRevision(Participant p, long revision) {
        return new Participant(p.id(), p.kind(), p.name(), p.capacity(), p.load(), p.queues(), p.presence(),
                p.webhook(), p.unsettled(), p.lastAssignedAt(), revision, p.lastReleasedAt(), p.skills());
    }

    /** The participant holding {@code load} units, last assigned at {@code at}. */
    private static Participant assigned(Participant p, int load, Instant at) {
        return new Participant(p.id(), p.kind(), p.name(), p.capacity(), load, p.queues(), p.presence(), p.webhook(),
                Map.of(), at, p.revision(), p.lastReleasedAt(), p.skills());
    }

    private static Participant withPresence(Participant p, Presence presence) {
        return new Participant(p.id(), p.kind(), p.name(), p.capacity(), p.load(), p.queues(), presence, p.webhook(),
                Map.of(), p.lastAssignedAt(), p.revision(), p.lastReleasedAt(), p.skills());
    }

    @Test
    void findAllQueuesReadsThoseThatExistOnceEach() {
        queues.upsert("q-1", "Sales", 1);
        queues.upsert("q-2", "Support", 2);
        var found = queues.findAll(List.of("q-2", "q-9", "q-1", "q-2"));
        assertEquals(2, found.size());
        assertEquals(Set.of(new Queue("q-1", "Sales", 1), new Queue("q-2", "Support", 2)),
                Set.copyOf(found));
        assertEquals(List.of(), queues.findAll(List.of()));
    }

    @Test
    void findForStartReadsTheQueueAndTheConversationTogether() {
        // GIVEN a queue and a conversation
        var queue = queues.upsert("q-1", "Sales", 1);
        var conversation = conversations.create(open("c-1", "q-1"));
        // THEN each is found where it exists, and only there
        assertEquals(new QueueStore.QueueAndConversation(Optional.of(queue), Optional.of(conversation)),
                queues.findForStart("q-1", "c-1"));
        assertEquals(new QueueStore.QueueAndConversation(Optional.of(queue), Optional.empty()),
                queues.findForStart("q-1", "c-2"));
        assertEquals(new QueueStore.QueueAndConversation(Optional.empty(), Optional.of(conversation)),
                queues.findForStart("q-2", "c-1"));
        assertEquals(new QueueStore.QueueAndConversation(Optional.empty(), Optional.empty()),
                queues.findForStart("q-2", "c-2"));
    }

    // ---- channels

    @Test
    void anUpsertRegistersAChannelThatReadsBackWithItsWebhook() {
        // GIVEN no channel; WHEN one is upserted
        var channel = new Channel("webchat", HOOK);
        assertEquals(channel, channels.upsert(channel));
        // THEN it reads back as given, secret included, and only under its own id
        assertEquals(Optional.of(channel), channels.find("webchat"));
        assertEquals(Optional.empty(), channels.find("sms"));
    }

    @Test
    void anUpsertReplacesAChannelsWebhook() {
        // GIVEN a registered channel
        channels.upsert(new Channel("webchat", HOOK));
        // WHEN it is upserted with another URL and secret (a rotation)
        var rotated = new Channel("webchat", new Webhook("https://chat.example/v2", "whsec_bmV3"));
        channels.upsert(rotated);
        // THEN only the new webhook is stored
        assertEquals(Optional.of(rotated), channels.find("webchat"));
    }

    // ---- the admin events' ledger

    @Test
    void theFirstBeginClaimsTheEventAndASecondSeesItInProgress() {
        // GIVEN an event begun by attempt A
        assertEquals(Optional.empty(), ledger.begin("ev-1", "A", "hash-1", T0, LEASE));
        // WHEN it is begun again within the lease, by B or by A itself, with the same or another body
        // THEN each sees the first record in progress, with the first body's hash
        var inProgress = Optional.of(new Entry("hash-1", false, List.of()));
        assertEquals(inProgress, ledger.begin("ev-1", "B", "hash-1", T0.plusSeconds(1), LEASE));
        assertEquals(inProgress, ledger.begin("ev-1", "B", "hash-2", T0.plusSeconds(1), LEASE));
        assertEquals(inProgress, ledger.begin("ev-1", "A", "hash-1", T0.plusSeconds(1), LEASE));
        // AND another event is claimed independently
        assertEquals(Optional.empty(), ledger.begin("ev-2", "B", "hash-1", T0, LEASE));
    }

    @Test
    void aRepeatOfACompletedEventSeesItsHandouts() {
        // GIVEN an event completed with two hand-outs
        ledger.begin("ev-1", "A", "hash-1", T0, LEASE);
        var handouts = List.of(new Handout("c-2", "rep-1", ParticipantKind.REPRESENTATIVE),
                new Handout("c-1", "bot-1", ParticipantKind.BOT));
        ledger.complete("ev-1", "A", handouts);
        // WHEN it is begun again, even after its lease would have run out
        // THEN the repeat sees it completed, with the hand-outs in order
        var completed = Optional.of(new Entry("hash-1", true, handouts));
        assertEquals(completed, ledger.begin("ev-1", "B", "hash-1", T0.plusSeconds(1), LEASE));
        assertEquals(completed, ledger.begin("ev-1", "B", "hash-1", T0.plus(Duration.ofHours(1)), LEASE));
    }

    @Test
    void onlyTheOwnerCompletesTheRecord() {
        // GIVEN an event held by A
        ledger.begin("ev-1", "A", "hash-1", T0, LEASE);
        // WHEN B completes it; THEN it is still in progress
        ledger.complete("ev-1", "B", List.of(new Handout("c-1", "bot-1", ParticipantKind.BOT)));
        assertEquals(Optional.of(new Entry("hash-1", false, List.of())),
                ledger.begin("ev-1", "C", "hash-1", T0.plusSeconds(1), LEASE));
        // AND completing an event nobody began writes nothing
        ledger.complete("ev-2", "A", List.of());
        assertEquals(Optional.empty(), ledger.begin("ev-2", "C", "hash-1", T0.plusSeconds(1), LEASE));
    }

    @Test
    void onlyTheOwnerForgetsAnInProgressRecordAndARetryThenRunsAtOnce() {
        // GIVEN an event held by A
        ledger.begin("ev-1", "A", "hash-1", T0, LEASE);
        // WHEN B forgets it; THEN it is still held
        ledger.forget("ev-1", "B");
        assertEquals(Optional.of(new Entry("hash-1", false, List.of())),
                ledger.begin("ev-1", "C", "hash-1", T0.plusSeconds(1), LEASE));
        // WHEN A forgets it; THEN a retry claims it at once, within A's lease
        ledger.forget("ev-1", "A");
        assertEquals(Optional.empty(), ledger.begin("ev-1", "C", "hash-1", T0.plusSeconds(1), LEASE));
    }

    @Test
    void aCompletedRecordIsNotForgotten() {
        // GIVEN an event completed by A
        ledger.begin("ev-1", "A", "hash-1", T0, LEASE);
        ledger.complete("ev-1", "A", List.of());
        // WHEN A forgets it; THEN it is still completed
        ledger.forget("ev-1", "A");
        assertEquals(Optional.of(new Entry("hash-1", true, List.of())),
                ledger.begin("ev-1", "B", "hash-1", T0.plusSeconds(1), LEASE));
    }

    @Test
    void anExpiredLeaseLetsAnotherAttemptTakeOver() {
        // GIVEN an event held by A with a 30 s lease (to the millisecond)
        ledger.begin("ev-1", "A", "hash-1", T0.plusMillis(1), LEASE);
        // WHEN B begins when the lease ends: THEN still A's
        assertTrue(ledger.begin("ev-1", "B", "hash-1", T0.plusMillis(1).plus(LEASE), LEASE).isPresent());
        // WHEN B begins one millisecond later: THEN B holds it
        Instant takeOver = T0.plusMillis(2).plus(LEASE);
        assertEquals(Optional.empty(), ledger.begin("ev-1", "B", "hash-1", takeOver, LEASE));
        // AND A, back late, neither completes nor forgets it; B completes it
        ledger.complete("ev-1", "A", List.of(new Handout("c-a", "bot-1", ParticipantKind.BOT)));
        ledger.forget("ev-1", "A");
        assertEquals(Optional.of(new Entry("hash-1", false, List.of())),
                ledger.begin("ev-1", "C", "hash-1", takeOver.plusSeconds(1), LEASE));
        var handouts = List.of(new Handout("c-b", "rep-1", ParticipantKind.REPRESENTATIVE));
        ledger.complete("ev-1", "B", handouts);
        assertEquals(Optional.of(new Entry("hash-1", true, handouts)),
                ledger.begin("ev-1", "C", "hash-1", takeOver.plusSeconds(2), LEASE));
    }

    @Test
    void aRecordOlderThan48HoursIsClaimableAgain() {
        // GIVEN an event completed with a hand-out, begun at T0 (a whole second)
        ledger.begin("ev-1", "A", "hash-1", T0, LEASE);
        ledger.complete("ev-1", "A", List.of(new Handout("c-1", "bot-1", ParticipantKind.BOT)));
        Instant expiry = T0.plus(EventRecord.REMEMBERED);
        // WHEN it is begun at 48 h and within the second after: THEN still remembered (expiry is kept in seconds)
        assertTrue(ledger.begin("ev-1", "B", "hash-2", expiry, LEASE).orElseThrow().completed());
        assertTrue(ledger.begin("ev-1", "B", "hash-2", expiry.plusMillis(999), LEASE).orElseThrow().completed());
        // WHEN it is begun a second after 48 h, even with another body: THEN it is claimed anew
        assertEquals(Optional.empty(), ledger.begin("ev-1", "B", "hash-2", expiry.plusSeconds(1), LEASE));
        // AND the new record is B's, in progress, with no hand-outs left from the first
        assertEquals(Optional.of(new Entry("hash-2", false, List.of())),
                ledger.begin("ev-1", "C", "hash-2", expiry.plusSeconds(2), LEASE));
    }

    @Test
    void racingBeginsLetOneAttemptClaimTheEvent() throws Exception {
        for (int round = 0; round < raceRounds(); round++) {
            // WHEN 16 attempts begin one event at once
            String event = "ev-" + round;
            var claimed = race(16, i -> () -> ledger.begin(event, "attempt-" + i, "hash-1", T0, LEASE).isEmpty());
            // THEN exactly one claims it
            assertEquals(1, claimed.stream().filter(c -> c).count());
        }
    }

    // ---- helpers

    private void assertRefused(Participant seen, String conversationId, Claim claim) {
        var before = participants.find(seen.id());
        assertFalse(participants.claim(seen, conversationId, claim).isPresent());
        assertEquals(before, participants.find(seen.id()));
    }

    private Conversation store(Conversation conversation) {
        return conversations.create(conversation);
    }

    private static Conversation open(String id, String queueId) {
        return Conversation.open(id, queueId, new Customer("cust-7", "Ana"), "webchat", false, Map.of("orderId", "A-1"),
                0, T0, "e1");
    }

    private static Conversation waiting(String id, String queueId, KindNeeded needed, Instant since) {
        return open(id, queueId).waitFor(needed, new Queue(queueId, queueId, 1), since, "e1", 1);
    }

    /** Assigned to a bot at {@code since}: its calls are owed from then; the event's record is kept too. */
    private static Conversation owed(String id, Instant since) {
        var bot = new Assignee("bot-1", ParticipantKind.BOT, 1, "key-" + id);
        var assigned = open(id, "q-1").assignTo(bot, "q-1", since, "e1", "key-" + id);
        return assigned.remember("key-" + id, new EventRecord("e1", "hash", since,
                new Outcome(ConversationStatus.ASSIGNED, "q-1", bot, null, null, null, null), null));
    }

    private static Participant bot(String id, int capacity, String... queueIds) {
        return new Participant(id, ParticipantKind.BOT, "Bot", capacity, 0, List.of(queueIds), Presence.AVAILABLE,
                HOOK, Map.of(), null);
    }

    private static Participant representative(String id, int capacity, String... queueIds) {
        return new Participant(id, ParticipantKind.REPRESENTATIVE, "Rep", capacity, 0, List.of(queueIds),
                Presence.AVAILABLE, null, Map.of(), null);
    }

    private static Skills skills(Object... nameThenLevel) {
        var levels = new java.util.TreeMap<String, Integer>();
        for (int i = 0; i < nameThenLevel.length; i += 2) {
            levels.put((String) nameThenLevel[i], (Integer) nameThenLevel[i + 1]);
        }
        return Skills.of(levels);
    }

    private List<String> suggestedIds(String queueId, Skills required, int limit) {
        return members.mostRoom(queueId, RoomLayout.DEFAULT, KindNeeded.REPRESENTATIVE, required,
                limit).stream().map(MemberStore.Suggestion::participantId).toList();
    }

    private static List<String> ids(List<WaitingEntry> line) {
        return line.stream().map(WaitingEntry::conversationId).collect(Collectors.toList());
    }

    /**
     * Runs {@code threads} tasks from real threads released at once; their results in task order. Fresh threads for
     * each race: reused ones interleaved less and let an unsynchronized in-memory claim pass.
     */
    private static <T> List<T> race(int threads, IntFunction<Callable<T>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            var ready = new CountDownLatch(threads);
            var go = new CountDownLatch(1);
            var futures = new ArrayList<Future<T>>();
            for (int i = 0; i < threads; i++) {
                Callable<T> work = task.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return work.call();
                }));
            }
            ready.await();
            go.countDown();
            var results = new ArrayList<T>();
            for (var future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
