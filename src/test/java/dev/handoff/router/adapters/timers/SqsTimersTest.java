package dev.handoff.router.adapters.timers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What an SQS timer message says and how long SQS is asked to hold it: rounded up to whole seconds, never negative,
 * and at most SQS's 15 minutes (the {@code timer} function sends one that comes early again).
 */
class SqsTimersTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void theDelayIsTheTimeToTheDueTimeRoundedUpAndAtMostFifteenMinutes() {
        assertEquals(Duration.ofSeconds(60), SqsTimers.delay(NOW, NOW.plusSeconds(60)));
        assertEquals(Duration.ofSeconds(2), SqsTimers.delay(NOW, NOW.plusMillis(1_001)));
        assertEquals(Duration.ZERO, SqsTimers.delay(NOW, NOW.minusSeconds(5)), "a time passed: at once");
        assertEquals(Duration.ofMinutes(15), SqsTimers.delay(NOW, NOW.plus(Duration.ofHours(2))));
    }

    @Test
    void theMessageNamesTheConversationAndTheDueTimeTheTimerFunctionReads() throws Exception {
        var body = new ObjectMapper().readValue(SqsTimers.body("c-42", NOW.plusSeconds(90)), Map.class);
        assertEquals(Map.of("conversationId", "c-42", "dueAt", "2026-12-06T10:01:30Z"), body);
    }
}
