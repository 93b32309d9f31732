package dev.handoff.router.adapters.local;

import java.io.UncheckedIOException;
import java.net.URI;
import java.util.logging.Filter;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.handoff.router.config.RouterConfig;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Starts dev mode's {@link LivePage} on {@code router.demo.page-port}, pointed at the router's own endpoint (the Lambda
 * mock event server, {@code quarkus.lambda.mock-event-server.dev-port}), and prints its URL once.
 *
 * <p>The page asks several queries twice a second; the event log line of each would bury the dev log's story, so
 * while the page runs the log leaves out the lines of the page's own queries (their event ids start with
 * {@code live-page-}); every other event is logged as before.
 *
 * <p>Only a dev build registers this bean, and the class is left out of {@code function.zip}.
 */
@IfBuildProfile("dev")
@ApplicationScoped
public class LivePageSetup {
    private static final Logger LOG = Logger.getLogger(LivePageSetup.class);
    /** The logger of the router's one line per handled event ({@code functions.EventLog}). */
    private static final String EVENT_LOG = "dev.handoff.router.functions.EventLog";

    private final int pagePort;
    private final int routerPort;
    private LivePage page;
    private Filter quiet;

    @Inject
    public LivePageSetup(RouterConfig config,
            @ConfigProperty(name = "quarkus.lambda.mock-event-server.dev-port", defaultValue = "8080") int routerPort) {
        this(config.demo().pagePort(), routerPort);
    }

    LivePageSetup(int pagePort, int routerPort) {
        this.pagePort = pagePort;
        this.routerPort = routerPort;
    }

    void onStart(@Observes StartupEvent start) {
        URI router = URI.create("http://127.0.0.1:" + routerPort + "/");
        try {
            page = new LivePage(router, pagePort);
        } catch (UncheckedIOException taken) {
            if (pagePort == 0) {
                throw taken;
            }
            // another dev run has it: a page on another port beats a dev mode that does not start
            LOG.warnf("live page: port %d is taken (%s); using a free port instead", pagePort,
                    taken.getCause().getMessage());
            page = new LivePage(router, 0);
        }
        quiet = record -> record.getMessage() == null
                || !record.getMessage().startsWith("event " + LivePage.EVENT_ID_PREFIX);
        java.util.logging.Logger.getLogger(EVENT_LOG).setFilter(quiet);
        LOG.infof("live page: %s (queues, members' load, waiting lines, conversations; README 'Live page')",
                page.url());
    }

    void onStop(@Observes ShutdownEvent stop) {
        var eventLog = java.util.logging.Logger.getLogger(EVENT_LOG);
        if (quiet != null && eventLog.getFilter() == quiet) {
            eventLog.setFilter(null);
        }
        quiet = null;
        if (page != null) {
            page.close();
            page = null;
        }
    }
}
