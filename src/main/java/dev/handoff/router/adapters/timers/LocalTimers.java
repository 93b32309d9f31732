package dev.handoff.router.adapters.timers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import dev.handoff.router.domain.DueTimer;
import dev.handoff.router.domain.Timers;

/**
 * Timers kept in the process (dev mode, tests): one daemon thread looks at the router's clock every tick and fires what
 * is due, in due order. So a test that moves a settable clock past a due time sees the timer fire within a tick, as on
 * AWS a delayed message would arrive. A timer that fails to fire is left to the sweeper (it reads due waits from the
 * store), as are the timers of a process that stopped.
 */
final class LocalTimers implements Timers, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalTimers.class);

    private final PriorityBlockingQueue<DueTimer> pending = new PriorityBlockingQueue<>(16,
            Comparator.comparing(DueTimer::dueAt));
    private final Clock clock;
    private final Consumer<DueTimer> fire;
    private final Duration tick;
    private final Thread ticker;
    private volatile boolean running = true;

    LocalTimers(Clock clock, Duration tick, Consumer<DueTimer> fire) {
        this.clock = clock;
        this.tick = tick;
        this.fire = fire;
        this.ticker = new Thread(this::run, "local-timers");
        ticker.setDaemon(true);
        ticker.start();
    }

    @Override
    public void set(String conversationId, Instant dueAt) {
        pending.add(new DueTimer(conversationId, dueAt));
    }

    private void run() {
        while (running) {
            try {
                // A poll, not a wait until the next due time: the router's clock may be a test's settable one, which
                // moves without the system's, so it is looked at every tick.
                Thread.sleep(tick.toMillis());
            } catch (InterruptedException stopped) {
                return;
            }
            Instant now = clock.instant();
            for (DueTimer due = pending.peek(); due != null && !due.dueAt().isAfter(now); due = pending.peek()) {
                pending.remove(due);
                try {
                    fire.accept(due);
                } catch (RuntimeException failed) {
                    LOG.warnf("a timer failed to fire (%s); the sweeper will look at its conversation",
                            failed.getClass().getSimpleName());
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        ticker.interrupt();
    }
}
