package dev.handoff.router.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.handoff.router.domain.AssignmentMethod;
import dev.handoff.router.domain.MemberStore;
import dev.handoff.router.domain.ParticipantKind;
import dev.handoff.router.functions.RouterFunctions;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.Invariants;
import dev.handoff.router.testing.Race;
import dev.handoff.router.testing.RouterTestBase;
import dev.handoff.router.testing.World;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * A queue's assignment method against dynalite, through the events: each method's order over a sequence of starts and
 * ends among several members, a method changed on a queue with members, and starts racing on real threads under each
 * method, capacity exact.
 */
@QuarkusTest
@WithTestResource(DynaliteResource.class)
class AssignmentMethodsTest extends RouterTestBase {

    @Inject
    RouterFunctions functions;

    @Inject
    MemberStore members;

    @Test
    void roundRobinGivesEachStartToTheMemberAssignedLeastRecently() {
        // GIVEN a round-robin queue of rep-a (capacity 3), rep-b (1) and rep-c (2)
        World world = threeRepresentatives("round-robin");
        // THEN starts go round: a, b, c; then b is full, so a, c, a; then only waiting
        assertEquals(List.of("rep-a", "rep-b", "rep-c", "rep-a", "rep-c", "rep-a", "waiting"),
                starts(world, "q", 7));
        // AND a member freed by an end takes the next start
        world.endByHolder("c-2");
        assertEquals("rep-b", world.shortName(world.conversation("c-7").assignee().participantId()),
                "the waiting one went to rep-b, whose capacity freed");
    }

    @Test
    void highestCapacityStaysTheDefault() {
        // GIVEN the same members in a queue without a method
        World world = threeRepresentatives(null);
        // THEN the most room takes each start, ties to the one idle longest (never assigned first)
        assertEquals(List.of("rep-a", "rep-c", "rep-a", "rep-b", "rep-c", "rep-a", "waiting"),
                starts(world, "q", 7));
        assertEquals("highest-capacity", Events.send("queue.get", Map.of("queueId", world.id("q")))
                .getString("assignment"));
    }

    @Test
    void leastActiveGivesEachStartToTheMemberHoldingFewest() {
        // GIVEN a least-active queue of rep-a and rep-b (capacity 3 each)
        World world = twoRepresentatives("least-active", 3);
        // THEN starts alternate while their loads are equal
        assertEquals(List.of("rep-a", "rep-b", "rep-a", "rep-b"), starts(world, "q", 4));
        // WHEN rep-b's two end: THEN the next two go to rep-b, which holds fewer
        world.endByHolder("c-2");
        world.endByHolder("c-4");
        assertEquals("rep-b", holderOfNewStart(world, "c-5"));
        assertEquals("rep-b", holderOfNewStart(world, "c-6"));
        assertEquals("rep-a", holderOfNewStart(world, "c-7"), "both hold two: rep-a was assigned least recently");
    }

    @Test
    void mostIdleGivesEachStartToTheMemberLongestWithoutAChange() {
        // GIVEN a most-idle queue of rep-a and rep-b (capacity 2 each), each given one, rep-a first
        World world = twoRepresentatives("most-idle", 2);
        assertEquals(List.of("rep-a", "rep-b"), starts(world, "q", 2));
        // WHEN rep-a's conversation ends: THEN rep-b, untouched since its start, is idle longest
        world.endByHolder("c-1");
        assertEquals("rep-b", holderOfNewStart(world, "c-3"));
        // (round robin would have chosen rep-a, assigned least recently; the end counts here as activity)
        assertEquals("rep-a", holderOfNewStart(world, "c-4"));
    }

