package dev.handoff.router.application;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import dev.handoff.router.config.RouterConfig;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.QueueStore;
import dev.handoff.router.domain.RoomLayout;
import dev.handoff.router.domain.RoomLayouts;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Queues' room layouts (assignment method and indexed skills), read once and kept a few seconds per function instance
 * ({@code router.routing.settings-kept}), so that the mirror after every claim and release costs no read of its
 * queues: one batch read per queue and instance every few seconds. A change is seen at once in the instance that made it
 * ({@link #changed}), and within the time kept in the others.
 */
@ApplicationScoped
public class QueueDirectory implements RoomLayouts {
    private final Kept<Queue> queues;

    public QueueDirectory(QueueStore queues, RouterConfig config, Clock clock) {
        this.queues = new Kept<>(ids -> {
            var found = new HashMap<String, Queue>();
            queues.findAll(ids).forEach(queue -> found.put(queue.id(), queue));
            return found;
        }, config.routing().settingsKept(), clock);
    }

    @Override
    public Map<String, RoomLayout> of(Collection<String> queueIds) {
        var layouts = new HashMap<String, RoomLayout>();
        queues.findAll(queueIds).forEach((id, queue) -> layouts.put(id, queue.roomLayout()));
        return layouts;
    }

    /** A queue's settings as this instance just wrote them. */
    public void changed(Queue queue) {
        queues.keep(queue.id(), queue);
    }
}
