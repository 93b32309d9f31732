package dev.handoff.router.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.handoff.router.domain.ConversationStatus;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.functions.RouterFunctions;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.Invariants;
import dev.handoff.router.testing.Race;
import dev.handoff.router.testing.RouterTestBase;
import dev.handoff.router.testing.World;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * Priority against dynalite, through the events: freed capacity goes to the waiting conversation with the highest
 * priority (one point outweighs a minute of waiting, far longer than these tests run), a participant of two queues
 * serves the queue of higher priority first, places are counted while priorities are in play, and releases racing on
 * real threads hand out exactly the best of the line, with capacity exact.
 */
@QuarkusTest
@WithTestResource(DynaliteResource.class)
class PriorityTest extends RouterTestBase {

    @Inject
    RouterFunctions functions;

    @Test
    void aReleaseHandsOutTheHighestPriorityFirst() {
        // GIVEN a representative busy with c-0, and four conversations joining its line with priorities 0, 5, 0, 9
        World world = newWorld();
        world.queue("q");
        world.representative("rep-1", 1, "q");
        assertEquals("assigned", start(world, "c-0", "q", 0).getString("status"));
        assertEquals(1, start(world, "c-1", "q", 0).getInt("position"));
        assertEquals(1, start(world, "c-2", "q", 5).getInt("position"), "ahead of c-1");
        assertEquals(3, start(world, "c-3", "q", 0).getInt("position"), "behind both");
        assertEquals(1, start(world, "c-4", "q", 9).getInt("position"));
        // THEN the queue shows them in the order they will be served, and its settings' defaults
        var queue = Events.send("queue.get", Map.of("queueId", world.id("q")));
        assertEquals(List.of("c-4", "c-2", "c-1", "c-3"), queue.getList("waiting[0].first.conversationId",
                String.class).stream().map(world::shortName).toList());
        assertEquals(0, queue.getInt("priority"));
        assertEquals(1.0, queue.getDouble("agingPerMinute"));
        assertEquals(5, Events.send("conversation.get", Map.of("conversationId", world.id("c-2"))).getInt("priority"));
        // WHEN each holder in turn ends: THEN the representative takes c-4, c-2, c-1, c-3
        assertEquals(List.of("c-4", "c-2", "c-1", "c-3"), servedInTurn(world, "c-0", "c-4", "c-2", "c-1"));
        assertEquals(List.of(), world.waiting("q", KindNeeded.ANY));
    }

    @Test
    void aParticipantOfTwoQueuesServesTheHigherQueueFirst() {
        // GIVEN a representative of a queue of priority 0 and one of priority 5, busy; c-1 (priority 50) waits in the
        // low one before c-2 (priority 0) joins the high one
        World world = newWorld();
        upsertQueue(world, "low", 0);
        upsertQueue(world, "high", 5);
        world.representative("rep-1", 1, "low", "high");
        start(world, "c-0", "low", 0);
        assertEquals("waiting", start(world, "c-1", "low", 50).getString("status"));
        assertEquals("waiting", start(world, "c-2", "high", 0).getString("status"));
        assertEquals(5, Events.send("queue.get", Map.of("queueId", world.id("high"))).getInt("priority"));
        // WHEN c-0 ends: THEN the high queue's c-2 is served first
        assertEquals(List.of("c-2", "c-1"), servedInTurn(world, "c-0", "c-2"));
    }

    @Test
    void anEscalationWithAPriorityWaitsAheadOfEarlierOnes() {
        // GIVEN the representative busy, and a bot holding c-1 and c-2
        World world = newWorld();
        world.queue("q");
        world.representative("rep-1", 1, "q");
        start(world, "c-0", "q", 0);
        world.bot(bots.bot(world.id("bot-a"), "Hi"), 2, "q");
        start(world, "c-1", "q", 0);
        start(world, "c-2", "q", 0);
        // WHEN c-1 escalates as it is, then c-2 with priority 3
        assertEquals(1, escalate(world, "c-1", null).getInt("position"));
        assertEquals(1, escalate(world, "c-2", 3).getInt("position"));
        // THEN c-2 is served first
        assertEquals(List.of("c-2", "c-1"), servedInTurn(world, "c-0", "c-2"));
    }

