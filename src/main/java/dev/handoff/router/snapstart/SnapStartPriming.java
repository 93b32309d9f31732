package dev.handoff.router.snapstart;

import java.util.ArrayList;
import java.util.List;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.jboss.logging.Logger;

import io.quarkus.arc.All;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * SnapStart's hook: a CRaC {@link Resource} registered at start-up whose {@link #beforeCheckpoint} runs every
 * {@link Primer} (the DynamoDB client, the JSON mappers of events and answers, the webhook signer). On AWS, Lambda
 * calls it when a version is published, after the handler's constructor (which starts Quarkus) and before the
 * snapshot, so what the primers did lies in the snapshot every restored instance starts from. Where no CRaC
 * implementation is present (this JDK, dev mode, tests) registering is a no-op and nothing calls it.
 *
 * <p>A leaf like {@code config} and {@code observability}: the primers live with what they prime, in the adapters
 * and the functions; the domain has none.
 */
@ApplicationScoped
public class SnapStartPriming implements Resource {
    private static final Logger LOG = Logger.getLogger(SnapStartPriming.class);

    private final List<Primer> primers;

    @Inject
    public SnapStartPriming(@All List<Primer> primers) {
        this.primers = List.copyOf(primers);
    }

    /** What one primer did: whether it finished, and how long it took. */
    public record Primed(String primer, boolean ok, double millis) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%s %s in %.1f ms", primer, ok ? "done" : "failed", millis);
        }
    }

    /** The CRaC global context keeps a weak reference: this bean, which the container keeps, is the resource. */
    void register(@Observes StartupEvent started) {
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        primeAll();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to redo: the primers hold no connection or credential of their own.
    }

    /** Runs every primer, each failure logged and passed over. */
    public List<Primed> primeAll() {
        var done = new ArrayList<Primed>();
        for (Primer primer : primers) {
            long start = System.nanoTime();
            boolean ok = true;
            try {
                primer.prime();
            } catch (RuntimeException failed) {
                ok = false;
                LOG.infof("priming %s before the snapshot failed, going on: %s", primer.name(),
                        failed.getClass().getSimpleName());
            }
            done.add(new Primed(primer.name(), ok, (System.nanoTime() - start) / 1e6));
        }
        LOG.infof("primed before the snapshot: %s", done);
        return List.copyOf(done);
    }
}
