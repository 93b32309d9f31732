package dev.handoff.router.adapters;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.handoff.router.adapters.dynamodb.DynamoDbChannelStore;
import dev.handoff.router.adapters.dynamodb.DynamoDbConversationStore;
import dev.handoff.router.adapters.dynamodb.DynamoDbEventLedger;
import dev.handoff.router.adapters.dynamodb.DynamoDbMemberStore;
import dev.handoff.router.adapters.dynamodb.DynamoDbParticipantStore;
import dev.handoff.router.adapters.dynamodb.DynamoDbQueueStore;
import dev.handoff.router.adapters.dynamodb.DynamoDbSetup;
import dev.handoff.router.adapters.dynamodb.DynamoDbTranscriptStore;
import dev.handoff.router.adapters.dynamodb.TableDefinitions;
import dev.handoff.router.adapters.dynamodb.TableNames;
import dev.handoff.router.adapters.local.LocalDynamoDb;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The store contract on the DynamoDB stores and a real dynalite, without Quarkus: one engine and one set of tables for
 * the class (a table takes dynalite half a second to create), emptied before each case.
 */
class StoreContractDynamoDbTest extends StoreContract {
    private static final TableNames TABLES = TableNames.withPrefix("contract-");

    private static LocalDynamoDb engine;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void startEngine() {
        engine = LocalDynamoDb.start(Path.of(System.getProperty("user.dir")));
        dynamo = DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .endpointOverride(URI.create(engine.endpoint()))
                .build();
        DynamoDbSetup.createMissingTables(dynamo, TABLES);
    }

    @AfterAll
    static void stopEngine() {
        if (dynamo != null) {
            dynamo.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Override
    protected Stores emptyStores() {
        deleteAllItems();
        var queues = new DynamoDbQueueStore(dynamo, TABLES);
        return new Stores(new DynamoDbConversationStore(dynamo, TABLES),
                new DynamoDbParticipantStore(dynamo, TABLES, Clock.systemUTC()), queues,
                new DynamoDbEventLedger(dynamo, TABLES), new DynamoDbTranscriptStore(dynamo, TABLES),
                new DynamoDbChannelStore(dynamo, TABLES), new DynamoDbMemberStore(dynamo, TABLES, readFrom(queues)));
    }

    /**
     * Pads the item with one attribute as large as DynamoDB still accepts (found by halving the step), so that any
     * write that makes it larger is refused, as it is for an item holding thousands of claims.
     */
    @Override
    protected void fillItem(String participantId) {
        int accepted = 0;
        for (int step = 256 * 1024; step > 0; step /= 2) {
            int size = accepted + step;
            try {
                dynamo.updateItem(UpdateItemRequest.builder().tableName(TABLES.participants())
                        .key(Map.of("participantId", AttributeValue.fromS(participantId)))
                        .updateExpression("SET padding = :padding")
                        .expressionAttributeValues(Map.of(":padding", AttributeValue.fromS("x".repeat(size))))
                        .build());
                accepted = size;
            } catch (DynamoDbException tooLarge) {
                // keep the last size accepted; try a smaller step on top of it
            }
        }
        assertTrue(accepted > 400_000, "the padding DynamoDB took: " + accepted);
    }

    /** Deletes every item of every table, by the keys its table definition names: a case leaves nothing to the next. */
    private static void deleteAllItems() {
        for (var table : TableDefinitions.all(TABLES)) {
            var names = new java.util.HashMap<String, String>();
            table.keySchema().forEach(k -> names.put("#k" + names.size(), k.attributeName()));
            var scan = ScanRequest.builder().tableName(table.tableName())
                    .projectionExpression(String.join(", ", names.keySet()))
                    .expressionAttributeNames(names).build();
            for (var page : dynamo.scanPaginator(scan)) {
                page.items().forEach(item -> dynamo.deleteItem(
                        DeleteItemRequest.builder().tableName(table.tableName()).key(item).build()));
            }
        }
    }
}