    @Test
    void aChangedMethodRanksEveryMemberWithRoomAgain() {
        // GIVEN a queue of three members ranked by the default method
        World world = threeRepresentatives(null);
        assertEquals(List.of("rep-a"), starts(world, "q", 1));
        // WHEN the queue becomes round-robin
        queue(world, "q", "round-robin");
        // THEN its room index holds the three by the new method's ranks only, never assigned first
        assertEquals(List.of("rep-b", "rep-c", "rep-a"), suggested(world, AssignmentMethod.ROUND_ROBIN));
        assertEquals(List.of(), suggested(world, AssignmentMethod.HIGHEST_CAPACITY));
        // AND the next starts go round
        var next = new ArrayList<String>();
        for (String c : List.of("c-2", "c-3", "c-4")) {
            next.add(holderOfNewStart(world, c));
        }
        assertEquals(List.of("rep-b", "rep-c", "rep-a"), next);
    }

    @Test
    void startsRacingOnThreadsNeverOverSpendUnderAnyMethod() throws Exception {
        for (String method : List.of("round-robin", "most-idle", "least-active")) {
            // GIVEN a queue of three members, 6 units in all
            World world = newWorld();
            queue(world, "q", method);
            world.representative("rep-a", 3, "q");
            world.representative("rep-b", 2, "q");
            world.representative("rep-c", 1, "q");
            // WHEN 12 conversations start at once from 8 threads
            var ids = IntStream.range(0, 12).mapToObj(i -> world.id("c-" + i)).toList();
            var answers = Race.all(functions, ids.stream().map(id -> Events.event("conversation.start",
                    Map.<String, Object>of("conversationId", id, "queueId", world.id("q"),
                            "customer", Map.of("id", "cust-" + id)))).toList(), 8);
            // THEN exactly 6 are assigned, each member full, and the rest wait
            assertEquals(6, answers.stream().filter(a -> a.status().equals("assigned")).count(), method);
            assertEquals(List.of(3, 2, 1), List.of(world.load("rep-a"), world.load("rep-b"), world.load("rep-c")),
                    method);
            Invariants.check(participants, conversations,
                    List.of(world.id("rep-a"), world.id("rep-b"), world.id("rep-c")), ids);
        }
    }

    /** A queue "q" of {@code method} (null: none given) served by rep-a (capacity 3), rep-b (1) and rep-c (2). */
    private World threeRepresentatives(String method) {
        World world = newWorld();
        queue(world, "q", method);
        world.representative("rep-a", 3, "q");
        world.representative("rep-b", 1, "q");
        world.representative("rep-c", 2, "q");
        return world;
    }

    /** A queue "q" of {@code method} served by rep-a and rep-b, each of {@code capacity}. */
    private World twoRepresentatives(String method, int capacity) {
        World world = newWorld();
        queue(world, "q", method);
        world.representative("rep-a", capacity, "q");
        world.representative("rep-b", capacity, "q");
        return world;
    }

    private void queue(World world, String name, String method) {
        var data = new HashMap<String, Object>(Map.of("queueId", world.id(name), "name", name));
        if (method != null) {
            data.put("assignment", method);
        }
        var answer = Events.send("queue.upsert", data);
        assertEquals("ok", answer.getString("status"), answer.prettify());
    }

    /** Starts c-1, c-2, … in order and answers who got each ("waiting" for none). */
    private static List<String> starts(World world, String queue, int count) {
        var holders = new ArrayList<String>();
        for (int i = 1; i <= count; i++) {
            var answer = Events.send("conversation.start", Map.of("conversationId", world.id("c-" + i),
                    "queueId", world.id(queue), "customer", Map.of("id", "cust-" + i)));
            holders.add(answer.getString("status").equals("waiting") ? "waiting"
                    : world.shortName(answer.getString("assignee.participantId")));
        }
        return holders;
    }

    private static String holderOfNewStart(World world, String conversation) {
        var answer = Events.send("conversation.start", Map.of("conversationId", world.id(conversation),
                "queueId", world.id("q"), "customer", Map.of("id", "cust-" + conversation)));
        assertEquals("assigned", answer.getString("status"), answer.prettify());
        return world.shortName(answer.getString("assignee.participantId"));
    }


    private List<String> suggested(World world, AssignmentMethod method) {
        return members.mostRoom(world.id("q"), method, ParticipantKind.REPRESENTATIVE, 10).stream()
                .map(s -> world.shortName(s.participantId())).toList();
    }
}
