package dev.handoff.router.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.handoff.router.config.RouterConfig;
import dev.handoff.router.domain.AssignmentMethod;
import dev.handoff.router.domain.AssignmentMethods;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.QueueStore;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Queues' assignment methods, read once and kept a few seconds per function instance ({@code
 * router.routing.settings-kept}), so that the mirror after every claim and release costs no read of its queues: one
 * batch read per queue and instance every few seconds. A change is seen at once in the instance that made it
 * ({@link #changed}), and within the time kept in the others.
 */
@ApplicationScoped
public class QueueDirectory implements AssignmentMethods {
    private record Kept(AssignmentMethod method, Instant readAt) {
    }

    private final QueueStore queues;
    private final Duration howLong;
    private final Clock clock;
    private final ConcurrentHashMap<String, Kept> kept = new ConcurrentHashMap<>();

    public QueueDirectory(QueueStore queues, RouterConfig config, Clock clock) {
        this.queues = queues;
        this.howLong = config.routing().settingsKept();
        this.clock = clock;
    }

    @Override
    public Map<String, AssignmentMethod> of(Collection<String> queueIds) {
        Instant now = clock.instant();
        var found = new HashMap<String, AssignmentMethod>();
        var toRead = new LinkedHashSet<String>();
        for (String id : queueIds) {
            var entry = kept.get(id);
            if (entry != null && entry.readAt().plus(howLong).isAfter(now)) {
                if (entry.method() != null) {
                    found.put(id, entry.method());
                }
            } else {
                toRead.add(id);
            }
        }
        if (!toRead.isEmpty()) {
            var read = new HashMap<String, AssignmentMethod>();
            queues.findAll(toRead).forEach(queue -> read.put(queue.id(), queue.assignment()));
            // A queue not found is kept as absent too, so that a member of a deleted queue costs no read per mirror.
            toRead.forEach(id -> kept.put(id, new Kept(read.get(id), now)));
            found.putAll(read);
        }
        return found;
    }

    /** A queue's settings as this instance just wrote them. */
    public void changed(Queue queue) {
        kept.put(queue.id(), new Kept(queue.assignment(), clock.instant()));
    }
}
