package dev.handoff.router.adapters.metrics;

import java.util.concurrent.CompletableFuture;

import org.jboss.logging.Logger;

import dev.handoff.router.config.RouterConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ConsoleSink;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * Where metric documents go ({@code router.metrics.output}): {@code emf}, the library's console sink, one JSON line on
 * stdout, which Lambda sends to CloudWatch Logs, where it becomes metrics; {@code log}, the same line through the
 * {@code dev.handoff.router.metrics} logger at DEBUG (dev mode: silent unless that category is turned up);
 * {@code none}, nowhere (tests).
 */
@ApplicationScoped
public class MetricSinks {
    private static final Logger LOG = Logger.getLogger("dev.handoff.router.metrics");

    @Produces
    @ApplicationScoped
    ISink sink(RouterConfig config) {
        return switch (config.metrics().output()) {
            case EMF -> new ConsoleSink();
            case LOG -> new LogSink();
            case NONE -> new NoSink();
        };
    }

    private static final class LogSink implements ISink {
        @Override
        public void accept(MetricsContext context) {
            if (!LOG.isDebugEnabled()) {
                return;
            }
            try {
                for (String line : context.serialize()) {
                    LOG.debug(line);
                }
            } catch (Exception unserializable) {
                LOG.debugf("metrics not serialized: %s", unserializable.getClass().getSimpleName());
            }
        }

        @Override
        public CompletableFuture<Void> shutdown() {
            return CompletableFuture.completedFuture(null);
        }
    }

    private static final class NoSink implements ISink {
        @Override
        public void accept(MetricsContext context) {
        }

        @Override
        public CompletableFuture<Void> shutdown() {
            return CompletableFuture.completedFuture(null);
        }
    }
}
