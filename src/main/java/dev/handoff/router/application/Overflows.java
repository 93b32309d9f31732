package dev.handoff.router.application;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.OverflowRule;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.QueueLines;
import dev.handoff.router.domain.QueueStore;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which of a queue's overflow rules applies to a conversation that would wait in it (a new one, or an escalation):
 * the first whose condition holds. The length of its line is read (one read of the queue's counters) only when a rule asks for it.
 */
@ApplicationScoped
public class Overflows {
    private final QueueStore queues;

    public Overflows(QueueStore queues) {
        this.queues = queues;
    }

    public Optional<OverflowRule> holding(Queue queue, Instant now) {
        Long waiting = null;
        for (OverflowRule rule : queue.overflow()) {
            boolean holds;
            if (rule.when() instanceof OverflowRule.MaxWaiting max) {
                if (waiting == null) {
                    waiting = waitingFor(queue);
                }
                holds = waiting >= max.count();
            } else {
                holds = !queue.openAt(now);
            }
            if (holds) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    /**
     * How many may wait in the queue, in all its lines (for anyone, for a representative, for a bot), as its counters
     * say (never fewer than wait there).
     */
    private long waitingFor(Queue queue) {
        QueueLines lines = queues.lines(List.of(queue.id())).get(queue.id());
        if (lines == null) {
            return 0;
        }
        long waiting = 0;
        for (KindNeeded line : KindNeeded.values()) {
            waiting += lines.get(line).waiting();
        }
        return waiting;
    }
}
