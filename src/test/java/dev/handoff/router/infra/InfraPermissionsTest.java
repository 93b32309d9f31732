package dev.handoff.router.infra;

import static dev.handoff.router.testing.Events.event;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.handoff.router.application.Sweeper;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.functions.SweeperFunction;
import dev.handoff.router.functions.TimerFunction;
import dev.handoff.router.testing.BotServer;
import dev.handoff.router.functions.EventType;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.RouterTestBase;
import dev.handoff.router.testing.SkippableClock;
import dev.handoff.router.testing.DynamoDbProbe;
import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.World;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * Each function's role in infra/template.yaml grants exactly the DynamoDB calls its events make, as the code really
 * makes them: every event type is driven through the router (happy paths, waiting lines, hand-outs of freed capacity,
 * rejections, a repeat of the same event, and a retry after a crash at each write), and the sweeper is run over what
 * crashed steps left, while {@link DynamoDbProbe} records each call's operation, table and index. {@code route} takes
 * every event type, so it needs their union; the sweeper is a function of its own, which {@code route} never runs.
 * <p>
 * A short saga lease ({@link ShortLease}): a retry that finds its event's first delivery still within the lease is
 * thrown back (HTTP 500) and retried, as Lambda and SQS would, and the sweeper takes over abandoned work soon. After a
 * crash the first retry comes at once (and is thrown back), then the test skips the rest of the lease on the router's
 * {@link SkippableClock} instead of waiting it out.
 * <p>
 * What a bot says goes to the transcript as one PutItem when it is one message and one BatchWriteItem when it is
 * several, so a scenario (or sweep) that wrote to the transcript is played again with bots that say two messages in
 * each answer (greeting and replies), crashing at the writes the first play did not have.
 */
@QuarkusTest
@TestProfile(ShortLeaseAlone.class)
@WithTestResource(DynaliteResource.class)
class InfraPermissionsTest extends RouterTestBase {
    private static final String ROUTE = "route";
    private static final String SWEEPER = "sweeper";
    private static final String TIMER = "timer";
    /** The wait of the timer scenarios' rules: short, as the clock skipped for each counts against bots' 5 minutes. */
    private static final int WAIT_SECONDS = 1;
    private static final Grant READ_TRANSCRIPT = new Grant("dynamodb:Query", "transcripts", null);
    private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem");
    /**
     * Dropping an admin event's record after a rejection or failure is best effort: when that call fails, the function
     * logs it and answers all the same (the record's lease runs out instead), so losing its answer is no crash. (A
     * DeleteItem elsewhere, a member leaving its queue, is a write like any other.)
     */
    private static final String BEST_EFFORT_WRITE = "DeleteItem";
    private static final String BEST_EFFORT_TABLE = "events";
    /** Longer than the lease and a delivery's bot calls: how long Lambda's retries of one event may go on here. */
    private static final Duration RETRY_PATIENCE = Duration.ofSeconds(20);

    /**
     * Calls the code makes only after losing a race to a concurrent writer, which a test cannot bring about at a
     * chosen moment. Granted, and checked not to be reached by the scenarios (else it belongs to what they derive, not
     * here). None at present: a start whose create finds the conversation created meanwhile reads it back
     * (StartConversation, the AlreadyStored branch), and a stale write while recording a delivery or offering a new
     * conversation re-reads it (BotDeliveries.record, HandOuts.offer), but each is a GetItem on conversations that the
     * scenarios see anyway (a retry that waits for its first delivery's bot calls re-reads the conversation). Likewise a
     * message whose write finds the conversation changed reads it again (ConversationMessages.say), and a bot's replies
     * recorded after it lost the conversation are taken back (OwedMessages.record, the fence): a GetItem on
     * conversations and a BatchWriteItem on transcripts, which the scenarios see when a bot replies in two messages.
     *
     * <p>Also here, though no race: a hand-out to a bot of a conversation that already has messages (one that waits
     * for a bot because its bot could not be told) reads the transcript for the set-context event
     * (BotDeliveries.send), as does a hand-out to a representative with a desk (its {@code assigned} notice shows the
     * transcript so far, OwedNotices). Every event that frees capacity can make those hand-outs; the scenarios of
     * these hand out only new conversations to bots, which have said nothing, so they never read it.
     *
     * <p>A decline frees its representative's room, which takes a conversation from its lines: given at once, in a
     * queue without {@code offer}, its channel is told (read from channels); the scenarios' representative serves
     * only the offering queue.
     *
     * <p>A hand-out's claim that loses a race re-reads the participant (HandOuts.fill); the hand-outs of
     * {@code participant.upsert} in the scenarios win theirs, and its own write answers the participant. And a
     * hand-out of a conversation that a bot keeps while it waits (an escalation) releases that bot, marking its claim's
     * item released: {@code participant.presence}'s scenarios do that, {@code participant.upsert}'s hand out only
     * conversations nobody holds.
     */
    private static final Map<String, Set<Grant>> RACE_ONLY = Map.of(
            "conversation.end", Set.of(READ_TRANSCRIPT),
            "conversation.decline", Set.of(new Grant("dynamodb:GetItem", "channels", null)),
            "participant.upsert", Set.of(READ_TRANSCRIPT, new Grant("dynamodb:GetItem", "participants", null),
                    new Grant("dynamodb:UpdateItem", "claims", null)));

    @Inject
    SweeperFunction sweeperFunction;

    @Inject
    TimerFunction timerFunction;

    @Inject
    ConversationStore conversations;

    @Inject
    SkippableClock clock;

    @ConfigProperty(name = "router.saga.lease")
    Duration lease;

    @ConfigProperty(name = "router.dynamodb.table-prefix")
    String tablePrefix;

    /** The event types played with bots that say two messages already, and the type of the scenario played last. */
    private final Set<String> playedWithTwoMessages = new java.util.HashSet<>();
    private String lastType;

    /** The worlds whose channel is registered already. */
    private final Set<String> channelsRegistered = new java.util.HashSet<>();

    /** What the events of each type were seen to need. */
    private final Map<String, Set<Grant>> needed = new TreeMap<>();

    /**
     * How many messages the bots of the scenario being played say in each answer: their greeting on arrival, and
     * their replies to a customer's message. BotServer's bots greet in one and, unless told, answer a message with none.
     */
    private int linesPerAnswer = 1;

    /**
     * One situation and the event under test in it.
     *
     * @param prepare      sets up a fresh world (not recorded) and returns the event under test
     * @param expect       checks that the event took the path the scenario is about (and that a repeat answers so)
     * @param retryFinishes whether {@code expect} holds after a crash and the retries too: the event's retry finishes
     *                     all its crashed delivery began. Else a retry is checked to answer the same status only: a
     *                     hand-out of freed capacity that died with the delivery is the sweeper's to finish (and an
     *                     admin event's answer lists what its own delivery handed out)
     */
    record Scenario(String name, Function<World, Map<String, Object>> prepare, BiConsumer<World, JsonPath> expect,
            boolean retryFinishes) {
        Scenario(String name, Function<World, Map<String, Object>> prepare, BiConsumer<World, JsonPath> expect) {
            this(name, prepare, expect, false);
        }

        Scenario finishedByItsRetry() {
            return new Scenario(name, prepare, expect, true);
        }
    }

    /**
     * One situation a crash left behind, and what a sweep must have finished in it.
     *
     * @param leaveLeftovers sets up a fresh world and crashes a step in it (not recorded)
     * @param expect         checks, after a sweep, that the leftovers are finished (the sweep is repeated until they
     *                       are: the first sweeps may come before the lease has passed), given what the sweeps so far
     *                       did in all
     */
    record SweepScenario(String name, Consumer<World> leaveLeftovers, BiConsumer<World, Sweeper.Report> expect) {
    }

    /**
     * A wait that falls due, and what its timer must have done.
     *
     * @param prepare sets up a fresh world where conversation {@code c1} waits in a queue with a rule on time waited
     *                of {@link #WAIT_SECONDS} (not recorded)
     */
    record TimerScenario(String name, Consumer<World> prepare, Consumer<World> expect) {
    }

