package dev.handoff.router.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.handoff.router.application.Sweeper;
import dev.handoff.router.domain.Claim;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.MemberStore;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.ParticipantKind;
import dev.handoff.router.domain.Routing;
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

    @Test
    void anEntryShowingRoomThatIsGoneCostsOneRetryAndIsPutRight() {
        World world = newWorld();
        world.queue("q");
        world.representative("rep-a", 2, "q");
        world.representative("rep-b", 1, "q");
        // rep-a's room is taken by a claim whose step died before mirroring it: its entry still shows 2 units
        Participant a = participants.find(world.id("rep-a")).orElseThrow();
        assertTrue(participants.claim(a, world.id("elsewhere-1"), new Claim(2, "crashed", Instant.now())).isPresent());

        start(world, "c1", "q");

        assertEquals(world.id("rep-b"), world.conversation("c1").assignee().participantId());
        long revision = participants.find(world.id("rep-a")).orElseThrow().revision();
        assertEquals(revision, mirrored(world, "q", "rep-a"), "the look mended it");
        assertEquals(List.of(), members.mostRoom(world.id("q"), ParticipantKind.REPRESENTATIVE, 5));
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
        start(world, "c2", "q");
        assertEquals(List.of("c2"), world.waiting("q", KindNeeded.ANY), "hidden from routing until mended");

        var report = sweeper.sweep();

        assertTrue(report.entriesMended() >= 1, report.toString());
        long revision = participants.find(world.id("rep-a")).orElseThrow().revision();
        // The sweep handed c2 to rep-a (freed capacity goes to the line), and its entry mirrors what it has now.
        assertEquals(world.id("rep-a"), world.conversation("c2").assignee().participantId());
        assertEquals(revision, mirrored(world, "q", "rep-a"));
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

    private Long mirrored(World world, String queue, String participant) {
        var asked = participants.find(world.id(participant)).orElseThrow();
        return members.mirrored(List.of(asked)).get(new MemberStore.Entry(world.id(queue), asked.id()));
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
