package dev.handoff.router.application;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.OverflowRule;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.QueueLines;
import dev.handoff.router.domain.QueueStore;
import dev.handoff.router.domain.Skills;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which of a queue's overflow rules applies to a conversation that would wait in it (a new one, or an escalation):
 * the first whose condition holds (a rule on time waited never does then: it applies when its timer fires). The length of its line is read (one read of the queue's counters) only when a rule asks for it.
 */
@ApplicationScoped
public class Overflows {
    private final QueueStore queues;

    public Overflows(QueueStore queues) {
        this.queues = queues;
    }

    /** What a queue's overflow rule did to a conversation that would have waited in it. */
    public sealed interface Overflow {
    }

    /** The rule ended it (its channel told the rule's message). */
    public record Ended(Conversation conversation) implements Overflow {
    }

    /**
     * The rule sends it to {@code target}: to a bot there when {@code toBot} (the requirement it had of the first
     * queue's people dropped), else to whom it asked for; the caller routes it there.
     */
    public record Moved(Conversation conversation, Queue target, boolean toBot) implements Overflow {
    }

    /**
     * Applies the first of {@code queue}'s rules that holds to {@code conversation}, which would wait in it: empty
     * when none holds, or when the queue a rule names is gone since it was set (the conversation then waits where it
     * came).
     */
    public Optional<Overflow> apply(Queue queue, Conversation conversation, Instant now, String eventId) {
        return holding(queue, now).flatMap(rule -> apply(queue, rule, conversation, now, eventId));
    }

    /**
     * Applies {@code rule}, one of {@code queue}'s, to {@code conversation}: empty when the queue it names is gone
     * since it was set.
     */
    public Optional<Overflow> apply(Queue queue, OverflowRule rule, Conversation conversation, Instant now,
            String eventId) {
        var then = rule.then();
        if (then instanceof OverflowRule.End end) {
            return Optional.of(new Ended(conversation.end(null, now, eventId, end.message())));
        }
        boolean toBot = then instanceof OverflowRule.TransferToBot;
        String targetId = toBot ? ((OverflowRule.TransferToBot) then).queueId()
                : ((OverflowRule.TransferToQueue) then).queueId();
        return queues.find(targetId).map(target -> {
            var moved = conversation.overflowedTo(target.id(), queue.id(), now, eventId);
            return new Moved(toBot ? moved.withRequiredSkills(Skills.NONE) : moved, target, toBot);
        });
    }

    private Optional<OverflowRule> holding(Queue queue, Instant now) {
        Long waiting = null;
        for (OverflowRule rule : queue.overflow()) {
            boolean holds;
            if (rule.when() instanceof OverflowRule.MaxWaiting max) {
                if (waiting == null) {
                    waiting = waitingFor(queue);
                }
                holds = waiting >= max.count();
            } else if (rule.when() instanceof OverflowRule.Closed) {
                holds = !queue.openAt(now);
            } else {
                holds = false; // a rule on time waited: its timer applies it (WaitDeadlines)
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
