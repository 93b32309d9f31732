package dev.handoff.router.adapters.dynamodb;

import java.time.Duration;
import java.time.Instant;

import org.jboss.logging.Logger;

import dev.handoff.router.config.RouterConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** Table names from config, and the creation of missing tables where config asks for it (dev mode and tests). */
@ApplicationScoped
public class DynamoDbSetup {
    private static final Logger LOG = Logger.getLogger(DynamoDbSetup.class);
    private static final Duration TABLE_READY_TIMEOUT = Duration.ofSeconds(30);

    /** Creates the tables on the local engine before anything else starts (dev mode, tests). */
    void onStart(@Observes @Priority(1) StartupEvent start, DynamoDbClient dynamo, TableNames names,
            RouterConfig config) {
        if (config.dynamodb().createTables()) {
            createMissingTables(dynamo, names);
        }
    }

    @Produces
    @Singleton
    TableNames tableNames(RouterConfig config) {
        return TableNames.withPrefix(config.dynamodb().tablePrefix());
    }

    /**
     * Creates every table of {@link TableDefinitions} that does not exist yet and waits until all are active. The
     * SDK's waiter polls every 20 s; a local engine is ready in about half a second, so this polls itself.
     */
    public static void createMissingTables(DynamoDbClient dynamo, TableNames names) {
        for (CreateTableRequest table : TableDefinitions.all(names)) {
            try {
                dynamo.createTable(table);
                LOG.infof("created table %s", table.tableName());
            } catch (ResourceInUseException alreadyThere) {
                // Created before (another test class, or a dev-mode restart on the same engine).
            }
        }
        for (CreateTableRequest table : TableDefinitions.all(names)) {
            awaitActive(dynamo, table.tableName());
        }
    }

    private static void awaitActive(DynamoDbClient dynamo, String table) {
        Instant deadline = Instant.now().plus(TABLE_READY_TIMEOUT);
        while (true) {
            try {
                var status = dynamo.describeTable(DescribeTableRequest.builder().tableName(table).build())
                        .table().tableStatus();
                if (status == TableStatus.ACTIVE) {
                    return;
                }
            } catch (ResourceNotFoundException notYet) {
                // Keep polling until the deadline.
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("table " + table + " not active after " + TABLE_READY_TIMEOUT);
            }
            try {
                Thread.sleep(50); // polling a local engine that reports ACTIVE within about 500 ms
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for table " + table, e);
            }
        }
    }
}
