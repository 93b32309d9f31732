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
    public Saga saga() {
        return () -> lease;
    }

    @Override
    public HandOuts handOuts() {
        return () -> handOutBudget;
    }

    @Override
    public Webhook webhook() {
        throw new UnsupportedOperationException("the application layer reads no webhook settings");
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
    public LocalDynamodb localDynamodb() {
        return Optional::empty;
    }

    @Override
    public Demo demo() {
        return () -> false;
    }
}
