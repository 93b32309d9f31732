package dev.handoff.router.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.handoff.router.application.ScriptedBots.Behaviour;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.Metrics;

/**
 * What the use cases tell the metrics port, with the clock in hand: a line's length when a conversation joins it (a
 * repeat tells nothing again), the wait of the conversation freed capacity goes to, and failed bot calls.
 */
class MetricsRulesTest {
    private final InMemoryRouter router = new InMemoryRouter();

    @Test
    void joiningALineTellsItsLengthAndAHandOutTellsHowLongTheLongestWaited() {
        router.queue("q");
        router.representative("rep-1", 1, "q");
        router.start("c-1", "q");
        router.start("c-2", "q");
        router.clock.advance(Duration.ofSeconds(30));
        router.start("c-3", "q");
        router.start("c-3", "q"); // a repeat: its answer reads the place again, the line did not grow
        assertEquals(List.of(List.of("q", KindNeeded.ANY, 1), List.of("q", KindNeeded.ANY, 2)),
                arguments("joinedLine"));

        router.clock.advance(Duration.ofSeconds(60));
        router.end("c-1", "rep-1");
        assertEquals(List.of(List.of("q", KindNeeded.ANY, 90L)), arguments("handedOut"),
                "c-2, the longest waiting, waited 90 s");
    }

    @Test
    void aBotThatFailsItsArrivalCallsIsCountedOncePerFailedDelivery() {
        router.queue("q");
        router.bot("agent-a", 3, "q", Behaviour.FAILS);
        router.bot("agent-b", 1, "q");

        router.start("c-1", "q");
        assertEquals(List.of(List.of(Metrics.BotCall.ARRIVAL)), arguments("botCallFailed"),
                "agent-a failed; agent-b took it");
    }

    private List<List<Object>> arguments(String method) {
        return router.metrics.calls(method).stream().map(call -> call.arguments()).toList();
    }
}
