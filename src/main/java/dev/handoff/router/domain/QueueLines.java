package dev.handoff.router.domain;

import java.util.Map;

/** A queue's settings and its waiting lines' counters, as one read of its item gives them. */
public record QueueLines(Queue queue, Map<KindNeeded, LineCount> counts) {
    public QueueLines {
        counts = Map.copyOf(counts);
    }

    /** The counters of one line; a line nobody ever joined counts {@link LineCount#EMPTY}. */
    public LineCount get(KindNeeded line) {
        return counts.getOrDefault(line, LineCount.EMPTY);
    }
}
