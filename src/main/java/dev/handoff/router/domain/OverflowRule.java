package dev.handoff.router.domain;

/**
 * What a queue does with a new conversation that would wait in it ({@code queue.upsert}'s {@code overflow}): when the
 * condition holds, the action instead. A queue's rules are checked in order; the first that holds applies.
 */
public record OverflowRule(When when, Then then) {

    /** The condition. */
    public sealed interface When permits MaxWaiting, Closed {
    }

    /** When {@code count} or more conversations already wait in the queue's line for anyone. */
    public record MaxWaiting(int count) implements When {
    }

    /** When the queue is outside its opening hours. */
    public record Closed() implements When {
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