    @Test
    void releasesRacingOnThreadsHandOutExactlyTheBestOfTheLine() throws Exception {
        // GIVEN a representative holding 4 conversations, and 10 waiting with priorities 0 to 9, in shuffled order
        World world = newWorld();
        world.queue("q");
        world.representative("rep-1", 4, "q");
        var held = IntStream.range(0, 4).mapToObj(i -> "held-" + i).toList();
        held.forEach(c -> assertEquals("assigned", start(world, c, "q", 0).getString("status")));
        var priorityOf = new HashMap<String, Integer>();
        for (int i = 0; i < 10; i++) {
            int priority = (i * 7) % 10;
            priorityOf.put("w-" + i, priority);
            assertEquals("waiting", start(world, "w-" + i, "q", priority).getString("status"));
        }
        // WHEN the four held end at once, from four threads
        var ends = Race.all(functions, held.stream().map(c -> Events.event("conversation.end", Map.<String, Object>of(
                "conversationId", world.id(c), "requestedBy", "cust-" + c))).toList(), 4);
        ends.forEach(end -> assertEquals("ended", end.status()));
        // THEN the representative holds exactly the four of highest priority (9, 8, 7, 6), its load is exact (no
        // claim of a hand-out that lost its race is left behind), and the other six still wait in their order
        assertEquals(Set.of(9, 8, 7, 6), servedPriorities(world, priorityOf));
        assertEquals(4, world.load("rep-1"));
        var stillWaiting = world.waiting("q", KindNeeded.ANY);
        assertEquals(List.of(5, 4, 3, 2, 1, 0), stillWaiting.stream().map(priorityOf::get).toList());
        var all = new ArrayList<String>(held);
        all.addAll(priorityOf.keySet());
        Invariants.check(participants, conversations, List.of(world.id("rep-1")),
                all.stream().map(world::id).toList());
    }

    private static Set<Integer> servedPriorities(World world, Map<String, Integer> priorityOf) {
        return priorityOf.keySet().stream()
                .filter(c -> world.conversation(c).status() == ConversationStatus.ASSIGNED)
                .map(priorityOf::get).collect(Collectors.toSet());
    }

    private static void upsertQueue(World world, String name, int priority) {
        var answer = Events.send("queue.upsert", Map.of("queueId", world.id(name), "name", name,
                "priority", priority));
        assertEquals("ok", answer.getString("status"), answer.prettify());
    }

    private static JsonPath start(World world, String conversation, String queue, int priority) {
        return Events.send("conversation.start", Map.of("conversationId", world.id(conversation),
                "queueId", world.id(queue), "customer", Map.of("id", "cust-" + conversation), "priority", priority));
    }

    private static JsonPath escalate(World world, String conversation, Integer priority) {
        var data = new HashMap<String, Object>(Map.of("conversationId", world.id(conversation),
                "requestedBy", world.id("bot-a")));
        if (priority != null) {
            data.put("priority", priority);
        }
        var answer = Events.send("conversation.escalate", data);
        assertEquals("waiting", answer.getString("status"), answer.prettify());
        return answer;
    }

    /**
     * Ends each conversation in turn (by its customer) and answers the conversation rep-1 took after each end, among
     * c-1 to c-9.
     */
    private static List<String> servedInTurn(World world, String... ended) {
        var served = new ArrayList<String>();
        for (String conversation : ended) {
            var answer = Events.send("conversation.end", Map.of("conversationId", world.id(conversation),
                    "requestedBy", "cust-" + conversation));
            assertEquals("ended", answer.getString("status"), answer.prettify());
            for (int i = 1; i <= 9; i++) {
                String id = "c-" + i;
                if (!served.contains(id) && world.findConversation(id)
                        .filter(c -> c.status() == ConversationStatus.ASSIGNED && c.isHeldBy(world.id("rep-1")))
                        .isPresent()) {
                    served.add(id);
                }
            }
        }
        return served;
    }
}
