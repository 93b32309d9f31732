package dev.handoff.router.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.handoff.router.application.Answers.RoutingAnswer;
import dev.handoff.router.application.Sweeper;
import dev.handoff.router.domain.Claim;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.MemberStore;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.AssignmentMethod;
import dev.handoff.router.domain.ParticipantKind;
import dev.handoff.router.domain.Routing;
import dev.handoff.router.functions.RouterFunctions;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.DynamoDbProbe;
import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.RouterTestBase;
import dev.handoff.router.testing.World;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The members' index of who has room, against dynalite: a routing decision reads the same few items whatever the
 * queue's size and still picks exactly the contract's best; an entry that lags its participant (as a step that crashed
 * before mirroring leaves it) costs one retry when it shows too much room, and is mended by the sweeper when it shows
 * too little, so it starves no one for longer than a sweep; a participant of two queues is ranked by its room in both.
 */
@QuarkusTest
@WithTestResource(DynaliteResource.class)
class MemberIndexTest extends RouterTestBase {

    @Inject
    MemberStore members;

    @Inject
    Sweeper sweeper;

    @Inject
    RouterFunctions functions;

    @Test
    void aStartMakesTheSameCallsInAQueueOfThreeAsOfOneHundredFiftyAndPicksTheBest() {
        World world = newWorld();
        world.queue("small");
        world.queue("large");
        for (int i = 0; i < 3; i++) {
            world.representative("s-" + i, 1 + i, "small");
        }
        // Capacities from 1 to 40, several alike: the best is the most room, then the smallest id (none idle yet).
        for (int i = 0; i < 150; i++) {
            world.representative(String.format("l-%03d", i), 1 + (i * 37) % 40, "large");
        }
        start(world, "warm-up", "small");
        String expected = Routing.candidates(membersOf(world, "large"), KindNeeded.ANY, 1, Set.of()).get(0).id();

        DynamoDbProbe.reset();
        start(world, "c-small", "small");
        var small = DynamoDbProbe.calls();
        DynamoDbProbe.reset();
        start(world, "c-large", "large");
        var large = DynamoDbProbe.calls();

        assertEquals(small, large, "the same calls on the same tables, whatever the queue's size");
        assertEquals(expected, world.conversation("c-large").assignee().participantId());
        // Again, now that the best has one unit less: the index ranks it by what it has left.
        String next = Routing.candidates(membersOf(world, "large"), KindNeeded.ANY, 1, Set.of()).get(0).id();
        start(world, "c-large-2", "large");
        assertEquals(next, world.conversation("c-large-2").assignee().participantId());
    }

