package dev.handoff.router.webhooks;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import org.jboss.logmanager.LogContext;

import dev.handoff.router.observability.JsonLogLines;

/** Captures every log record of the running application (all loggers, all levels), formatted with its parameters. */
final class LogCapture extends Handler implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<String> jsonLines = new CopyOnWriteArrayList<>();
    private final Formatter json = JsonLogLines.formatter();

    static LogCapture start() {
        var capture = new LogCapture();
        capture.setLevel(java.util.logging.Level.ALL);
        LogContext.getLogContext().getLogger("").addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        var text = new StringBuilder(String.valueOf(record.getMessage()));
        if (record.getParameters() != null) {
            for (Object parameter : record.getParameters()) {
                text.append(" | ").append(parameter);
            }
        }
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            text.append(" | ").append(t);
        }
        lines.add(text.toString());
        jsonLines.add(json.format(record));
    }

    /** Each record as the console writes it on Lambda: the formatter {@code router.log.json} installs. */
    List<String> jsonLines() {
        return List.copyOf(jsonLines);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        LogContext.getLogContext().getLogger("").removeHandler(this);
    }
}
