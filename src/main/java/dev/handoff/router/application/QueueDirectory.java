package dev.handoff.router.application;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

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
    private final Kept<Queue> queues;

    public QueueDirectory(QueueStore queues, RouterConfig config, Clock clock) {
        this.queues = new Kept<>(ids -> {
            var found = new HashMap<String, Queue>();
            queues.findAll(ids).forEach(queue -> found.put(queue.id(), queue));
            return found;
        }, config.routing().settingsKept(), clock);
    }

    @Override
    public Map<String, AssignmentMethod> of(Collection<String> queueIds) {
        var methods = new HashMap<String, AssignmentMethod>();
        queues.findAll(queueIds).forEach((id, queue) -> methods.put(id, queue.assignment()));
        return methods;
    }

    /** A queue's settings as this instance just wrote them. */
    public void changed(Queue queue) {
        queues.keep(queue.id(), queue);
    }
}
