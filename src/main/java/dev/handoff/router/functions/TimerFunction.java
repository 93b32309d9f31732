package dev.handoff.router.functions;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;

import dev.handoff.router.application.WaitDeadlines;
import dev.handoff.router.domain.DueTimer;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * {@code timer}: the SQS queue of timers (CONTRACT §7): each record a wait that may be due. Internal: only the
 * router's own timers write to its queue. A record that is not a timer is dropped (retrying it cannot help); one
 * whose look failed (a store fault) is retried by SQS, and the sweeper is the backstop after its retries.
 */
public class TimerFunction {
    @Inject
    WaitDeadlines deadlines;

    @Funq("timer")
    public SQSBatchResponse fire(Map<String, Object> batch) {
        return SqsBatch.handle(batch, body -> {
            var due = timer(body);
            return due == null ? false : deadlines.fired(due);
        });
    }

    /** The timer a record carries ({@code conversationId}, {@code dueAt} as an ISO instant); null if none. */
    private static DueTimer timer(Map<String, Object> body) {
        if (body == null || !(body.get("conversationId") instanceof String id) || id.isBlank()
                || !(body.get("dueAt") instanceof String at)) {
            return null;
        }
        try {
            return new DueTimer(id, Instant.parse(at));
        } catch (DateTimeException notAnInstant) {
            return null;
        }
    }
}
