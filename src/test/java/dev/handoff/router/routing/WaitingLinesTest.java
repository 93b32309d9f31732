package dev.handoff.router.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.DynamoDbProbe;
import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.RouterTestBase;
import dev.handoff.router.testing.World;
import io.restassured.path.json.JsonPath;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Waiting lines against dynalite, as counted on their queues' items: a release whose lines are empty looks at no
 * line (no Query of the {@code waiting} index), one whose line has someone looks and hands out the longest waiting,
 * and a conversation that waits is told its place from its ticket, without counting those ahead.
 */
@QuarkusTest
@WithTestResource(DynaliteResource.class)
class WaitingLinesTest extends RouterTestBase {

    @Test
    void aReleaseLooksAtALineOnlyWhenSomeoneWaitsInIt() {
        // GIVEN a representative holding c-1, nobody waiting
        World world = newWorld();
        world.queue("q");
        world.representative("rep-1", 1, "q");
        assertEquals("assigned", start(world, "c-1").getString("status"));

        // WHEN c-1 ends: THEN its release looks at no line
        DynamoDbProbe.reset();
        end(world, "c-1");
        assertEquals(List.of(), waitingIndexCalls(), "no Query of the waiting index");

        // GIVEN c-2 holding the representative and c-3 waiting (told its place without counting the line)
        assertEquals("assigned", start(world, "c-2").getString("status"));
        DynamoDbProbe.reset();
        var waiting = start(world, "c-3");
        assertEquals("waiting", waiting.getString("status"));
        assertEquals(1, waiting.getInt("position"));
        assertNull(waiting.get("estimatedWaitSeconds"), "the line never handed out: nothing to estimate from");
        assertEquals(List.of(), waitingIndexCalls(), "a start that waits counts nothing");

        // WHEN c-2 ends: THEN the release looks at the line, once, and hands c-3 out
        DynamoDbProbe.reset();
        end(world, "c-2");
        assertEquals(1, waitingIndexCalls().size(), DynamoDbProbe.calls().toString());
        assertEquals(world.id("rep-1"), world.conversation("c-3").assignee().participantId());

        // AND with the line empty again, the next release looks at none
        DynamoDbProbe.reset();
        end(world, "c-3");
        assertEquals(List.of(), waitingIndexCalls());
    }

    @Test
    void placesComeFromTicketsAsTheLineIsServed() {
        // GIVEN a representative busy, and three conversations joining its queue's line
        World world = newWorld();
        world.queue("q");
        world.representative("rep-1", 1, "q");
        start(world, "c-1");
        var lastStart = startEvent(world, "c-4");
        assertEquals(List.of(1, 2, 3), List.of(start(world, "c-2").getInt("position"),
                start(world, "c-3").getInt("position"), Events.send(lastStart).getInt("position")));
        // WHEN the first in line is served: THEN the last, its start delivered again, is told it is second, without
        // counting the line
        end(world, "c-1");
        DynamoDbProbe.reset();
        var repeat = Events.send(lastStart);
        assertEquals(true, repeat.getBoolean("duplicate"));
        assertEquals(2, repeat.getInt("position"));
        assertEquals(List.of(), waitingIndexCalls());
        // AND its wait is estimated from the one hand-out (c-2's), read with its place: seconds at this pace
        assertTrue(repeat.getInt("estimatedWaitSeconds") >= 0, repeat.prettify());
    }

    private static List<DynamoDbProbe.Call> waitingIndexCalls() {
        return DynamoDbProbe.calls().stream().filter(call -> "waiting".equals(call.index())).toList();
    }

    private static JsonPath start(World world, String conversation) {
        return Events.send(startEvent(world, conversation));
    }

    private static Map<String, Object> startEvent(World world, String conversation) {
        return Events.event("conversation.start", Map.of("conversationId", world.id(conversation),
                "queueId", world.id("q"), "customer", Map.of("id", "cust-" + conversation)));
    }

    private static void end(World world, String conversation) {
        var answer = Events.send("conversation.end", Map.of("conversationId", world.id(conversation),
                "requestedBy", "cust-" + conversation));
        assertEquals("ended", answer.getString("status"), answer.prettify());
    }
}
