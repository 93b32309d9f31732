package dev.handoff.router.adapters.local;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

import org.jboss.logging.Logger;

import dev.handoff.router.application.Commands;
import dev.handoff.router.application.EventContext;
import dev.handoff.router.application.Router;
import dev.handoff.router.config.RouterConfig;
import dev.handoff.router.domain.ParticipantKind;
import dev.handoff.router.domain.Presence;
import dev.handoff.router.domain.Webhook;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Dev mode's demo: both seed scenarios, with demo bots on loopback whose webhooks check signatures and greet. Queues 1
 * and 2 play the two-queue one (Agent A and a representative in Queue 1, Agent B in Queue 2); Queue 3 the one-queue one,
 * with the same three and the capacities the seed orders (Agent A 3 > representative 2 > Agent B 1). The channel
 * {@code webchat} and the representative's desk have webhooks that log what the customer and the representative would
 * see. Set up through the same use cases the events reach.
 *
 * <p>Only a dev build registers this bean (a prod build does not even see its observer), and the class is left out
 * of {@code function.zip}; {@code router.demo.enabled=false} turns the demo off in dev mode.
 */
@IfBuildProfile("dev")
@ApplicationScoped
public class DemoSetup {
    private static final Logger LOG = Logger.getLogger(DemoSetup.class);

    private final Router router;
    private final Clock clock;
    private final boolean enabled;
    private DemoWebhooks webhooks;

    public DemoSetup(Router router, Clock clock, RouterConfig config) {
        this.router = router;
        this.clock = clock;
        this.enabled = config.demo().enabled();
    }

    void onStart(@Observes @Priority(100) StartupEvent start) {
        if (!enabled) {
            return;
        }
        webhooks = new DemoWebhooks();
        upsert(new Commands.UpsertQueue("queue-1", "Queue 1", 1));
        upsert(new Commands.UpsertQueue("queue-2", "Queue 2", 1));
        upsert(new Commands.UpsertQueue("queue-3", "Queue 3", 1));
        var agentA = bot("agent-a", "Agent A", 3, List.of("queue-1", "queue-3"), "Hi, I'm Agent A. How can I help?");
        String deskSecret = secret();
        upsert(new Commands.UpsertParticipant("rep-1", ParticipantKind.REPRESENTATIVE, "Representative 1", 2,
                List.of("queue-1", "queue-3"), Presence.AVAILABLE,
                new Webhook(webhooks.desk("rep-1", deskSecret), deskSecret)));
        String channelSecret = secret();
        upsert(new Commands.UpsertChannel("webchat", new Webhook(webhooks.channel("webchat", channelSecret),
                channelSecret)));
        var agentB = bot("agent-b", "Agent B", 1, List.of("queue-2", "queue-3"),
                "Hi, I'm Agent B. I'll take it from here.");
        LOG.infof("demo ready: two queues: queue-1 (agent-a, rep-1), queue-2 (agent-b); one queue: queue-3 (agent-a 3,"
                + " rep-1 2, agent-b 1); demo bots: agent-a at %s, agent-b at %s; channel webchat and rep-1's desk log"
                + " what they are told; see README 'Walk-through'", agentA.webhook().url(), agentB.webhook().url());
    }

    void onStop(@Observes ShutdownEvent stop) {
        if (webhooks != null) {
            webhooks.close();
        }
    }

    /** A fresh webhook secret that only the demo webhook and the router know (never logged). */
    private static String secret() {
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    /** Registers a demo bot, with a fresh secret. */
    private Commands.UpsertParticipant bot(String id, String name, int capacity, List<String> queues,
            String greeting) {
        String secret = secret();
        String url = webhooks.add(new DemoWebhooks.Bot(id, name, secret, greeting));
        var command = new Commands.UpsertParticipant(id, ParticipantKind.BOT, name, capacity, queues,
                Presence.AVAILABLE, new Webhook(url, secret));
        upsert(command);
        return command;
    }

    private void upsert(Commands.Command command) {
        String id = "demo-" + command.getClass().getSimpleName() + "-" + clock.millis() + "-" + System.nanoTime();
        router.handle(new EventContext(id, id, "/demo", id, clock.instant()), command);
    }
}