    @Test
    void eachFunctionIsGrantedExactlyTheDynamoDbCallsItsEventsMake() {
        scenarios().forEach(this::play);
        sweepEarlierWorlds();
        sweepScenarios().forEach(this::sweep);
        timerScenarios().forEach(this::fire);

        var template = InfraTemplate.load();
        var drivenTypes = new TreeSet<>(ExportedFunctions.names());
        drivenTypes.remove(ROUTE);
        assertEquals(drivenTypes, needed.keySet(), "every exported event type is driven by some scenario");
        RACE_ONLY.forEach((type, grants) -> grants.forEach(grant -> assertFalse(needed.get(type).contains(grant),
                type + ": " + grant + " is reached by the scenarios now; remove it from RACE_ONLY")));

        var expected = new TreeMap<String, Set<Grant>>();
        needed.forEach((type, grants) -> expected.put(type, union(grants, RACE_ONLY.getOrDefault(type, Set.of()))));
        expected.put(ROUTE, expected.entrySet().stream().filter(e -> !e.getKey().equals(SWEEPER))
                .map(Map.Entry::getValue).reduce(Set.of(), InfraPermissionsTest::union));

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

    /**
     * The scenario's event: clean, repeated, and retried after the answer of each write was lost; then, if it wrote to
     * the transcript and no scenario of its event type did so before, all that again with bots that say two messages
     * per answer, crashing at the writes new there. Once per type is enough: the calls a type's two-message writes and
     * their retries make are what the grants are derived from, whichever of its scenarios makes them.
     */
    private void play(Scenario scenario) {
        var oneLine = play(scenario, 1, scenario.name(), Set.of());
        if (wroteTranscripts(oneLine) && playedWithTwoMessages.add(lastType)) {
            play(scenario, 2, scenario.name() + " (bots say two messages)", writeKinds(oneLine));
        }
    }

    /** @return the DynamoDB calls of the clean run */
    private List<DynamoDbProbe.Call> play(Scenario scenario, int lines, String label, Set<String> crashedAlready) {
        linesPerAnswer = lines;
        try {
            var world = newWorld();
            var event = scenario.prepare().apply(world);
            lastType = typeOf(event);
            var first = sendRecorded(event);
            var firstCalls = DynamoDbProbe.calls();
            scenario.expect().accept(world, first);

            var repeat = sendRecorded(event);
            assertEquals(first.getString("status"), repeat.getString("status"),
                    label + ": a repeat of the event answers as the first time");
            scenario.expect().accept(world, repeat);

            for (int call = 1; call <= firstCalls.size(); call++) {
                var made = firstCalls.get(call - 1);
                if (WRITES.contains(made.operation()) && !crashedAlready.contains(kind(made))) {
                    crashAtThenRetry(scenario, label, call, first.getString("status"));
                }
            }
            return firstCalls;
        } finally {
            linesPerAnswer = 1;
        }
    }

    /**
     * A fresh world, the same situation; the answer of the {@code call}th DynamoDB call is lost (the write happened,
     * the function dies), then the platform's retries of the same event must end as the clean run did.
     */
    private void crashAtThenRetry(Scenario scenario, String label, int call, String cleanStatus) {
        var world = newWorld();
        var event = scenario.prepare().apply(world);
        DynamoDbProbe.reset();
        DynamoDbProbe.failCall(call, DynamoDbProbe.Fault.RESPONSE_LOST);
        int crashedStatus = given().contentType("application/json").body(event).when().post().statusCode();
        assertTrue(DynamoDbProbe.fired(), label + ": the fault at call " + call + " fired");
        var calls = DynamoDbProbe.calls();
        record(typeOf(event), calls);
        boolean bestEffort = BEST_EFFORT_WRITE.equals(calls.get(call - 1).operation())
                && calls.get(call - 1).tables().equals(List.of(tablePrefix + BEST_EFFORT_TABLE));
        assertEquals(bestEffort ? 200 : 500, crashedStatus, label + ": the delivery that lost the answer of "
                + calls.get(call - 1) + (bestEffort ? " answers all the same" : " dies"));
        // The platform redelivers at once: within the crashed delivery's lease, that is thrown back (its calls are
        // recorded too), or answered from what the crashed one recorded. The crashed delivery is dead, so nothing
        // happens while its lease runs out: the test skips it rather than waits, and redelivers until answered.
        DynamoDbProbe.reset();
        var early = given().contentType("application/json").body(event).when().post();
        record(typeOf(event), DynamoDbProbe.calls());
        clock.skip(lease.plusMillis(1));
        if (early.statusCode() != 500) {
            assertEquals(200, early.statusCode(), early.asString());
        }
        var retried = early.statusCode() == 500 ? redeliverUntilAnswered(event) : early.jsonPath();
        assertEquals(cleanStatus, retried.getString("status"),
                label + ": the retry after losing the answer of call " + call);
        if (scenario.retryFinishes()) {
            scenario.expect().accept(world, retried);
        }
    }

    private boolean wroteTranscripts(List<DynamoDbProbe.Call> calls) {
        return calls.stream().anyMatch(call -> WRITES.contains(call.operation())
                && call.tables().equals(List.of(tablePrefix + "transcripts")));
    }

    private static Set<String> writeKinds(List<DynamoDbProbe.Call> calls) {
        return calls.stream().filter(call -> WRITES.contains(call.operation())).map(InfraPermissionsTest::kind)
                .collect(Collectors.toSet());
    }

    /** A call's operation and tables, which a crash at it is about. */
    private static String kind(DynamoDbProbe.Call call) {
        return call.operation() + " " + call.tables();
    }

    /**
     * Delivers the event again until it is answered, as Lambda (or SQS) retries a failed invocation: a retry that
     * finds its event's first delivery still within the saga lease is thrown back (500) and comes again. Every
     * attempt's calls are recorded: a thrown-back attempt makes them too.
     */
    private JsonPath redeliverUntilAnswered(Map<String, Object> event) {
        var answer = new AtomicReference<JsonPath>();
        await().atMost(RETRY_PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).until(() -> {
            DynamoDbProbe.reset();
            var response = given().contentType("application/json").body(event).when().post();
            record(typeOf(event), DynamoDbProbe.calls());
            if (response.statusCode() == 500) {
                return false;
            }
            assertEquals(200, response.statusCode(), response.asString());
            answer.set(response.jsonPath());
            return true;
        });
        return answer.get();
    }

    /**
     * Finishes the bot calls that the crash-point scenarios' worlds still owe (a repeat that came within the lease was
     * thrown back, and the scenario moved on), so that each sweep scenario's sweeps work on its own leftovers within
     * the patience. These sweeps' calls are recorded too: they are the sweeper's.
     */
    private void sweepEarlierWorlds() {
        await().atMost(Duration.ofMinutes(2)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    DynamoDbProbe.reset();
                    sweeperFunction.sweep(Map.of());
                    record(SWEEPER, DynamoDbProbe.calls());
                    return conversations.owedDeliveries(1).isEmpty();
                });
    }

    /**
     * The scenario's leftovers, then sweeps (as the schedule would run them) until they are finished; again with bots
     * that say two messages per answer if the sweeps wrote to the transcript.
     */
    private void sweep(SweepScenario scenario) {
        if (wroteTranscripts(sweepAfter(scenario, 1))) {
            sweepAfter(scenario, 2);
        }
    }

    /** @return the DynamoDB calls of every sweep made */
    private List<DynamoDbProbe.Call> sweepAfter(SweepScenario scenario, int lines) {
        linesPerAnswer = lines;
        try {
            var world = newWorld();
            scenario.leaveLeftovers().accept(world);
            var swept = new ArrayList<DynamoDbProbe.Call>();
            // What the sweeps did so far, summed: a sweep's hand-outs may stop at its time budget (the engine holds
            // every scenario's participants), and the next one finishes what it began.
            var sofar = new Sweeper.Report[] {new Sweeper.Report(0, 0, 0, 0, 0, 0)};
            await().atMost(RETRY_PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> {
                        DynamoDbProbe.reset();
                        var report = sweeperFunction.sweep(Map.of());
                        swept.addAll(DynamoDbProbe.calls());
                        record(SWEEPER, DynamoDbProbe.calls());
                        var s = sofar[0];
                        sofar[0] = new Sweeper.Report(s.deliveriesFinished() + report.deliveriesFinished(),
                                s.claimsReleased() + report.claimsReleased(),
                                s.conversationsHandedOut() + report.conversationsHandedOut(),
                                s.entriesMended() + report.entriesMended(), s.waitsDue() + report.waitsDue(),
                                s.swapsMade() + report.swapsMade());
                        scenario.expect().accept(world, sofar[0]);
                    });
            return swept;
        } finally {
            linesPerAnswer = 1;
        }
    }

