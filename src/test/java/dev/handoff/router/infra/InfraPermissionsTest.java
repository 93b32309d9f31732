package dev.handoff.router.infra;

import static dev.handoff.router.functions.EventTypes.CONVERSATION_GET;
import static dev.handoff.router.functions.EventTypes.END;
import static dev.handoff.router.functions.EventTypes.ESCALATE;
import static dev.handoff.router.functions.EventTypes.PARTICIPANT_PRESENCE;
import static dev.handoff.router.functions.EventTypes.PARTICIPANT_UPSERT;
import static dev.handoff.router.functions.EventTypes.QUEUE_UPSERT;
import static dev.handoff.router.functions.EventTypes.START;
import static dev.handoff.router.functions.EventTypes.TRANSFER_TO_BOT;
import static dev.handoff.router.testing.Events.event;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.ParticipantStore;
import dev.handoff.router.testing.BotServer;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.DynamoDbProbe;
import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.World;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * Each function's role in infra/template.yaml grants exactly the DynamoDB calls its events make, as the code really
 * makes them: every event type is driven through the router (happy paths, waiting lines, hand-outs of freed capacity,
 * a repeat of the same event, and a retry after a crash at each write) while {@link DynamoDbProbe} records each call's
 * operation, table and index. {@code route} takes every type, so it needs the union.
 */
@QuarkusTest
@WithTestResource(DynaliteResource.class)
class InfraPermissionsTest {
    private static final BotServer BOTS = new BotServer();
    private static final String ROUTE = "route";
    private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem");
    /**
     * The types whose retry after a crash takes a path of its own: they leave a record of the event on the
     * conversation, and a retry that finds it finishes what is owed (bot calls, the release, hand-outs). An admin
     * event keeps no such record; its retry is a plain second run of the paths the clean run already took.
     */
    private static final Set<String> RECORDED_TYPES = Set.of(START, ESCALATE, TRANSFER_TO_BOT, END);

    /**
     * Calls the code makes only after losing a race to a concurrent writer, which a test cannot bring about at a
     * chosen moment: a start whose create finds the conversation created meanwhile (a concurrent delivery of the same
     * event) reads it back (StartConversation, the AlreadyStored branch); a stale write while recording a delivery or
     * offering a new conversation re-reads it too (BotDeliveries.record, HandOuts.offer). Granted, and checked not to
     * be reached by the scenarios (else it belongs to what they derive, not here).
     */
    private static final Map<String, Set<Grant>> RACE_ONLY = Map.of(
            START, Set.of(new Grant("dynamodb:GetItem", "conversations", null)));

    @Inject
    ParticipantStore participants;

    @Inject
    ConversationStore conversations;

    @ConfigProperty(name = "router.dynamodb.table-prefix")
    String tablePrefix;

    /** What the events of each type were seen to need. */
    private final Map<String, Set<Grant>> needed = new TreeMap<>();

    /**
     * One situation and the event under test in it.
     *
     * @param prepare sets up a fresh world (not recorded) and returns the event under test
     * @param expect  checks that the event took the path the scenario is about
     */
    record Scenario(String name, Function<World, Map<String, Object>> prepare, BiConsumer<World, JsonPath> expect) {
    }

    @AfterAll
    static void stopBots() {
        BOTS.close();
    }

