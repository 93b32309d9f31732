package dev.handoff.router.observability;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;

import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.formatters.JsonFormatter;
import org.jboss.logmanager.formatters.StructuredFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

import dev.handoff.router.config.RouterConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Makes the console write one JSON object per log line when {@code router.log.json} is on (on Lambda, where CloudWatch
 * Logs Insights reads the fields; dev mode and tests keep readable lines). The event's fields that the edge puts in the
 * MDC ({@code eventId}, {@code eventType}, {@code outcome}, {@code durationMs}, {@code dynamoDbCalls}, …) come out as
 * the {@code mdc} object of each line.
 *
 * <p>Why not {@code quarkus-logging-json}: it configures this same JBoss LogManager formatter at build time, and its
 * build-time artifact is not served by the registry this project builds from; so the formatter is set on the console
 * handler here, when the application starts, before any event is handled.
 */
@ApplicationScoped
public class JsonLogLines {

    void onStart(@Observes @Priority(1) StartupEvent start, RouterConfig config) {
        if (config.log().json()) {
            install();
        }
    }

    /** The formatter every console line goes through once installed: one JSON object a line. */
    public static JsonFormatter formatter() {
        var json = new JsonFormatter();
        json.setPrettyPrint(false);
        json.setPrintDetails(false);
        json.setExceptionOutputType(StructuredFormatter.ExceptionOutputType.FORMATTED);
        json.setRecordDelimiter("\n");
        return json;
    }

    /** Sets {@link #formatter()} on every console handler under the root logger. */
    static void install() {
        var formatter = formatter();
        consoles().forEach(console -> console.setFormatter(formatter));
    }

    /** Whether the console writes JSON lines now: what {@code router.log.json} promises, checked by a test. */
    public static boolean installed() {
        var consoles = consoles();
        return !consoles.isEmpty() && consoles.stream().allMatch(c -> c.getFormatter() instanceof JsonFormatter);
    }

    /** The console handlers under the root logger, found inside the handlers Quarkus wraps them in. */
    private static List<ConsoleHandler> consoles() {
        var found = new ArrayList<ConsoleHandler>();
        collect(LogContext.getLogContext().getLogger("").getHandlers(), found);
        return found;
    }

    private static void collect(Handler[] handlers, List<ConsoleHandler> found) {
        for (Handler handler : handlers) {
            if (handler instanceof ConsoleHandler console) {
                found.add(console);
            }
            if (handler instanceof ExtHandler wrapper) {
                collect(wrapper.getHandlers(), found);
            }
        }
    }
}
