package dev.handoff.router.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.handoff.router.adapters.metrics.EmfMetrics;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.Metrics;
import dev.handoff.router.domain.Owed;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * An EMF sink that keeps the lines it is given, as the library's console sink would print them, and reads them back
 * as CloudWatch reads them: the {@code _aws} directive (namespace, dimension sets, metric names and units) and the
 * values at the top level.
 */
public final class CapturedMetrics implements ISink {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void accept(MetricsContext context) {
        try {
            lines.addAll(context.serialize());
        } catch (Exception e) {
            throw new AssertionError("a metrics document did not serialize", e);
        }
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        return CompletableFuture.completedFuture(null);
    }

    /** What the EMF adapter writes when every method of the port is called once. */
    public static CapturedMetrics ofEveryKind(String namespace) {
        var captured = new CapturedMetrics();
        Metrics metrics = new EmfMetrics(namespace, captured);
        metrics.eventHandled("conversation.end", "ended", 1, 0);
        metrics.joinedLine("q", KindNeeded.BOT, 1);
        metrics.handedOut("q", KindNeeded.BOT, 1);
        metrics.botCallFailed(Metrics.BotCall.ARRIVAL);
        metrics.noticeFailed(Owed.Audience.CHANNEL);
        metrics.swept(0, 0, 0, 0);
        return captured;
    }

    /** The dimension sets (each a set of dimension names) each metric is written with, by metric name. */
    public Map<String, Set<Set<String>>> dimensionSetsByMetric() {
        var sets = new java.util.TreeMap<String, Set<Set<String>>>();
        for (Document document : documents()) {
            for (String metric : document.metrics().keySet()) {
                sets.computeIfAbsent(metric, m -> new java.util.HashSet<>()).addAll(document.dimensionSets());
            }
        }
        return sets;
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public void clear() {
        lines.clear();
    }

    public List<Document> documents() {
        var documents = new ArrayList<Document>();
        for (String line : lines) {
            documents.add(Document.read(line));
        }
        return documents;
    }

    /** The documents that carry this metric. */
    public List<Document> with(String metric) {
        return documents().stream().filter(d -> d.metrics().containsKey(metric)).toList();
    }

    /**
     * One EMF document.
     *
     * @param namespace the directive's namespace
     * @param dimensionSets the directive's dimension sets, each as the set of its names
     * @param metrics each metric's unit, by name
     * @param values the top-level members: metric values and dimension values
     */
    public record Document(String namespace, List<Set<String>> dimensionSets, Map<String, String> metrics,
            Map<String, Object> values) {

        @SuppressWarnings("unchecked")
        static Document read(String line) {
            try {
                Map<String, Object> root = JSON.readValue(line, new TypeReference<Map<String, Object>>() {
                });
                var aws = (Map<String, Object>) root.get("_aws");
                if (aws == null || !(aws.get("Timestamp") instanceof Number)) {
                    throw new AssertionError("no _aws.Timestamp: " + line);
                }
                var directives = (List<Map<String, Object>>) aws.get("CloudWatchMetrics");
                if (directives == null || directives.size() != 1) {
                    throw new AssertionError("expected one CloudWatchMetrics directive: " + line);
                }
                var directive = directives.get(0);
                var sets = new ArrayList<Set<String>>();
                for (var set : (List<List<String>>) directive.get("Dimensions")) {
                    sets.add(new TreeSet<>(set));
                }
                var metrics = new java.util.LinkedHashMap<String, String>();
                for (var metric : (List<Map<String, Object>>) directive.get("Metrics")) {
                    metrics.put((String) metric.get("Name"), (String) metric.get("Unit"));
                }
                var values = new java.util.LinkedHashMap<>(root);
                values.remove("_aws");
                return new Document((String) directive.get("Namespace"), sets, metrics, values);
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + line, e);
            }
        }

        public double value(String metric) {
            return ((Number) values.get(metric)).doubleValue();
        }

        public Object dimension(String name) {
            return values.get(name);
        }
    }
}
