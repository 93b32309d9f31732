package dev.handoff.router.application;

/**
 * A repeat of an event arrived while the first delivery of it is still at work. Thrown, not answered, so that the
 * platform retries the event later, when the first delivery has finished or is presumed dead.
 */
public class InProgress extends RuntimeException {
    public InProgress(String message) {
        super(message);
    }
}