    @Test
    void eachFunctionIsGrantedExactlyTheDynamoDbCallsItsEventsMake() {
        scenarios().forEach(this::play);

        var template = InfraTemplate.load();
        var drivenTypes = new TreeSet<>(ExportedFunctions.names());
        drivenTypes.remove(ROUTE);
        assertEquals(drivenTypes, needed.keySet(), "every exported event type is driven by some scenario");
        RACE_ONLY.forEach((type, grants) -> grants.forEach(grant -> assertFalse(needed.get(type).contains(grant),
                type + ": " + grant + " is reached by the scenarios now; remove it from RACE_ONLY")));

        var expected = new TreeMap<String, Set<Grant>>();
        needed.forEach((type, grants) -> expected.put(type, union(grants, RACE_ONLY.getOrDefault(type, Set.of()))));
        expected.put(ROUTE, expected.values().stream().reduce(Set.of(), InfraPermissionsTest::union));

        var functionByExport = new TreeMap<String, String>();
        template.exportsByFunction().forEach((function, export) -> functionByExport.put(export, function));
        var problems = new ArrayList<String>();
        expected.forEach((export, grants) -> {
            String function = functionByExport.get(export);
            if (function == null) {
                problems.add(export + ": no function in " + InfraTemplate.FILE + " exports it");
                return;
            }
            Set<Grant> granted = template.dynamoDbGrants(function);
            var missing = new TreeSet<>(grants);
            missing.removeAll(granted);
            var unused = new TreeSet<>(granted);
            unused.removeAll(grants);
            if (!missing.isEmpty()) {
                problems.add(function + " (" + export + ") is denied calls the code makes: " + missing);
            }
            if (!unused.isEmpty()) {
                problems.add(function + " (" + export + ") is granted calls its events never make: " + unused);
            }
        });
        assertEquals(List.of(), problems, "the template's DynamoDB grants against the calls the code makes");
    }

    /** The scenario's event: clean, repeated, and retried after the answer of each write was lost. */
    private void play(Scenario scenario) {
        var world = new World(participants, conversations);
        var event = scenario.prepare().apply(world);
        var first = sendRecorded(event);
        var firstCalls = DynamoDbProbe.calls();
        scenario.expect().accept(world, first);

        var repeat = sendRecorded(event);
        assertEquals(first.getString("status"), repeat.getString("status"),
                scenario.name() + ": a repeat of the event answers as the first time");

        if (!RECORDED_TYPES.contains(typeOf(event))) {
            return;
        }
        for (int call = 1; call <= firstCalls.size(); call++) {
            if (WRITES.contains(firstCalls.get(call - 1).operation())) {
                crashAtThenRetry(scenario, call, first.getString("status"));
            }
        }
    }

    /**
     * A fresh world, the same situation; the answer of the {@code call}th DynamoDB call is lost (the write happened,
     * the function dies), then the platform's retry of the same event must end as the clean run did.
     */
    private void crashAtThenRetry(Scenario scenario, int call, String cleanStatus) {
        var world = new World(participants, conversations);
        var event = scenario.prepare().apply(world);
        DynamoDbProbe.reset();
        DynamoDbProbe.failCall(call, DynamoDbProbe.Fault.RESPONSE_LOST);
        given().contentType("application/json").body(event).when().post().then().statusCode(500);
        assertTrue(DynamoDbProbe.fired(), scenario.name() + ": the fault at call " + call + " fired");
        record(typeOf(event), DynamoDbProbe.calls());
        var retried = sendRecorded(event);
        assertEquals(cleanStatus, retried.getString("status"),
                scenario.name() + ": the retry after losing the answer of call " + call);
    }

    private JsonPath sendRecorded(Map<String, Object> event) {
        DynamoDbProbe.reset();
        var answer = Events.send(event);
        record(typeOf(event), DynamoDbProbe.calls());
        return answer;
    }

    private void record(String type, List<DynamoDbProbe.Call> calls) {
        var grants = needed.computeIfAbsent(type, t -> new TreeSet<>());
        for (DynamoDbProbe.Call call : calls) {
            for (String table : call.tables()) {
                assertTrue(table.startsWith(tablePrefix), type + ": " + call + " names a table without the prefix");
                grants.add(new Grant("dynamodb:" + call.operation(), table.substring(tablePrefix.length()),
                        call.index()));
            }
        }
    }

