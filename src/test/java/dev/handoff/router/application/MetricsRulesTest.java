package dev.handoff.router.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.Presence;

/**
 * What the use cases tell the metrics port of waiting, with the clock in hand: a line's length when a conversation
 * joins it (a repeat tells nothing again), and the wait of the conversation freed capacity goes to. (Failed bot calls:
 * {@code RoutingRulesTest}, where a bot fails.)
 */
class MetricsRulesTest {
    private final InMemoryRouter router = new InMemoryRouter();

    @Test
    void joiningALineTellsItsLengthOnceAndAHandOutTellsHowLongTheLongestWaited() {
        router.queue("q");
        router.bot("agent-a", 2, "q");
        router.representative("rep-1", 1, "q");
        router.presence("rep-1", Presence.BUSY);
        router.start("c-1", "q"); // agent-a: more room
        router.start("c-2", "q");
        router.escalate("c-1", "agent-a");
        router.clock.advance(Duration.ofSeconds(20));
        router.escalate("c-2", "agent-a");
        router.start("c-2", "q"); // a repeat of an earlier event: it joined no line
        assertEquals(List.of(List.of("q", KindNeeded.REPRESENTATIVE, 1), List.of("q", KindNeeded.REPRESENTATIVE, 2)),
                arguments("joinedLine"));

        router.clock.advance(Duration.ofSeconds(25));
        router.presence("rep-1", Presence.AVAILABLE);
        assertEquals(List.of(List.of("q", KindNeeded.REPRESENTATIVE, 45L)), arguments("handedOut"),
                "c-1, the longest waiting, waited 45 s; rep-1 has room for one");
    }

    private List<List<Object>> arguments(String method) {
        return router.metrics.calls(method).stream().map(call -> call.arguments()).toList();
    }
}
