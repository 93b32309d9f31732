package dev.handoff.router.adapters.metrics;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import dev.handoff.router.adapters.metrics.MetricName.Dimension;
import dev.handoff.router.config.RouterConfig;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.Metrics;
import dev.handoff.router.domain.Owed;
import dev.handoff.router.snapstart.Primer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * The metrics as CloudWatch Embedded Metric Format documents, through AWS's {@code aws-embedded-metrics} library: one
 * document (one log line) per call, flushed at once to the {@link ISink} that {@link MetricSinks} chose for
 * {@code router.metrics.output}. Each document also carries the dimensionless aggregate (an empty dimension set), which
 * the alarms watch, and, for events, the per-type set that the dashboard's percentiles read.
 *
 * <p>The first document costs the most (the library's classes, and Jackson's serializers for its model built by
 * reflection): as a {@link Primer} it writes one and drops it before SnapStart's snapshot ({@link #prime}), so that
 * the cost lies in the snapshot instead of in the first event after a restore.
 *
 * <p>A metric that cannot be written (a dimension value the format refuses) is logged and dropped: metrics never fail
 * an event, which would make the platform retry it.
 */
@ApplicationScoped
public class EmfMetrics implements Metrics, Primer {
    private static final Logger LOG = Logger.getLogger(EmfMetrics.class);

    private final String namespace;
    private final Environment environment;

    @Inject
    public EmfMetrics(RouterConfig config, ISink sink) {
        this(config.metrics().namespace(), sink);
    }

    /** @throws IllegalStateException when the namespace is not one CloudWatch takes: at start-up, not per metric */
    public EmfMetrics(String namespace, ISink sink) {
        try {
            new MetricsContext().setNamespace(namespace);
        } catch (Exception invalid) {
            throw new IllegalStateException("router.metrics.namespace is not a valid CloudWatch namespace", invalid);
        }
        this.namespace = namespace;
        this.environment = new SinkEnvironment(sink);
    }

    @Override
    public String name() {
        return "metrics documents";
    }

    /** Writes one event's document, serialized and dropped. */
    @Override
    public void prime() {
        event(new SinkEnvironment(new SerializedAndDropped()), "warm-up", "none", 0, 0);
    }

    @Override
    public void eventHandled(String eventType, String outcome, double millis, int conditionalCheckFailures) {
        event(environment, eventType, outcome, millis, conditionalCheckFailures);
    }

    private void event(Environment target, String eventType, String outcome, double millis,
            int conditionalCheckFailures) {
        try {
            var logger = logger(target, dimensions(Dimension.EVENT_TYPE, eventType, Dimension.OUTCOME, outcome),
                    dimensions(Dimension.EVENT_TYPE, eventType), new DimensionSet());
            put(logger, MetricName.EVENTS_HANDLED, 1);
            put(logger, MetricName.ROUTING_TIME, millis);
            put(logger, MetricName.CONDITIONAL_CHECK_FAILURES, conditionalCheckFailures);
            logger.flush();
        } catch (RuntimeException unwritable) {
            dropped(MetricName.EVENTS_HANDLED, unwritable);
        }
    }

    @Override
    public void joinedLine(String queueId, KindNeeded line, int conversationsWaiting) {
        one(MetricName.CONVERSATIONS_WAITING, conversationsWaiting, perLine(queueId, line));
    }

    @Override
    public void handedOut(String queueId, KindNeeded line, long waitedSeconds) {
        one(MetricName.LONGEST_WAIT_SECONDS, waitedSeconds, perLine(queueId, line));
    }

    @Override
    public void botCallFailed(BotCall call) {
        one(MetricName.BOT_DELIVERY_FAILURES, 1, byAndInAll(Dimension.BOT_CALL, call.name().toLowerCase(Locale.ROOT)));
    }

    @Override
    public void noticeFailed(Owed.Audience recipient) {
        one(MetricName.NOTICE_FAILURES, 1, byAndInAll(Dimension.RECIPIENT, recipient.name().toLowerCase(Locale.ROOT)));
    }

