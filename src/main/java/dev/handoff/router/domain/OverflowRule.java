package dev.handoff.router.domain;

/**
 * What a queue does with a conversation that would wait in it, or has waited in it too long ({@code queue.upsert}'s
 * {@code overflow}): when the condition holds, the action instead. A queue's rules are checked in order; the first
 * that holds applies. The conditions on the line ({@link MaxWaiting}, {@link Closed}) are checked when a conversation
 * would join it, the one on time waited ({@link MaxWaitSeconds}) when its time comes.
 */
public record OverflowRule(When when, Then then) {

    /** The condition. */
    public sealed interface When permits MaxWaiting, Closed, MaxWaitSeconds {
    }

    /** When {@code count} or more conversations already wait in the queue's line for anyone. */
    public record MaxWaiting(int count) implements When {
    }

    /** When the queue is outside its opening hours. */
    public record Closed() implements When {
    }

    /**
     * When a conversation has waited {@code seconds} in the queue's line (since it joined it): a timer set when it
     * joins fires then ({@code Timers}). Never holds for one about to join.
     */
    public record MaxWaitSeconds(int seconds) implements When {
        /** One day: a longer wait is a queue nobody serves, not a wait. */
        public static final int MAX = 86_400;

        public MaxWaitSeconds {
            if (seconds < 1 || seconds > MAX) {
                throw new IllegalArgumentException("maxWaitSeconds out of bounds: " + seconds);
            }
        }
    }

    /** The action. */
    public sealed interface Then permits TransferToQueue, TransferToBot, End {
    }

    /** Route it in another queue instead (whose own overflow rules are not applied again: one hop). */
    public record TransferToQueue(String queueId) implements Then {
    }

    /** Give it to a bot of another queue instead, or let it wait there for one. */
    public record TransferToBot(String queueId) implements Then {
    }

    /** End it at once, telling the customer {@code message}. */
    public record End(String message) implements Then {
    }
}
