package dev.handoff.router.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every setting of the router ({@code router.*}), with its default: the one place they are declared and documented.
 * The README's configuration table lists each of them (a test keeps the two in agreement); profile overrides for dev
 * mode and tests live in {@code application.properties}.
 */
@ConfigMapping(prefix = "router")
public interface RouterConfig {

    Dynamodb dynamodb();

    Timers timers();

    Saga saga();

    HandOuts handOuts();

    Routing routing();

    Webhook webhook();

    BotFramework botFramework();

    Metrics metrics();

    LocalDynamodb localDynamodb();

    Demo demo();

    Log log();

    interface Dynamodb {
        /**
         * Table names are this prefix + {@code conversations}, {@code participants}, {@code queues}, {@code events},
         * {@code transcripts}, {@code channels}.
         */
        @WithDefault("handoff-")
        String tablePrefix();

        /** Create missing tables at start-up: only for the local engine (dev mode, tests); on AWS, infra/ does. */
        @WithDefault("false")
        boolean createTables();
    }

    interface Saga {
        /**
         * How long a step owns its unfinished work (a claim not yet on its conversation, bot calls owed, an admin event
         * in progress) before a repeat of the event or the sweeper presumes it dead and finishes it. Longer than the
         * slowest step: two bot calls with their retries (2 x 13 s at worst).
         */
        @WithDefault("30S")
        Duration lease();
    }

    interface Routing {
        /**
         * How long a function instance keeps the queues' assignment methods it read for ranking their members; a
         * change through another instance is seen within it.
         */
        @WithDefault("10S")
        Duration settingsKept();
    }

    interface HandOuts {
        /**
         * How long one event may keep handing freed capacity to waiting conversations (each hand-out to a bot makes
         * its webhook calls); after it, no new hand-out starts, and the sweeper hands out the rest.
         */
        @WithDefault("5S")
        Duration budget();
    }

    interface Webhook {
        /** Connect timeout of one bot call. */
        @WithDefault("2S")
        Duration connectTimeout();

        /** Whole-call timeout of one attempt of a bot call. */
        @WithDefault("4S")
        Duration callTimeout();

        /**
         * Retries of a transient failure (5xx, 408, 429, timeout, reset, refused), under the same webhook-id. Worst
         * case per call: (1 + retries) x call-timeout + the backoff delays.
         */
        @WithDefault("2")
        int maxRetries();

        /** First backoff delay before a retry (doubling each time, up to 8 x, with jitter of half of it). */
        @WithDefault("PT0.25S")
        Duration retryDelay();

        /** Allow plain http to loopback webhooks (dev mode, tests). */
        @WithDefault("false")
        boolean allowHttpLoopback();

        /** Allow webhooks on loopback, private and link-local addresses (on-premises bots). */
        @WithDefault("false")
        boolean allowPrivateAddresses();

        /**
         * How long a function instance keeps the webhooks it read for a chat's calls (a bot's for messages, a desk's, a
         * channel's, and that a channel has none), so that a chat turn reads none of them; a change made through
         * another instance is seen within it.
         */
        @WithDefault("10S")
        Duration directoryKept();
    }

    /** What the router says of itself in the Bot Framework activities it sends to bots. */
    interface BotFramework {
        /** The activities' {@code channelId}: the channel the bot sees the customer on. */
        @WithDefault("handoff-router")
        String channelId();

        /**
         * The activities' {@code serviceUrl}: where a Bot Framework bot would send activities outside its HTTP answer.
         * The router asks for every answer in the HTTP response ({@code deliveryMode: expectReplies}) and serves no
         * connector yet, so the default names a host that never resolves ({@code .invalid}, RFC 2606). Bots that post
         * "typing" on their own (botbuilder's ShowTypingMiddleware) need a real one.
         */
        @WithDefault("https://router.invalid/botframework/")
        String serviceUrl();
    }

    /** The router's metrics (README "Metrics"): CloudWatch Embedded Metric Format documents. */
    interface Metrics {
        /** The CloudWatch namespace of every metric; {@code infra/}'s dashboard and alarms read the same one. */
        @WithDefault("HandoffRouter")
        String namespace();

        /**
         * Where the metric documents go: {@code emf}, one JSON line each on stdout (Lambda sends it to CloudWatch Logs,
         * which turns it into metrics); {@code log}, the same line through the {@code dev.handoff.router.metrics}
         * logger at DEBUG; {@code none}, nowhere.
         */
        @WithDefault("emf")
        Output output();

        enum Output {
            EMF,
            LOG,
            NONE
        }
    }

    /**
     * Dev mode only: a dev build starts dynalite from {@code node_modules} on a free loopback port and points its
     * client there, unless {@code quarkus.dynamodb.endpoint-override} names an engine.
     */
    interface LocalDynamodb {
        /** Where {@code node_modules/.bin/dynalite} is; the working directory when absent. */
        Optional<String> directory();
    }

    interface Timers {
        /**
         * The SQS standard queue that delays timer messages until their due time (on AWS: infra/'s {@code TimersQueue},
         * consumed by the {@code timer} function). Without it, timers are kept in the process and fired by its own
         * thread (dev mode, tests), and the sweeper makes up those a restart lost.
         */
        Optional<String> queueUrl();

        /** How often the in-process timers (without {@code queue-url}) look at the router's clock for what is due. */
        @WithDefault("0.1S")
        Duration localTick();
    }

    interface Demo {
        /** Set up the demo queues, participants and loopback bots at start (dev mode only: other builds have none). */
        @WithDefault("false")
        boolean enabled();

        /**
         * The loopback port of dev mode's live page (README "Live page"); 0 takes any free port. Dev mode only: other
         * builds have no page.
         */
        @WithDefault("8090")
        int pagePort();
    }

    interface Log {
        /**
         * Write each console log line as one JSON object (for CloudWatch Logs Insights); off in dev mode and tests,
         * whose lines are read by people.
         */
        @WithDefault("true")
        boolean json();
    }
}
