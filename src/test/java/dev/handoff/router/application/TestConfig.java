package dev.handoff.router.application;

import java.time.Duration;
import java.util.Optional;

import dev.handoff.router.config.RouterConfig;

/** {@link RouterConfig} with its declared defaults, for use cases built by hand; a test may change the lease. */
final class TestConfig implements RouterConfig {
    private final Duration lease;
    private final Duration handOutBudget;

    TestConfig(Duration lease, Duration handOutBudget) {
        this.lease = lease;
        this.handOutBudget = handOutBudget;
    }

    @Override
    public Dynamodb dynamodb() {
        return new Dynamodb() {
            @Override
            public String tablePrefix() {
                return "handoff-";
            }

            @Override
            public boolean createTables() {
                return false;
            }
        };
    }

    @Override
    public Timers timers() {
        return new Timers() {
            @Override
            public java.util.Optional<String> queueUrl() {
                return java.util.Optional.empty();
            }

            @Override
            public Duration localTick() {
                return Duration.ofMillis(100);
            }
        };
    }

    @Override
    public Saga saga() {
        return () -> lease;
    }

    @Override
    public HandOuts handOuts() {
        return () -> handOutBudget;
    }

    @Override
    public Routing routing() {
        return () -> Duration.ofSeconds(10);
    }

    /** The application layer reads only how long webhooks are kept; the HTTP settings belong to the adapter. */
    @Override
    public Webhook webhook() {
        return new Webhook() {
            @Override
            public Duration directoryKept() {
                return Duration.ofSeconds(10);
            }

            @Override
            public Duration connectTimeout() {
                throw new UnsupportedOperationException("an adapter's setting");
            }

            @Override
            public Duration callTimeout() {
                throw new UnsupportedOperationException("an adapter's setting");
            }

            @Override
            public int maxRetries() {
                throw new UnsupportedOperationException("an adapter's setting");
            }

            @Override
            public Duration retryDelay() {
                throw new UnsupportedOperationException("an adapter's setting");
            }

            @Override
            public boolean allowHttpLoopback() {
                throw new UnsupportedOperationException("an adapter's setting");
            }

            @Override
            public boolean allowPrivateAddresses() {
                throw new UnsupportedOperationException("an adapter's setting");
            }
        };
    }

    @Override
    public BotFramework botFramework() {
        return new BotFramework() {
            @Override
            public String channelId() {
                return "handoff-router";
            }

            @Override
            public String serviceUrl() {
                return "https://router.invalid/botframework/";
            }
        };
    }

    @Override
    public Metrics metrics() {
        return new Metrics() {
            @Override
            public String namespace() {
                return "HandoffRouter";
            }

            @Override
            public Output output() {
                return Output.NONE;
            }
        };
    }

    @Override
    public LocalDynamodb localDynamodb() {
        return Optional::empty;
    }

    @Override
    public Demo demo() {
        return new Demo() {
            @Override
            public boolean enabled() {
                return false;
            }

            @Override
            public int pagePort() {
                return 0;
            }
        };
    }

    @Override
    public Log log() {
        return () -> false;
    }
}
