package dev.handoff.router.adapters.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Starts the local engine for dev mode before the DynamoDB client is configured, and points the client at it. Acts
 * only where {@code router.local-dynamodb.start} is true (the dev profile), so prod never starts anything.
 *
 * <p>Config is built more than once per JVM in dev mode (build, run, every live reload, each in a new class loader),
 * so the endpoint of the one engine started is kept in a system property, and the engine is stopped by a shutdown hook.
 */
public class LocalDynamoDbConfigSourceFactory implements ConfigSourceFactory {
    static final String STARTED_ENDPOINT = "router.local-dynamodb.started-endpoint";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue start = context.getValue("router.local-dynamodb.start");
        if (start == null || !"true".equalsIgnoreCase(start.getValue())) {
            return List.of();
        }
        ConfigValue explicit = context.getValue("quarkus.dynamodb.endpoint-override");
        if (explicit != null && explicit.getValue() != null && !explicit.getValue().isBlank()
                && explicit.getConfigSourceOrdinal() > 250) {
            return List.of(); // an endpoint given by system property or env var wins: nothing to start
        }
        return List.of(new PropertiesConfigSource(Map.of("quarkus.dynamodb.endpoint-override", endpoint(context)),
                "local-dynamodb", 275));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(275);
    }

    private static synchronized String endpoint(ConfigSourceContext context) {
        String running = System.getProperty(STARTED_ENDPOINT);
        if (running != null) {
            return running;
        }
        ConfigValue dir = context.getValue("router.local-dynamodb.directory");
        Path directory = Path.of(dir != null && dir.getValue() != null ? dir.getValue()
                : System.getProperty("user.dir"));
        LocalDynamoDb engine = LocalDynamoDb.start(directory);
        Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "stop-local-dynamodb"));
        System.setProperty(STARTED_ENDPOINT, engine.endpoint());
        org.jboss.logging.Logger.getLogger(LocalDynamoDbConfigSourceFactory.class)
                .infof("local DynamoDB (dynalite) started at %s, pid %d", engine.endpoint(), engine.pid());
        return engine.endpoint();
    }
}