    private static List<Scenario> scenarios() {
        return List.of(
                new Scenario("a queue is created",
                        w -> event(QUEUE_UPSERT, Map.of("queueId", w.id("q1"), "name", "q1")),
                        (w, answer) -> assertEquals("ok", answer.getString("status"))),
                new Scenario("a bot joins a queue",
                        w -> {
                            w.queue("q1");
                            return event(PARTICIPANT_UPSERT, botSettings(w, "bot-a", 1, "q1"));
                        },
                        (w, answer) -> assertEquals("ok", answer.getString("status"))),
                new Scenario("a bot moves to another queue",
                        w -> {
                            w.queue("q1");
                            w.queue("q2");
                            w.bot(bot(w, "bot-a"), 1, "q1");
                            return event(PARTICIPANT_UPSERT, botSettings(w, "bot-a", 1, "q2"));
                        },
                        (w, answer) -> assertEquals("ok", answer.getString("status"))),
                new Scenario("more capacity hands out a waiting conversation",
                        w -> {
                            w.queue("q1");
                            w.bot(bot(w, "bot-a"), 1, "q1");
                            Events.send(start(w, "c1", "q1"));
                            Events.send(start(w, "c2", "q1"));
                            return event(PARTICIPANT_UPSERT, botSettings(w, "bot-a", 2, "q1"));
                        },
                        (w, answer) -> assertEquals(List.of(w.id("c2")), answer.getList("assigned.conversationId"))),
                new Scenario("a representative going available takes a waiting escalation",
                        w -> {
                            w.queue("q1");
                            w.bot(bot(w, "bot-a"), 1, "q1");
                            w.representative("rep", 1, "q1");
                            Events.send(presence(w, "rep", "offline"));
                            Events.send(start(w, "c1", "q1"));
                            Events.send(escalate(w, "c1", "bot-a", "q1"));
                            return presence(w, "rep", "available");
                        },
                        (w, answer) -> assertEquals(List.of(w.id("rep")),
                                answer.getList("assigned.assignee.participantId"))),
                new Scenario("a representative goes offline",
                        w -> {
                            w.queue("q1");
                            w.representative("rep", 1, "q1");
                            return presence(w, "rep", "offline");
                        },
                        (w, answer) -> assertEquals(List.of(), answer.getList("assigned"))),
                new Scenario("a start goes to a bot, which greets",
                        w -> {
                            w.queue("q1");
                            w.bot(bot(w, "bot-a"), 1, "q1");
                            return start(w, "c1", "q1");
                        },
                        (w, answer) -> assertEquals(w.id("bot-a"), answer.getString("greeting.participantId"))),
                new Scenario("a start waits when no one has room",
                        w -> {
                            w.queue("q1");
                            w.bot(bot(w, "bot-a"), 1, "q1");
                            Events.send(start(w, "c0", "q1"));
                            return start(w, "c1", "q1");
                        },
                        (w, answer) -> assertEquals(1, answer.getInt("position"))),
                new Scenario("an escalation goes to a representative",
                        w -> {
                            w.queue("q1");
                            w.bot(bot(w, "bot-a"), 2, "q1");
                            w.representative("rep", 1, "q1");
                            Events.send(start(w, "c1", "q1"));
                            return escalate(w, "c1", "bot-a", "q1");
                        },
                        (w, answer) -> assertEquals(w.id("rep"), answer.getString("assignee.participantId"))),
                new Scenario("an escalation waits for a representative",
                        w -> {
                            w.queue("q1");
                            w.bot(bot(w, "bot-a"), 1, "q1");
                            w.representative("rep", 1, "q1");
                            Events.send(presence(w, "rep", "offline"));
                            Events.send(start(w, "c1", "q1"));
                            return escalate(w, "c1", "bot-a", "q1");
                        },
                        (w, answer) -> assertEquals("waiting", answer.getString("status"))),
                new Scenario("an escalation frees the bot for a waiting conversation",
                        w -> {
                            w.queue("q1");
                            w.queue("q2");
                            w.bot(bot(w, "bot-a"), 1, "q1");
                            w.representative("rep", 1, "q2");
                            Events.send(start(w, "c1", "q1"));
                            Events.send(start(w, "c2", "q1"));
                            return escalate(w, "c1", "bot-a", "q2");
                        },
                        (w, answer) -> assertEquals(w.id("bot-a"),
                                w.conversation("c2").assignee().participantId())),
                new Scenario("a representative transfers to a bot of another queue",
                        w -> {
                            prepareTransfer(w, 1);
                            return transfer(w, "c1", "q3");
                        },
                        (w, answer) -> assertEquals(w.id("bot-b"), answer.getString("assignee.participantId"))),
                new Scenario("a transfer frees the representative for a waiting escalation",
                        w -> {
                            prepareTransfer(w, 2);
                            Events.send(start(w, "c2", "q1"));
                            Events.send(escalate(w, "c2", "bot-a", "q2"));
                            return transfer(w, "c1", "q3");
                        },
                        (w, answer) -> assertEquals(w.id("rep"), w.conversation("c2").assignee().participantId())),
                new Scenario("a transfer finds no bot",
                        w -> {
                            prepareTransfer(w, 1);
                            return transfer(w, "c1", "q2");
                        },
                        (w, answer) -> assertEquals("no_bot_available", answer.getString("error.code"))),
                new Scenario("the assignee ends a conversation",
                        w -> {
                            w.queue("q1");
                            w.bot(bot(w, "bot-a"), 1, "q1");
                            Events.send(start(w, "c1", "q1"));
                            return end(w, "c1", w.id("bot-a"));
                        },
                        (w, answer) -> assertEquals("ended", answer.getString("status"))),
                new Scenario("an end hands the capacity to a waiting conversation",
                        w -> {
                            w.queue("q1");
                            w.bot(bot(w, "bot-a"), 1, "q1");
                            Events.send(start(w, "c1", "q1"));
                            Events.send(start(w, "c2", "q1"));
                            return end(w, "c1", "cust-c1");
                        },
                        (w, answer) -> assertEquals(w.id("bot-a"),
                                w.conversation("c2").assignee().participantId())),
                new Scenario("a conversation is read",
                        w -> {
                            w.queue("q1");
                            w.bot(bot(w, "bot-a"), 1, "q1");
                            Events.send(start(w, "c1", "q1"));
                            return event(CONVERSATION_GET, Map.of("conversationId", w.id("c1")));
                        },
                        (w, answer) -> assertEquals("assigned", answer.getString("status"))));
    }

