package dev.handoff.router.adapters.local;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.handoff.router.adapters.dynamodb.DynamoDbSetup;
import dev.handoff.router.adapters.dynamodb.TableNames;
import dev.handoff.router.config.RouterConfig;
import io.quarkus.arc.profile.IfBuildProfile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Dev mode's DynamoDB client: the extension's own builder (region, credentials, HTTP client and interceptors from
 * config) pointed at a dynalite started here, with the tables created before the client is handed out, so an event
 * that arrives as soon as the port answers finds them. Given {@code quarkus.dynamodb.endpoint-override}, it starts
 * nothing and uses that engine.
 *
 * <p>Only a dev build registers this bean; prod and test builds keep the extension's client, and the class is left
 * out of {@code function.zip} (see {@code quarkus.package.jar.user-configured-ignored-entries}), so nothing of it is
 * loaded at a Lambda cold start.
 *
 * <p>Dev mode rebuilds the application at every live reload, in a new class loader: the one dynalite of this JVM is
 * found again through a system property (its data outlives the reload) and stopped by a shutdown hook.
 */
@IfBuildProfile("dev")
@Singleton
public class LocalDynamoDbClient {
    private static final Logger LOG = Logger.getLogger(LocalDynamoDbClient.class);
    /**
     * The system property that keeps the started dynalite's endpoint across live reloads. Not under {@code router.}:
     * the config mapping of that prefix refuses names it does not declare, which failed every live reload.
     */
    static final String STARTED_ENDPOINT = "handoff-router.dev.started-dynalite-endpoint";

    @Produces
    @ApplicationScoped
    DynamoDbClient dynamoDb(DynamoDbClientBuilder builder, TableNames names,
            @ConfigProperty(name = "quarkus.dynamodb.endpoint-override") Optional<String> givenEndpoint,
            RouterConfig config) {
        if (givenEndpoint.filter(endpoint -> !endpoint.isBlank()).isEmpty()) {
            builder.endpointOverride(URI.create(startedEndpoint(
                    Path.of(config.localDynamodb().directory().orElse(System.getProperty("user.dir"))))));
        }
        DynamoDbClient client = builder.build();
        if (config.dynamodb().createTables()) {
            DynamoDbSetup.createMissingTables(client, names);
        }
        return client;
    }

    void close(@Disposes DynamoDbClient client) {
        client.close();
    }

    private static synchronized String startedEndpoint(Path directory) {
        String running = System.getProperty(STARTED_ENDPOINT);
        if (running != null) {
            return running;
        }
        LocalDynamoDb engine = LocalDynamoDb.start(directory);
        Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "stop-local-dynamodb"));
        System.setProperty(STARTED_ENDPOINT, engine.endpoint());
        LOG.infof("local DynamoDB (dynalite) started at %s, pid %d", engine.endpoint(), engine.pid());
        return engine.endpoint();
    }
}
