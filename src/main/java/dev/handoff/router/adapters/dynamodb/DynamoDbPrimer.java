package dev.handoff.router.adapters.dynamodb;

import java.util.HashMap;
import java.util.Map;

import org.jboss.logging.Logger;

import dev.handoff.router.snapstart.Primer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Primes the DynamoDB client: one {@code GetItem} of a key no item has ({@link #ABSENT}) on each table, which makes
 * the client resolve its credentials and endpoint, sign, open its connection and marshal a request and an answer.
 * Reads only. A table whose read fails (on AWS, a function whose role does not grant {@code GetItem} on it answers
 * AccessDenied) is logged and passed over: the client is primed all the same, up to the answer.
 */
@ApplicationScoped
public class DynamoDbPrimer implements Primer {
    private static final Logger LOG = Logger.getLogger(DynamoDbPrimer.class);
    /**
     * The key value read. No item has it: the ids events carry may hold no space or parenthesis (the decoder's id
     * pattern), and the other keys are hashes; a number key (a transcript's sequence) is read at -1, below the first.
     */
    public static final String ABSENT = "snapstart-priming (absent)";

    private final DynamoDbClient dynamo;
    private final TableNames tables;

    @Inject
    public DynamoDbPrimer(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.tables = tables;
    }

    @Override
    public String name() {
        return "DynamoDB client";
    }

    @Override
    public void prime() {
        for (CreateTableRequest table : TableDefinitions.all(tables)) {
            try {
                dynamo.getItem(GetItemRequest.builder().tableName(table.tableName()).key(absentKey(table)).build());
            } catch (SdkException failed) {
                LOG.infof("priming read of %s failed: %s", table.tableName(), failed.getClass().getSimpleName());
            }
        }
    }

    /** The table's key attributes, each with a value no item has. */
    private static Map<String, AttributeValue> absentKey(CreateTableRequest table) {
        var key = new HashMap<String, AttributeValue>();
        for (var element : table.keySchema()) {
            var type = table.attributeDefinitions().stream()
                    .filter(a -> a.attributeName().equals(element.attributeName())).findFirst().orElseThrow()
                    .attributeType();
            key.put(element.attributeName(), type == ScalarAttributeType.N ? AttributeValue.fromN("-1")
                    : AttributeValue.fromS(ABSENT));
        }
        return key;
    }
}