    /** c1 held by the representative of q2 (escalated from bot-a of q1); bot-b serves q3. */
    private static void prepareTransfer(World w, int botACapacity) {
        w.queue("q1");
        w.queue("q2");
        w.queue("q3");
        w.bot(bot(w, "bot-a"), botACapacity, "q1");
        w.representative("rep", 1, "q2");
        w.bot(bot(w, "bot-b"), 1, "q3");
        Events.send(start(w, "c1", "q1"));
        Events.send(escalate(w, "c1", "bot-a", "q2"));
    }

    private static BotServer.Bot bot(World w, String name) {
        return BOTS.bot(w.id(name), "Hello from " + name);
    }

    /** A bot's participant.upsert data; registers the bot on the bot server. */
    private static Map<String, Object> botSettings(World w, String name, int capacity, String queue) {
        var bot = bot(w, name);
        var data = new LinkedHashMap<String, Object>();
        data.put("participantId", bot.id());
        data.put("kind", "bot");
        data.put("name", name);
        data.put("capacity", capacity);
        data.put("queues", List.of(w.id(queue)));
        data.put("webhook", Map.of("url", bot.url(), "secret", bot.secret()));
        return data;
    }

    private static Map<String, Object> start(World w, String conversation, String queue) {
        return event(START, Map.of("conversationId", w.id(conversation), "queueId", w.id(queue),
                "customer", Map.of("id", "cust-" + conversation)));
    }

    private static Map<String, Object> escalate(World w, String conversation, String by, String targetQueue) {
        return event(ESCALATE, Map.of("conversationId", w.id(conversation), "requestedBy", w.id(by),
                "targetQueueId", w.id(targetQueue)));
    }

    private static Map<String, Object> transfer(World w, String conversation, String targetQueue) {
        return event(TRANSFER_TO_BOT, Map.of("conversationId", w.id(conversation), "requestedBy", w.id("rep"),
                "targetQueueId", w.id(targetQueue)));
    }

    private static Map<String, Object> end(World w, String conversation, String by) {
        return event(END, Map.of("conversationId", w.id(conversation), "requestedBy", by));
    }

    private static Map<String, Object> presence(World w, String participant, String presence) {
        return event(PARTICIPANT_PRESENCE, Map.of("participantId", w.id(participant), "presence", presence));
    }

    private static String typeOf(Map<String, Object> event) {
        return (String) event.get("type");
    }

    private static Set<Grant> union(Set<Grant> a, Set<Grant> b) {
        var all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