    /**
     * Sends the event with the {@code position}th DynamoDB call from now failing before it is sent: the step dies
     * there and nobody retries it (say, its event went to the dead-letter queue), which leaves work for the sweeper.
     */
    private static void crashBefore(int position, Map<String, Object> event) {
        DynamoDbProbe.reset();
        DynamoDbProbe.failCall(position, DynamoDbProbe.Fault.BEFORE_SENDING);
        given().contentType("application/json").body(event).when().post().then().statusCode(500);
        assertTrue(DynamoDbProbe.fired(), "the fault at call " + position + " fired");
        DynamoDbProbe.reset();
    }

    /** Sends the event and returns the DynamoDB calls it made, for finding where to crash a like event. */
    private static List<DynamoDbProbe.Call> callsOf(Map<String, Object> event) {
        DynamoDbProbe.reset();
        Events.send(event);
        var calls = DynamoDbProbe.calls();
        DynamoDbProbe.reset();
        return calls;
    }

    /** The 1-based positions of the calls of {@code operation} on the table named {@code table} (without prefix). */
    private List<Integer> positionsOf(List<DynamoDbProbe.Call> calls, String operation, String table) {
        var positions = new ArrayList<Integer>();
        for (int i = 0; i < calls.size(); i++) {
            var call = calls.get(i);
            if (call.operation().equals(operation) && call.tables().equals(List.of(tablePrefix + table))) {
                positions.add(i + 1);
            }
        }
        assertFalse(positions.isEmpty(), "no " + operation + " on " + table + " among " + calls);
        return positions;
    }

    private JsonPath sendRecorded(Map<String, Object> event) {
        DynamoDbProbe.reset();
        var answer = Events.send(event);
        record(typeOf(event), DynamoDbProbe.calls());
        return answer;
    }

    /**
     * The scenario's wait falls due (the clock skipped past it; this profile's own timers never fire, so the timer
     * function is the one that looks), and the timer's SQS message arrives, then again (a second delivery).
     */
    private void fire(TimerScenario scenario) {
        // With bots that greet in one message, then in two (a greeting of several is written in one batch).
        fire(scenario, 1);
        fire(scenario, 2);
        linesPerAnswer = 1;
    }

    private void fire(TimerScenario scenario, int lines) {
        linesPerAnswer = lines;
        var world = newWorld();
        var timer = dueTimer(scenario, world);
        List<DynamoDbProbe.Call> firstCalls = List.of();
        for (int delivery = 0; delivery < 2; delivery++) {
            DynamoDbProbe.reset();
            var answer = timerFunction.fire(timer);
            record(TIMER, DynamoDbProbe.calls());
            firstCalls = delivery == 0 ? DynamoDbProbe.calls() : firstCalls;
            assertEquals(List.of(), answer.getBatchItemFailures(), scenario.name());
            scenario.expect().accept(world);
        }
        // Crashes once per kind of write, with one-message bots only: the clock skipped for each (its due time and a
        // lease) counts against the bots' 5 minutes.
        var crashedAlready = new java.util.HashSet<String>();
        for (int call = 1; lines == 1 && call <= firstCalls.size(); call++) {
            var made = firstCalls.get(call - 1);
            if (WRITES.contains(made.operation()) && crashedAlready.add(kind(made))) {
                crashAtThenRedeliver(scenario, call);
            }
        }
    }

