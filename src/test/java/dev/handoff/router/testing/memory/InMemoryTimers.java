package dev.handoff.router.testing.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.handoff.router.domain.DueTimer;
import dev.handoff.router.domain.Timers;

/** Timers a test fires by hand ({@link #dueBy}), after moving its clock: the application's unit tests' own. */
public final class InMemoryTimers implements Timers {
    private final List<DueTimer> pending = new ArrayList<>();

    @Override
    public synchronized void set(String conversationId, Instant dueAt) {
        pending.add(new DueTimer(conversationId, dueAt));
    }

    /** Takes the timers due by {@code now}, in due order. */
    public synchronized List<DueTimer> dueBy(Instant now) {
        var due = pending.stream().filter(t -> !t.dueAt().isAfter(now))
                .sorted(Comparator.comparing(DueTimer::dueAt)).toList();
        pending.removeAll(due);
        return due;
    }

    /** The timers set and not fired yet. */
    public synchronized List<DueTimer> pending() {
        return List.copyOf(pending);
    }
}
