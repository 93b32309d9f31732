package dev.handoff.router.adapters.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * While dev mode's live page runs, the event log leaves out the lines of the page's own queries (they would bury the
 * dev log, several per 500 ms) and keeps every other event's; once it stops, nothing is left out. Plain JUnit: the
 * setup is constructed by hand, its page on a free port.
 */
class LivePageSetupTest {
    private static final String EVENT_LOG = "dev.handoff.router.functions.EventLog";

    @Test
    void leavesOutThePagesOwnQueriesFromTheEventLogWhileItRuns() {
        var eventLog = java.util.logging.Logger.getLogger(EVENT_LOG);
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        eventLog.addHandler(handler);
        var setup = new LivePageSetup(0, 8080);
        try {
            setup.onStart(null);
            Logger.getLogger(EVENT_LOG).info("event live-page-1 queue.list -: ok in 1.0 ms, 1 DynamoDB call");
            Logger.getLogger(EVENT_LOG).info("event e1 conversation.start c-1: assigned in 9.0 ms, 4 DynamoDB calls");
            assertEquals(List.of("event e1 conversation.start c-1: assigned in 9.0 ms, 4 DynamoDB calls"), logged);

            setup.onStop(null);
            assertNull(eventLog.getFilter(), "the filter goes with the page");
            Logger.getLogger(EVENT_LOG).info("event live-page-2 queue.list -: ok in 1.0 ms, 1 DynamoDB call");
            assertEquals(2, logged.size(), "after the page stopped nothing is left out: " + logged);
        } finally {
            setup.onStop(null);
            eventLog.removeHandler(handler);
        }
    }
}