    /** One document per kind of leftover, so that the aggregate (no dimension) sums them all. */
    @Override
    public void swept(int deliveriesFinished, int claimsReleased, int conversationsHandedOut,
            int conditionalCheckFailures) {
        one(MetricName.SWEEPER_LEFTOVERS, deliveriesFinished, byAndInAll(Dimension.LEFTOVER, "owed-deliveries"));
        one(MetricName.SWEEPER_LEFTOVERS, claimsReleased, byAndInAll(Dimension.LEFTOVER, "orphan-claims"));
        one(MetricName.SWEEPER_LEFTOVERS, conversationsHandedOut, byAndInAll(Dimension.LEFTOVER, "hand-outs"));
        one(MetricName.CONDITIONAL_CHECK_FAILURES, conditionalCheckFailures,
                byAndInAll(Dimension.EVENT_TYPE, "sweeper"));
    }

    /** A document of one metric, written at once. */
    private void one(MetricName name, double value, Supplier<DimensionSet[]> sets) {
        try {
            var logger = logger(environment, sets.get());
            put(logger, name, value);
            logger.flush();
        } catch (RuntimeException unwritable) {
            dropped(name, unwritable);
        }
    }

    private static void dropped(MetricName name, RuntimeException why) {
        LOG.warnf("metric %s not written: %s", name.metric(), why.getClass().getSimpleName());
    }

    private static Supplier<DimensionSet[]> perLine(String queueId, KindNeeded line) {
        return () -> new DimensionSet[] {dimensions(Dimension.QUEUE_ID, queueId, Dimension.LINE, line.wire()),
                dimensions(Dimension.QUEUE_ID, queueId)};
    }

    /** The dimension set {@code name = value}, and the set without any (the aggregate). */
    private static Supplier<DimensionSet[]> byAndInAll(Dimension name, String value) {
        return () -> new DimensionSet[] {dimensions(name, value), new DimensionSet()};
    }

    private MetricsLogger logger(Environment target, DimensionSet... sets) {
        var logger = new MetricsLogger(target);
        try {
            logger.setNamespace(namespace);
        } catch (Exception invalid) {
            throw new IllegalStateException("checked when constructed", invalid);
        }
        logger.setDimensions(sets);
        return logger;
    }

    private static void put(MetricsLogger logger, MetricName name, double value) {
        try {
            logger.putMetric(name.metric(), value, name.unit());
        } catch (Exception invalid) {
            throw new IllegalArgumentException("metric " + name.metric() + ": " + invalid.getMessage(), invalid);
        }
    }

    private static DimensionSet dimensions(Dimension name, String value) {
        var set = new DimensionSet();
        add(set, name, value);
        return set;
    }

    private static DimensionSet dimensions(Dimension first, String firstValue, Dimension second, String secondValue) {
        var set = dimensions(first, firstValue);
        add(set, second, secondValue);
        return set;
    }

    private static void add(DimensionSet set, Dimension name, String value) {
        try {
            set.addDimension(name.dimension(), value);
        } catch (Exception invalid) {
            throw new IllegalArgumentException("dimension " + name.dimension() + ": " + invalid.getMessage(), invalid);
        }
    }

    /** Serializes what it is given, as the console sink does, and keeps nothing. */
    private static final class SerializedAndDropped implements ISink {
        @Override
        public void accept(MetricsContext context) {
            try {
                context.serialize();
            } catch (Exception unserializable) {
                throw new IllegalStateException("a metrics document did not serialize", unserializable);
            }
        }

        @Override
        public CompletableFuture<Void> shutdown() {
            return CompletableFuture.completedFuture(null);
        }
    }

    /**
     * Where the documents go: the sink, and nothing the library would add by itself (the Lambda environment adds the
     * trace id, log stream and function version as properties; the log line already sits in its stream).
     */
    private record SinkEnvironment(ISink sink) implements Environment {
        @Override
        public boolean probe() {
            return true;
        }

        @Override
        public String getName() {
            return "handoff-router";
        }

        @Override
        public String getType() {
            return "AWS::Lambda::Function";
        }

        @Override
        public String getLogGroupName() {
            return "";
        }

        @Override
        public void configureContext(MetricsContext context) {
        }

        @Override
        public ISink getSink() {
            return sink;
        }
    }
}