    /**
     * Starts and ends racing from 16 threads in a queue whose two members always have room: none may wait. (A
     * secondary index failed this: dynalite updates an index by deleting the old key before writing the new, and a
     * look in between found nobody: 3 of these 240 starts waited.)
     */
    @Test
    void racingStartsInAQueueWithRoomNeverWait() throws Exception {
        World world = newWorld();
        world.queue("q");
        world.representative("rep-1", 64, "q");
        world.representative("rep-2", 64, "q");
        var pool = Executors.newFixedThreadPool(16);
        var futures = new ArrayList<Future<List<String>>>();
        for (int t = 0; t < 16; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                var waited = new ArrayList<String>();
                for (int i = 0; i < 15; i++) {
                    String id = world.id("c-" + thread + "-" + i);
                    var answer = (RoutingAnswer) functions.route(Events.event("conversation.start", Map.of(
                            "conversationId", id, "queueId", world.id("q"), "customer", Map.of("id", "k-" + id))));
                    if (!answer.status().equals("assigned")) {
                        waited.add(id + ": " + answer.status());
                    }
                    functions.route(Events.event("conversation.end", Map.of("conversationId", id,
                            "requestedBy", "k-" + id)));
                }
                return waited;
            }));
        }
        var waited = new ArrayList<String>();
        for (var future : futures) {
            waited.addAll(future.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertEquals(List.of(), waited);
        assertEquals(0, world.load("rep-1") + world.load("rep-2"), "every claim released");
        // Mirrors that crossed may have left a member suggested twice, once by an old rank: the next look mends it.
        start(world, "after", "q");
        Events.send("conversation.end", Map.of("conversationId", world.id("after"), "requestedBy", "cust-after"));
        assertEquals(List.of(world.id("rep-1"), world.id("rep-2")), suggested(world, "q").stream().sorted().toList(),
                "each suggested once");
    }

    @Test
    void anEntryShowingRoomThatIsGoneCostsALookOnly() {
        World world = newWorld();
        world.queue("q");
        world.representative("rep-a", 2, "q");
        world.representative("rep-b", 1, "q");
        // rep-a's room is taken by a claim whose step died before mirroring it: its entry still shows 2 units
        Participant a = participants.find(world.id("rep-a")).orElseThrow();
        assertTrue(participants.claim(a, world.id("elsewhere-1"), new Claim(2, "crashed", Instant.now())).isPresent());

        start(world, "c1", "q");

        assertEquals(world.id("rep-b"), world.conversation("c1").assignee().participantId());
        // rep-a stays suggested by its entry's room item until its claim is mirrored (by the crashed step's retry, or
        // by the sweeper's release of the claim); then it is gone from the index
        assertEquals(List.of(world.id("rep-a")), suggested(world, "q"));
        members.mirror(participants.find(world.id("rep-a")).orElseThrow());
        assertEquals(List.of(), suggested(world, "q"));
    }

    @Test
    void anEntryHidingRoomIsMendedByTheSweeperAndRoutedToAgain() {
        World world = newWorld();
        world.queue("q");
        world.representative("rep-a", 1, "q");
        start(world, "c1", "q");
        // rep-a's claim is released by a step that died before mirroring the release: its entry still shows it full
        var held = world.conversation("c1").assignee();
        assertTrue(participants.release(held.participantId(), world.id("c1"), held.claimToken(), 1).isPresent());
        assertEquals(List.of(), suggested(world, "q"), "its room hidden from routing until mended");

        var report = sweeper.sweep();

        assertTrue(report.entriesMended() >= 1, report.toString());
        assertEquals(List.of(world.id("rep-a")), suggested(world, "q"));
        start(world, "c2", "q");
        assertEquals(world.id("rep-a"), world.conversation("c2").assignee().participantId());
    }

    @Test
    void aParticipantOfTwoQueuesIsRankedInBothByTheRoomItHasLeft() {
        World world = newWorld();
        world.queue("q1");
        world.queue("q2");
        world.representative("rep-x", 3, "q1", "q2");
        world.representative("rep-y", 2, "q2");

        start(world, "c1", "q1"); // rep-x: 2 left
        start(world, "c2", "q2"); // rep-x and rep-y 2 each: rep-y, idle longest (never assigned)
        start(world, "c3", "q2"); // rep-x 2, rep-y 1: rep-x

        assertEquals(world.id("rep-x"), world.conversation("c1").assignee().participantId());
        assertEquals(world.id("rep-y"), world.conversation("c2").assignee().participantId());
        assertEquals(world.id("rep-x"), world.conversation("c3").assignee().participantId());
    }

    private List<String> suggested(World world, String queue) {
        return members.mostRoom(world.id(queue), AssignmentMethod.HIGHEST_CAPACITY, ParticipantKind.REPRESENTATIVE, 10)
                .stream()
                .map(MemberStore.Suggestion::participantId).toList();
    }

    private List<Participant> membersOf(World world, String queue) {
        return participants.findEveryone().stream().filter(p -> p.queues().contains(world.id(queue))).toList();
    }

    private static void start(World world, String conversation, String queue) {
        var answer = Events.send("conversation.start", Map.of("conversationId", world.id(conversation),
                "queueId", world.id(queue), "customer", Map.of("id", "cust-" + conversation)));
        assertTrue(Set.of("assigned", "waiting").contains(answer.getString("status")), answer.prettify());
    }
}