    /**
     * A fresh world, the same wait due; the answer of the timer's {@code call}th DynamoDB call is lost (the write
     * happened, the function dies: SQS is told to deliver the record again), then SQS's redeliveries, a lease later,
     * and the sweeper must end as the clean run did.
     */
    private void crashAtThenRedeliver(TimerScenario scenario, int call) {
        var world = newWorld();
        var timer = dueTimer(scenario, world);
        DynamoDbProbe.reset();
        DynamoDbProbe.failCall(call, DynamoDbProbe.Fault.RESPONSE_LOST);
        var crashed = timerFunction.fire(timer);
        assertTrue(DynamoDbProbe.fired(), scenario.name() + ": the fault at call " + call + " fired");
        record(TIMER, DynamoDbProbe.calls());
        assertEquals(1, crashed.getBatchItemFailures().size(), scenario.name() + ": the record comes again");
        clock.skip(lease.plusMillis(1));
        await().atMost(RETRY_PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).until(() -> {
            DynamoDbProbe.reset();
            var again = timerFunction.fire(timer);
            record(TIMER, DynamoDbProbe.calls());
            return again.getBatchItemFailures().isEmpty();
        });
        // What the died delivery began past its conversation write and its redelivery cannot take over (a release
        // marked by the dead one's own owner) is the sweeper's, as for an event's retry.
        await().atMost(RETRY_PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    try {
                        scenario.expect().accept(world);
                    } catch (AssertionError notYet) {
                        DynamoDbProbe.reset();
                        sweeperFunction.sweep(Map.of());
                        record(SWEEPER, DynamoDbProbe.calls());
                        throw notYet;
                    }
                });
    }

    /** The scenario's world prepared, its clock past c1's due time, and the SQS record of c1's timer. */
    private Map<String, Object> dueTimer(TimerScenario scenario, World world) {
        scenario.prepare().accept(world);
        var due = world.conversation("c1").nextDue();
        assertNotNull(due, scenario.name() + ": c1 falls due (its wait, or a wrap-up on it)");
        clock.skip(Duration.ofSeconds(WAIT_SECONDS).plusMillis(100));
        return Map.of("Records", List.of(Map.of("eventSource", "aws:sqs", "messageId", "m-1",
                "body", "{\"conversationId\":\"" + world.id("c1") + "\",\"dueAt\":\"" + due + "\"}")));
    }

    private List<TimerScenario> timerScenarios() {
        return List.of(
                new TimerScenario("a wait too long goes to a representative of another queue",
                        w -> {
                            waitsForRepresentativeOfAnotherQueue(w);
                        },
                        w -> assertEquals(w.id("rep"), holderOf(w, "c1"))),
                new TimerScenario("a wait too long joins the line of another queue",
                        w -> {
                            w.queue("q2");
                            waitTooLongRule(w, "q1", Map.of("transferToQueue", w.id("q2")));
                            Events.send(start(w, "c1", "q1"));
                        },
                        w -> assertEquals(w.id("q2"), w.conversation("c1").queueId())),
                new TimerScenario("a wait too long goes to a bot of another queue, which greets",
                        w -> {
                            w.queue("q2");
                            w.bot(bot(w, "bot-b"), 1, "q2");
                            waitTooLongRule(w, "q1", Map.of("transferToBot", w.id("q2")));
                            Events.send(start(w, "c1", "q1"));
                        },
                        w -> assertEquals(w.id("bot-b"), holderOf(w, "c1"))),
                new TimerScenario("an escalation waiting too long ends, and the bot that kept it is freed",
                        w -> {
                            w.queue("q1");
                            w.bot(bot(w, "bot-a"), 1, "q1");
                            waitTooLongRule(w, "q3", Map.of("end", Map.of("message", "Nobody is free.")));
                            Events.send(start(w, "c1", "q1"));
                            Events.send(escalate(w, "c1", "bot-a", "q3"));
                        },
                        w -> {
                            assertEquals("ended", w.conversation("c1").status().wire());
                            assertEquals(0, w.load("bot-a"));
                        }),
                new TimerScenario("a relaxation step lets a representative with a lower level take it",
                        w -> {
                            Events.send(event(EventType.QUEUE_UPSERT.wire(), Map.of("queueId", w.id("q1"), "name",
                                    "q1", "skillRelaxation", List.of(Map.of("afterSeconds", WAIT_SECONDS,
                                            "lowerBy", 1)))));
                            w.skilledRepresentative("rep", Map.of("french", 2), 1, "q1");
                            Events.send(event(EventType.START.wire(), Map.of("conversationId", w.id("c1"),
                                    "queueId", w.id("q1"), "customer", Map.of("id", "cust-1"),
                                    "requiredSkills", Map.of("french", 3))));
                        },
                        w -> assertEquals(w.id("rep"), holderOf(w, "c1"))),
                new TimerScenario("a wait for a named representative ends, and another of its queue takes it",
                        w -> {
                            waitsForBusyRep2(w);
                            representative3(w);
                            Events.send(transferWaitingForRep2(w));
                        },
                        w -> assertEquals(w.id("rep-3"), holderOf(w, "c1"))),
                new TimerScenario("an offer's time is up, and the next representative is offered the conversation",
                        w -> {
                            c1OfferedToRep(w, 5);
                            clock.skip(Duration.ofSeconds(5)); // the shortest offer; the rest is skipped as for waits
                        },
                        w -> assertEquals(w.id("rep-2"), offeredTo(w, "c1"))),
                new TimerScenario("a wrap-up's time is up, and the representative's room goes to a waiting conversation",
                        w -> repWrapsUpC1WhileC2Waits(w, WAIT_SECONDS),
                        w -> {
                            assertEquals(w.id("rep"), holderOf(w, "c2"));
                            assertEquals(List.of(), w.conversation("c1").wrapUps());
                        }),
                new TimerScenario("a wait whose rule was lengthened meanwhile is due again later",
                        w -> {
                            w.queue("q2");
                            waitTooLongRule(w, "q1", Map.of("transferToQueue", w.id("q2")));
                            Events.send(start(w, "c1", "q1"));
                            Events.send(event(EventType.QUEUE_UPSERT.wire(), Map.of("queueId", w.id("q1"), "name",
                                    "q1", "overflow", List.of(Map.of("when", Map.of("maxWaitSeconds", 3600),
                                            "then", Map.of("transferToQueue", w.id("q2")))))));
                        },
                        w -> assertEquals(w.conversation("c1").waitingSince().plusSeconds(3600),
                                w.conversation("c1").dueAt())));
    }

    /** rep (q1, capacity 1, whose wrap-up lasts {@code wrapUpSeconds}) ended c1 and wraps it up; c2 waits in q1. */
    private void repWrapsUpC1WhileC2Waits(World w, int wrapUpSeconds) {
        Events.send(event(EventType.QUEUE_UPSERT.wire(), Map.of("queueId", w.id("q1"), "name", "q1",
                "wrapUpSeconds", wrapUpSeconds)));
        representative(w, 1, "q1");
        Events.send(start(w, "c1", "q1"));
        Events.send(start(w, "c2", "q1"));
        Events.send(end(w, "c1", w.id("rep")));
    }

    /**
     * bot-a (q1) holds c1 and escalated it to q2, which offers for {@code timeoutSeconds}: it is offered to rep (most
     * room); rep-2 serves q2 too.
     */
    private void c1OfferedToRep(World w, int timeoutSeconds) {
        w.queue("q1");
        Events.send(event(EventType.QUEUE_UPSERT.wire(), Map.of("queueId", w.id("q2"), "name", "q2",
                "offer", Map.of("timeoutSeconds", timeoutSeconds))));
        w.bot(bot(w, "bot-a"), 1, "q1");
        representative(w, 2, "q2");
        w.representative("rep-2", bots.listener(w.id("rep-2-desk")), 1, "q2");
        Events.send(start(w, "c1", "q1"));
        Events.send(escalate(w, "c1", "bot-a", "q2"));
        assertEquals(w.id("rep"), offeredTo(w, "c1"));
    }

    private static String offeredTo(World w, String conversation) {
        var offer = w.conversation(conversation).offer();
        return offer == null ? null : offer.holder().participantId();
    }

    private static Map<String, Object> answerOffer(World w, EventType type, String conversation, String by) {
        return event(type.wire(), Map.of("conversationId", w.id(conversation), "participantId", w.id(by)));
    }

    private static Map<String, Object> wrapUpDone(World w, String participant, String conversation) {
        return event(EventType.PARTICIPANT_WRAP_UP_DONE.wire(), Map.of("participantId", w.id(participant),
                "conversationId", w.id(conversation)));
    }

    /** rep (q1, capacity 1) holds c1, escalated to it by bot-a; rep-2 (capacity 1) serves q2. */
    private void repHoldsC1AndRep2ServesQ2(World w, int botCapacity) {
        w.queue("q1");
        w.queue("q2");
        w.bot(bot(w, "bot-a"), botCapacity, "q1");
        representative(w, 1, "q1");
        w.representative("rep-2", bots.listener(w.id("rep-2-desk")), 1, "q2");
        Events.send(start(w, "c1", "q1"));
        Events.send(escalate(w, "c1", "bot-a", "q1"));
    }

    /** As {@link #repHoldsC1AndRep2ServesQ2} (bot-a's capacity 2), and rep-2 holds c2: it is full. */
    private void waitsForBusyRep2(World w) {
        repHoldsC1AndRep2ServesQ2(w, 2);
        Events.send(start(w, "c2", "q2"));
    }

    /** rep-3 in q2, with room: it may take what waits there for anyone. */
    private void representative3(World w) {
        w.representative("rep-3", bots.listener(w.id("rep-3-desk")), 1, "q2");
    }

    /** rep transfers c1 to rep-2 (full), waiting for it up to {@link #WAIT_SECONDS}. */
    private static Map<String, Object> transferWaitingForRep2(World w) {
        return event(EventType.TRANSFER.wire(), Map.of("conversationId", w.id("c1"), "requestedBy", w.id("rep"),
                "targetQueueId", w.id("q2"), "targetParticipantId", w.id("rep-2"), "waitSeconds", WAIT_SECONDS));
    }

    /** c1 waits in q1, whose rule sends who waited {@link #WAIT_SECONDS} to q2, where rep has room. */
    private void waitsForRepresentativeOfAnotherQueue(World w) {
        w.queue("q2");
        representative(w, 1, "q2");
        waitTooLongRule(w, "q1", Map.of("transferToQueue", w.id("q2")));
        Events.send(start(w, "c1", "q1"));
    }

    /** Who holds the conversation now; null for nobody (a test that awaits a hand-out asserts on it). */
    private static String holderOf(World w, String conversation) {
        var holder = w.conversation(conversation).assignee();
        return holder == null ? null : holder.participantId();
    }

    /** Queue {@code queue}, whose one rule does {@code then} with who waited {@link #WAIT_SECONDS} there. */
    private static void waitTooLongRule(World w, String queue, Map<String, Object> then) {
        Events.send(event(EventType.QUEUE_UPSERT.wire(), Map.of("queueId", w.id(queue), "name", queue,
                "overflow", List.of(Map.of("when", Map.of("maxWaitSeconds", WAIT_SECONDS), "then", then)))));
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

    private List<Scenario> scenarios() {
        return List.of(
                new Scenario("a queue is created",
                        w -> event(EventType.QUEUE_UPSERT.wire(), Map.of("queueId", w.id("q1"), "name", "q1")),
                        (w, answer) -> assertEquals("ok", answer.getString("status"))),
                new Scenario("a queue changes its assignment method and gets hours and an overflow rule",
                        w -> {
                            w.queue("q1");
                            w.queue("q2");
                            w.bot(bot(w, "bot-a"), 1, "q1");
                            return event(EventType.QUEUE_UPSERT.wire(), Map.of("queueId", w.id("q1"), "name", "q1",
                                    "assignment", "round-robin", "hours", Map.of("timeZone", "Europe/Paris"),
                                    "overflow", List.of(Map.of("when", Map.of("closed", true),
                                            "then", Map.of("transferToQueue", w.id("q2"))))));
                        },
                        (w, answer) -> assertEquals("ok", answer.getString("status"))),
                new Scenario("a bot joins a queue",
                        w -> {
                            w.queue("q1");
                            return event(EventType.PARTICIPANT_UPSERT.wire(), botSettings(w, "bot-a", 1, "q1"));
                        },
                        (w, answer) -> assertEquals("ok", answer.getString("status"))),
                new Scenario("a bot moves to another queue",
                        w -> {
                            w.queue("q1");
                            w.queue("q2");
                            w.bot(bot(w, "bot-a"), 1, "q1");
                            return event(EventType.PARTICIPANT_UPSERT.wire(), botSettings(w, "bot-a", 1, "q2"));
                        },
                        (w, answer) -> assertEquals("ok", answer.getString("status"))),
                new Scenario("more capacity hands out a waiting conversation",
                        w -> {
                            w.queue("q1");
                            w.bot(bot(w, "bot-a"), 1, "q1");
                            Events.send(start(w, "c1", "q1"));
                            Events.send(start(w, "c2", "q1"));
                            return event(EventType.PARTICIPANT_UPSERT.wire(), botSettings(w, "bot-a", 2, "q1"));
                        },
                        (w, answer) -> assertEquals(List.of(w.id("c2")), answer.getList("assigned.conversationId"))),
                new Scenario("a representative going available takes a waiting escalation",
                        w -> {
                            w.queue("q1");
                            w.bot(bot(w, "bot-a"), 1, "q1");
                            representative(w, 1, "q1");
                            Events.send(presence(w, "rep", "offline"));
                            Events.send(start(w, "c1", "q1"));
                            Events.send(escalate(w, "c1", "bot-a", "q1"));
                            return presence(w, "rep", "available");
                        },
                        (w, answer) -> assertEquals(List.of(w.id("rep")),
                                answer.getList("assigned.assignee.participantId"))),
                new Scenario("a bot back from offline takes a waiting conversation and greets",
                        w -> {
                            w.queue("q1");
                            w.bot(bot(w, "bot-a"), 1, "q1");
                            Events.send(presence(w, "bot-a", "offline"));
                            Events.send(start(w, "c1", "q1"));
                            return presence(w, "bot-a", "available");
                        },
                        (w, answer) -> {
                            assertEquals(List.of(w.id("c1")), answer.getList("assigned.conversationId"));
                            assertEquals(greeting("bot-a"), w.messages("c1"), "the transcript");
                        }),
                new Scenario("a representative goes offline",
                        w -> {
                            w.queue("q1");
                            representative(w, 1, "q1");
                            return presence(w, "rep", "offline");
                        },
                        (w, answer) -> assertEquals(List.of(), answer.getList("assigned"))),
                new Scenario("a presence change for an unknown participant is rejected and its record dropped",
                        w -> presence(w, "nobody", "available"),
                        (w, answer) -> assertEquals("not_found", answer.getString("error.code"))),
                new Scenario("a bot joining a queue that does not exist is rejected and its record dropped",
                        w -> {
                            w.queue("q1");
                            var settings = botSettings(w, "bot-a", 1, "q1");
                            settings.put("queues", List.of(w.id("q1"), w.id("no-such-queue")));
                            return event(EventType.PARTICIPANT_UPSERT.wire(), settings);
                        },
                        (w, answer) -> assertEquals("no_such_queue", answer.getString("error.code"))),
                // Public and private addresses as literals: the URL policy decides on them without DNS.
                new Scenario("a channel registers its webhook",
                        w -> channel(w, "webchat", "https://93.184.216.34/hook"),
                        (w, answer) -> assertEquals("ok", answer.getString("status"))),
                new Scenario("a channel whose webhook URL the policy refuses is rejected and its record dropped",
                        w -> channel(w, "webchat", "https://10.0.0.1/hook"),
                        (w, answer) -> assertEquals("invalid_event", answer.getString("error.code"))),
                new Scenario("a start goes to a bot, which greets",
                        w -> {
                            w.queue("q1");
                            w.bot(bot(w, "bot-a"), 1, "q1");
                            return start(w, "c1", "q1");
                        },
                        (w, answer) -> assertEquals(w.id("bot-a"), answer.getString("greeting.participantId"))),
                new Scenario("a start whose bot is gone falls back to the next bot",
                        w -> {
                            w.queue("q1");
                            w.bot(bot(w, "bot-a").answering(410), 2, "q1");
                            w.bot(bot(w, "bot-b"), 1, "q1");
                            return start(w, "c1", "q1");
                        },
                        (w, answer) -> assertEquals(w.id("bot-b"), answer.getString("assignee.participantId"))),
                new Scenario("a transfer whose bot keeps failing leaves the conversation waiting for a bot",
                        w -> {
                            prepareTransfer(w, 1, 503);
                            return transfer(w, "c1", "q3");
                        },
                        (w, answer) -> assertEquals("waiting", answer.getString("status"))),
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
                            representative(w, 1, "q1");
                            Events.send(start(w, "c1", "q1"));
                            return escalate(w, "c1", "bot-a", "q1");
                        },
                        (w, answer) -> assertEquals(w.id("rep"), answer.getString("assignee.participantId"))),
                new Scenario("an escalation waits for a representative",
                        w -> {
                            w.queue("q1");
                            w.bot(bot(w, "bot-a"), 1, "q1");
                            representative(w, 1, "q1");
                            Events.send(presence(w, "rep", "offline"));
                            Events.send(start(w, "c1", "q1"));
                            return escalate(w, "c1", "bot-a", "q1");
                        },
                        (w, answer) -> assertEquals("waiting", answer.getString("status"))),
                new Scenario("an escalation to a closed queue overflows to a bot of another queue, which greets",
                        w -> {
                            w.queue("q1");
                            w.queue("q2");
                            w.bot(bot(w, "bot-a"), 1, "q1");
                            w.bot(bot(w, "bot-b"), 1, "q2");
                            Events.send(event(EventType.QUEUE_UPSERT.wire(), Map.of("queueId", w.id("q3"), "name",
                                    "q3", "hours", Map.of("timeZone", "Europe/Paris"), // no opening: always closed
                                    "overflow", List.of(Map.of("when", Map.of("closed", true),
                                            "then", Map.of("transferToBot", w.id("q2")))))));
                            Events.send(start(w, "c1", "q1"));
                            return escalate(w, "c1", "bot-a", "q3");
                        },
                        (w, answer) -> assertEquals(w.id("bot-b"), answer.getString("assignee.participantId"))),
                new Scenario("an escalation frees the bot for a waiting conversation",
                        w -> {
                            w.queue("q1");
                            w.queue("q2");
                            w.bot(bot(w, "bot-a"), 1, "q1");
                            representative(w, 1, "q2");
                            Events.send(start(w, "c1", "q1"));
                            Events.send(start(w, "c2", "q1"));
                            return escalate(w, "c1", "bot-a", "q2");
                        },
                        (w, answer) -> assertEquals(w.id("bot-a"),
                                w.conversation("c2").assignee().participantId())),
                new Scenario("a representative transfers to a named representative, whose room frees it for a"
                        + " waiting escalation",
                        w -> {
                            repHoldsC1AndRep2ServesQ2(w, 2);
                            Events.send(start(w, "c2", "q1"));
                            Events.send(escalate(w, "c2", "bot-a", "q1")); // waits: rep holds c1
                            return event(EventType.TRANSFER.wire(), Map.of("conversationId", w.id("c1"),
                                    "requestedBy", w.id("rep"), "targetQueueId", w.id("q2"),
                                    "targetParticipantId", w.id("rep-2")));
                        },
                        (w, answer) -> {
                            assertEquals(w.id("rep-2"), answer.getString("assignee.participantId"));
                            assertEquals(w.id("rep"), w.conversation("c2").assignee().participantId());
                        }),
                new Scenario("a representative transfers to a named representative without room, which it waits for",
                        w -> {
                            waitsForBusyRep2(w);
                            return transferWaitingForRep2(w);
                        },
                        (w, answer) -> {
                            assertEquals("waiting", answer.getString("status"), answer.prettify());
                            assertEquals(w.id("rep"), w.conversation("c1").assignee().participantId());
                        }),
                new Scenario("a representative transfers to the representative of another queue with room",
                        w -> {
                            repHoldsC1AndRep2ServesQ2(w, 1);
                            return event(EventType.TRANSFER.wire(), Map.of("conversationId", w.id("c1"),
                                    "requestedBy", w.id("rep"), "targetQueueId", w.id("q2")));
                        },
                        (w, answer) -> assertEquals(w.id("rep-2"), answer.getString("assignee.participantId"))),
                new Scenario("a representative transfers to a bot of another queue",
                        w -> {
                            prepareTransfer(w, 1, 200);
                            return transfer(w, "c1", "q3");
                        },
                        (w, answer) -> assertEquals(w.id("bot-b"), answer.getString("assignee.participantId"))),
                new Scenario("a transfer frees the representative for a waiting escalation",
                        w -> {
                            prepareTransfer(w, 2, 200);
                            Events.send(start(w, "c2", "q1"));
                            Events.send(escalate(w, "c2", "bot-a", "q2"));
                            return transfer(w, "c1", "q3");
                        },
                        (w, answer) -> assertEquals(w.id("rep"), w.conversation("c2").assignee().participantId())),
                new Scenario("a transfer back waits for a bot, the representative keeping it",
                        w -> {
                            prepareTransfer(w, 1, 200);
                            return handBack(w, "c1", "q2");
                        },
                        (w, answer) -> {
                            assertEquals("waiting", answer.getString("status"));
                            assertEquals(w.id("rep"), holderOf(w, "c1"));
                        }).finishedByItsRetry(),
                new Scenario("a transfer back meets an escalation waiting for its representative, and they are swapped",
                        w -> {
                            everyoneFull(w);
                            Events.send(escalate(w, "c3", "bot-b", "q2"));
                            return handBack(w, "c1", "q1");
                        },
                        (w, answer) -> {
                            assertEquals(w.id("bot-b"), answer.getString("assignee.participantId"));
                            assertEquals(w.id("rep"), holderOf(w, "c3"));
                        }),
                new Scenario("an escalation meets a transfer back waiting for its bot, and they are swapped",
                        w -> {
                            everyoneFull(w);
                            Events.send(handBack(w, "c1", "q1"));
                            return escalate(w, "c3", "bot-b", "q2");
                        },
                        (w, answer) -> {
                            assertEquals(w.id("rep"), answer.getString("assignee.participantId"));
                            assertEquals(w.id("bot-b"), holderOf(w, "c1"));
                        }),
                new Scenario("a transfer finds no bot",
                        w -> {
                            prepareTransfer(w, 1, 200);
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
                new Scenario("a representative ends a conversation and wraps it up, its room held",
                        w -> {
                            Events.send(event(EventType.QUEUE_UPSERT.wire(), Map.of("queueId", w.id("q1"),
                                    "name", "q1", "wrapUpSeconds", 600)));
                            representative(w, 1, "q1");
                            Events.send(start(w, "c1", "q1"));
                            Events.send(start(w, "c2", "q1"));
                            return end(w, "c1", w.id("rep"));
                        },
                        (w, answer) -> {
                            assertEquals(1, w.conversation("c1").wrapUps().size());
                            assertEquals("waiting", w.conversation("c2").status().wire());
                        }).finishedByItsRetry(),
                new Scenario("a representative is done wrapping up and takes a waiting escalation, whose bot greets a"
                        + " waiting conversation",
                        w -> {
                            Events.send(event(EventType.QUEUE_UPSERT.wire(), Map.of("queueId", w.id("q1"),
                                    "name", "q1", "wrapUpSeconds", 600)));
                            representative(w, 1, "q1");
                            Events.send(start(w, "c1", "q1"));
                            w.bot(bot(w, "bot-a"), 1, "q1");
                            Events.send(start(w, "c2", "q1"));
                            Events.send(escalate(w, "c2", "bot-a", "q1"));
                            Events.send(start(w, "c3", "q1"));
                            Events.send(end(w, "c1", w.id("rep")));
                            return wrapUpDone(w, "rep", "c1");
                        },
                        (w, answer) -> {
                            assertEquals(w.id("rep"), holderOf(w, "c2"));
                            assertEquals(w.id("bot-a"), holderOf(w, "c3"));
                        }),
                new Scenario("a representative accepts an escalation offered to it, and its bot, let go, greets a"
                        + " waiting conversation",
                        w -> {
                            c1OfferedToRep(w, 600);
                            Events.send(start(w, "c2", "q1"));
                            return answerOffer(w, EventType.ACCEPT, "c1", "rep");
                        },
                        // (the bot's release and hand-out, cut short by a crash, are the sweeper's to finish)
                        (w, answer) -> {
                            assertEquals(w.id("rep"), holderOf(w, "c1"));
                            assertEquals(w.id("bot-a"), holderOf(w, "c2"));
                        }),
                new Scenario("a representative declines an escalation offered to it, and the next is offered it",
                        w -> {
                            c1OfferedToRep(w, 600);
                            return answerOffer(w, EventType.DECLINE, "c1", "rep");
                        },
                        (w, answer) -> assertEquals(w.id("rep-2"), offeredTo(w, "c1"))).finishedByItsRetry(),
                new Scenario("the last representative declines an offered escalation, and it goes back to its line",
                        w -> {
                            c1OfferedToRep(w, 600);
                            Events.send(answerOffer(w, EventType.DECLINE, "c1", "rep"));
                            return answerOffer(w, EventType.DECLINE, "c1", "rep-2");
                        },
                        (w, answer) -> {
                            assertEquals("waiting", answer.getString("status"));
                            assertNull(w.conversation("c1").offer());
                        }).finishedByItsRetry(),
                new Scenario("a wrap-up done for a conversation one never held is rejected",
                        w -> {
                            repWrapsUpC1WhileC2Waits(w, 600);
                            w.representative("rep-2", 1, "q1");
                            return wrapUpDone(w, "rep-2", "c1");
                        },
                        (w, answer) -> assertEquals("not_assignee", answer.getString("error.code"))),
                new Scenario("a conversation is read, with the first page of its transcript",
                        w -> {
                            w.queue("q1");
                            w.bot(bot(w, "bot-a"), 1, "q1");
                            Events.send(start(w, "c1", "q1"));
                            Events.send(message(w, "c1", "cust-c1", "Where is my order?"));
                            return event(EventType.CONVERSATION_GET.wire(), Map.of("conversationId", w.id("c1")));
                        },
                        (w, answer) -> {
                            assertEquals("assigned", answer.getString("status"));
                            assertEquals(concat(concat(greeting("bot-a"), List.of("Where is my order?")),
                                    replies("bot-a")), answer.getList("messages.text"), "the messages");
                        }),
                new Scenario("a customer's message goes to the bot that holds the conversation, whose replies come back",
                        w -> {
                            w.queue("q1");
                            w.bot(bot(w, "bot-a"), 1, "q1");
                            Events.send(start(w, "c1", "q1"));
                            return message(w, "c1", "cust-c1", "Where is my order?");
                        },
                        (w, answer) -> {
                            assertEquals("accepted", answer.getString("status"), answer.prettify());
                            assertEquals(replies("bot-a"), answer.getList("replies.text"), "the bot's replies");
                            assertEquals(concat(concat(greeting("bot-a"), List.of("Where is my order?")),
                                    replies("bot-a")), w.messages("c1"), "the transcript");
                            assertTrue(w.conversation("c1").outbox().isEmpty(), "nothing owed to the bot");
                        }).finishedByItsRetry(),
                new Scenario("a customer's message while a representative holds the conversation is kept for the desk",
                        w -> {
                            prepareEscalated(w);
                            return message(w, "c1", "cust-c1", "Still there?");
                        },
                        (w, answer) -> {
                            assertEquals("accepted", answer.getString("status"), answer.prettify());
                            assertEquals(List.of(), answer.getList("replies"), "nobody answers in the event");
                            assertEquals(concat(greeting("bot-a"), List.of("Still there?")), w.messages("c1"),
                                    "the transcript");
                        }).finishedByItsRetry(),
                new Scenario("the representative who holds the conversation speaks",
                        w -> {
                            prepareEscalated(w);
                            return message(w, "c1", w.id("rep"), "Hi, I'm your representative.");
                        },
                        (w, answer) -> {
                            assertEquals("accepted", answer.getString("status"), answer.prettify());
                            assertEquals(List.of(), answer.getList("replies"), "nobody answers in the event");
                            assertEquals(concat(greeting("bot-a"), List.of("Hi, I'm your representative.")),
                                    w.messages("c1"), "the transcript");
                        }).finishedByItsRetry(),
                new Scenario("the bot that handed the conversation to a representative may not speak in it",
                        w -> {
                            prepareEscalated(w);
                            return message(w, "c1", w.id("bot-a"), "I'm still here.");
                        },
                        (w, answer) -> {
                            assertEquals("not_assignee", answer.getString("error.code"), answer.prettify());
                            assertEquals(greeting("bot-a"), w.messages("c1"), "the transcript");
                        }).finishedByItsRetry(),
                new Scenario("a transcript is read a page at a time",
                        w -> {
                            w.queue("q1");
                            w.bot(bot(w, "bot-a"), 1, "q1");
                            Events.send(start(w, "c1", "q1"));
                            Events.send(message(w, "c1", "cust-c1", "Where is my order?"));
                            return transcript(w, "c1", 0, 1);
                        },
                        (w, answer) -> {
                            assertEquals("ok", answer.getString("status"), answer.prettify());
                            assertEquals(List.of("Hello from bot-a"), answer.getList("messages.text"));
                            assertNotNull(answer.get("after"), "a next page");
                        }),
                new Scenario("the transcript of a conversation that does not exist is not found",
                        w -> transcript(w, "nothing", 0, 50),
                        (w, answer) -> assertEquals("not_found", answer.getString("error.code"), answer.prettify())),
                new Scenario("a participant is read, with the conversations it holds",
                        w -> {
                            w.queue("q1");
                            w.bot(bot(w, "bot-a"), 2, "q1");
                            Events.send(start(w, "c1", "q1"));
                            Events.send(start(w, "c2", "q1"));
                            return participantGet(w, "bot-a");
                        },
                        (w, answer) -> {
                            assertEquals("ok", answer.getString("status"), answer.prettify());
                            assertEquals(List.of(w.id("c1"), w.id("c2")),
                                    answer.getList("conversations.conversationId"));
                        }),
                new Scenario("a participant that does not exist is not found",
                        w -> participantGet(w, "nobody"),
                        (w, answer) -> assertEquals("not_found", answer.getString("error.code"), answer.prettify())),
                new Scenario("a queue is read with its members, its waiting lines and its assigned",
                        w -> {
                            w.queue("q1");
                            w.bot(bot(w, "bot-a"), 1, "q1");
                            Events.send(start(w, "c1", "q1"));
                            Events.send(start(w, "c2", "q1"));
                            return event(EventType.QUEUE_GET.wire(), Map.of("queueId", w.id("q1")));
                        },
                        (w, answer) -> {
                            assertEquals("ok", answer.getString("status"), answer.prettify());
                            assertEquals(List.of(w.id("bot-a")), answer.getList("members.participantId"));
                            assertEquals(List.of(w.id("c2")), answer.getList("waiting[0].first.conversationId"));
                            assertEquals(1, answer.getInt("assigned.count"));
                        }),
                new Scenario("a queue that does not exist is not found",
                        w -> event(EventType.QUEUE_GET.wire(), Map.of("queueId", w.id("nothing"))),
                        (w, answer) -> assertEquals("not_found", answer.getString("error.code"), answer.prettify())),
                new Scenario("the queues are listed a page at a time",
                        w -> {
                            w.queue("q1");
                            return event(EventType.QUEUE_LIST.wire(), Map.of("limit", 100));
                        },
                        (w, answer) -> assertEquals("ok", answer.getString("status"), answer.prettify())));
    }

    private List<SweepScenario> sweepScenarios() {
        return List.of(
                new SweepScenario("the sweeper applies a rule on time waited whose timer was lost",
                        w -> {
                            waitsForRepresentativeOfAnotherQueue(w);
                            clock.skip(Duration.ofSeconds(WAIT_SECONDS).plusMillis(100)); // no timer fires here
                        },
                        (w, report) -> {
                            assertNotNull(w.conversation("c1").assignee(), "c1 is moved and assigned");
                            assertEquals(w.id("rep"), w.conversation("c1").assignee().participantId());
                            assertTrue(report.waitsDue() >= 1, report.toString());
                        }),
                new SweepScenario("the sweeper swaps a transfer back and an escalation that missed each other",
                        w -> {
                            everyoneFull(w);
                            Events.send(presence(w, "rep", "busy")); // away: neither event swaps
                            Events.send(escalate(w, "c3", "bot-b", "q2"));
                            Events.send(handBack(w, "c1", "q1"));
                            Events.send(presence(w, "rep", "available"));
                            clock.skip(lease.plusMillis(1));
                        },
                        (w, report) -> {
                            assertEquals(w.id("bot-b"), holderOf(w, "c1"));
                            assertEquals(w.id("rep"), holderOf(w, "c3"));
                            assertTrue(report.swapsMade() >= 1, report.toString());
                        }),
                new SweepScenario("the sweeper makes the bot calls a crashed start still owes",
                        w -> {
                            w.queue("q1");
                            // Room left after c0 and after c1, so that c1's calls have c0's shape (the mirror of a
                            // claim that fills the bot writes no room item).
                            w.bot(bot(w, "bot-a"), 3, "q1");
                            var clean = callsOf(start(w, "c0", "q1"));
                            // Writes of the conversation: its creation, the delivery's record, the notices posted.
                            var recordsTheDelivery = positionsOf(clean, "PutItem", "conversations").get(1);
                            crashBefore(recordsTheDelivery, start(w, "c1", "q1"));
                            assertNotNull(w.conversation("c1").pendingDelivery(), "c1 still owes bot calls");
                        },
                        (w, report) -> {
                            assertNull(w.conversation("c1").pendingDelivery(), "c1 owes nothing");
                            assertTrue(report.deliveriesFinished() >= 1, report.toString());
                        }),
                new SweepScenario("the sweeper posts what a crashed start still owes the customer's channel",
                        w -> {
                            w.queue("q1");
                            w.bot(bot(w, "bot-a"), 3, "q1"); // room left after c1 too, as above
                            var clean = callsOf(start(w, "c0", "q1"));
                            var writes = positionsOf(clean, "PutItem", "conversations");
                            crashBefore(writes.get(writes.size() - 1), start(w, "c1", "q1"));
                            assertFalse(w.conversation("c1").noticesOwed().isEmpty(), "c1 owes its channel");
                        },
                        (w, report) -> {
                            assertTrue(w.conversation("c1").outbox().isEmpty(), "c1 owes nothing");
                            assertTrue(report.deliveriesFinished() >= 1, report.toString());
                        }),
                new SweepScenario("the sweeper frees a representative's stale claim and hands it a waiting escalation,"
                        + " whose transcript its desk is shown",
                        w -> {
                            w.queue("q1");
                            w.queue("q2");
                            w.bot(bot(w, "bot-a"), 1, "q1");
                            representative(w, 1, "q2");
                            var rep = participants.find(w.id("rep")).orElseThrow();
                            assertTrue(participants.claim(rep, w.id("c0"), new dev.handoff.router.domain.Claim(1,
                                    "a-crashed-hand-out", java.time.Instant.now())).isPresent(), "a crashed hand-out's claim");
                            Events.send(start(w, "c1", "q1"));
                            assertEquals("waiting", Events.send(escalate(w, "c1", "bot-a", "q2")).getString("status"));
                        },
                        (w, report) -> {
                            var c1 = w.conversation("c1");
                            assertEquals(w.id("rep"), c1.assignee() == null ? null : c1.assignee().participantId(),
                                    "c1's assignee");
                            assertTrue(c1.outbox().isEmpty(), "the desk and the channel were told");
                        }),
                new SweepScenario("the sweeper releases a claim no conversation holds and hands the room to the line",
                        w -> {
                            w.queue("q1");
                            w.bot(bot(w, "bot-a"), 2, "q1");
                            var clean = callsOf(start(w, "c0", "q1"));
                            crashBefore(positionsOf(clean, "PutItem", "conversations").get(0), start(w, "c1", "q1"));
                            assertEquals(2, w.load("bot-a"), "c0 and the claim for c1, which was never created");
                            assertEquals("waiting", Events.send(start(w, "c2", "q1")).getString("status"));
                        },
                        (w, report) -> {
                            var c2 = w.conversation("c2");
                            assertEquals(w.id("bot-a"), c2.assignee() == null ? null : c2.assignee().participantId(),
                                    "c2's assignee");
                            assertEquals(2, w.load("bot-a"), "c0 and c2");
                            assertTrue(report.claimsReleased() >= 1 && report.conversationsHandedOut() >= 1,
                                    report.toString());
                        }),
                new SweepScenario("the sweeper delivers a message a crashed conversation.message still owes the bot",
                        w -> {
                            w.queue("q1");
                            w.bot(bot(w, "bot-a"), 1, "q1");
                            Events.send(start(w, "c1", "q1"));
                            var clean = callsOf(message(w, "c1", "cust-c1", "Hello?"));
                            var writesTheMessage = positionsOf(clean, "PutItem", "transcripts");
                            crashBefore(writesTheMessage.get(0), message(w, "c1", "cust-c1", "Anyone there?"));
                            assertTrue(w.conversation("c1").firstMessageOwed().isPresent(), "c1 owes bot-a a message");
                        },
                        (w, report) -> {
                            assertTrue(w.conversation("c1").outbox().isEmpty(), "c1 owes nothing");
                            var said = concat(concat(greeting("bot-a"), List.of("Hello?")), replies("bot-a"));
                            assertEquals(concat(concat(said, List.of("Anyone there?")), replies("bot-a")),
                                    w.messages("c1"), "the transcript");
                            assertTrue(report.deliveriesFinished() >= 1, report.toString());
                        }));
    }

    /** bot-a (queue 1) greeted c1, then escalated it to the representative (queue 2). */
    private void prepareEscalated(World w) {
        w.queue("q1");
        w.queue("q2");
        w.bot(bot(w, "bot-a"), 1, "q1");
        representative(w, 1, "q2");
        Events.send(start(w, "c1", "q1"));
        Events.send(escalate(w, "c1", "bot-a", "q2"));
    }

    /** bot-a (queue 1) escalated c1 to the representative (queue 2); bot-b (queue 3) answers {@code botBAnswers}. */
    private void prepareTransfer(World w, int botACapacity, int botBAnswers) {
        w.queue("q1");
        w.queue("q2");
        w.queue("q3");
        w.bot(bot(w, "bot-a"), botACapacity, "q1");
        representative(w, 1, "q2");
        w.bot(bot(w, "bot-b").answering(botBAnswers), 1, "q3");
        Events.send(start(w, "c1", "q1"));
        Events.send(escalate(w, "c1", "bot-a", "q2"));
    }

    /**
     * q1 (bots) and q2 (rep, room for one): bot-a greeted c1, which rep holds; bot-a holds c2 and bot-b c3. Every bot
     * and representative is full.
     */
    private void everyoneFull(World w) {
        prepareEscalated(w);
        Events.send(start(w, "c2", "q1"));
        w.bot(bot(w, "bot-b"), 1, "q1");
        Events.send(start(w, "c3", "q1"));
    }

    /** rep hands {@code conversation} back to a bot of {@code targetQueue}, waiting for one if none can take it. */
    private static Map<String, Object> handBack(World w, String conversation, String targetQueue) {
        return event(EventType.TRANSFER_TO_BOT.wire(), Map.of("conversationId", w.id(conversation),
                "requestedBy", w.id("rep"), "targetQueueId", w.id(targetQueue), "waitForBot", true));
    }

    /** A bot on the bot server: it greets, and replies to each message, in {@link #linesPerAnswer} messages. */
    private BotServer.Bot bot(World w, String name) {
        var greeting = greeting(name);
        return bots.bot(w.id(name), greeting.get(0))
                .alsoGreeting(greeting.subList(1, greeting.size()).toArray(String[]::new))
                .replyingToMessages(replies(name).toArray(String[]::new));
    }

    /** What the scenario bot {@code name} says when it gets a conversation. */
    private List<String> greeting(String name) {
        var lines = new ArrayList<String>();
        lines.add("Hello from " + name);
        for (int line = 2; line <= linesPerAnswer; line++) {
            lines.add("Hello from " + name + ", line " + line);
        }
        return lines;
    }

    /** What the scenario bot {@code name} replies to a customer's message. */
    private List<String> replies(String name) {
        var lines = new ArrayList<String>();
        lines.add(name + " answers");
        for (int line = 2; line <= linesPerAnswer; line++) {
            lines.add(name + " answers, line " + line);
        }
        return lines;
    }

    /** A bot's participant.upsert data; registers the bot on the bot server. */
    private Map<String, Object> botSettings(World w, String name, int capacity, String queue) {
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

    /**
     * A start on the world's channel, which has a webhook (registered with the world's first start): every event
     * that changes the conversation then tells the channel, and so reads which webhook it has.
     */
    private Map<String, Object> start(World w, String conversation, String queue) {
        if (channelsRegistered.add(w.id("web"))) {
            w.channel("web", bots.listener(w.id("web")));
        }
        return event(EventType.START.wire(), Map.of("conversationId", w.id(conversation), "queueId", w.id(queue),
                "customer", Map.of("id", "cust-" + conversation), "channel", w.id("web")));
    }

    /** The representative {@code rep}, with a desk: what it holds tells the desk, which reads its webhook. */
    private void representative(World w, int capacity, String queue) {
        w.representative("rep", bots.listener(w.id("rep-desk")), capacity, queue);
    }

    private static Map<String, Object> escalate(World w, String conversation, String by, String targetQueue) {
        return event(EventType.ESCALATE.wire(), Map.of("conversationId", w.id(conversation), "requestedBy", w.id(by),
                "targetQueueId", w.id(targetQueue)));
    }

    private static Map<String, Object> transfer(World w, String conversation, String targetQueue) {
        return event(EventType.TRANSFER_TO_BOT.wire(), Map.of("conversationId", w.id(conversation), "requestedBy", w.id("rep"),
                "targetQueueId", w.id(targetQueue)));
    }

    private static Map<String, Object> end(World w, String conversation, String by) {
        return event(EventType.END.wire(), Map.of("conversationId", w.id(conversation), "requestedBy", by));
    }

    private static Map<String, Object> presence(World w, String participant, String presence) {
        return event(EventType.PARTICIPANT_PRESENCE.wire(), Map.of("participantId", w.id(participant), "presence", presence));
    }

    private static Map<String, Object> channel(World w, String channel, String webhookUrl) {
        return event(EventType.CHANNEL_UPSERT.wire(), Map.of("channelId", w.id(channel),
                "webhook", Map.of("url", webhookUrl, "secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")));
    }

    private static Map<String, Object> message(World w, String conversation, String from, String text) {
        return event(EventType.MESSAGE.wire(), Map.of("conversationId", w.id(conversation), "from", from,
                "text", text));
    }

    private static Map<String, Object> transcript(World w, String conversation, int after, int limit) {
        return event(EventType.TRANSCRIPT.wire(), Map.of("conversationId", w.id(conversation), "after", after,
                "limit", limit));
    }

    private static Map<String, Object> participantGet(World w, String participant) {
        return event(EventType.PARTICIPANT_GET.wire(), Map.of("participantId", w.id(participant)));
    }

    private static <T> List<T> concat(List<? extends T> a, List<? extends T> b) {
        var all = new ArrayList<T>(a);
        all.addAll(b);
        return all;
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
