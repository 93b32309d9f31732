package dev.handoff.router.application;

/**
 * A conversation kept changing under a step that retried a few times. Thrown, not answered: the event is retried as a
 * whole by Lambda or the queue, and the retry decides on fresh state.
 */
public class ConcurrentChange extends RuntimeException {
    public ConcurrentChange(String message) {
        super(message);
    }
}
