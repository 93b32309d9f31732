package dev.handoff.router.adapters.dynamodb;

import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/** The read the stores' {@code find}s share: one item by its partition key, strongly consistent. */
final class Reads {
    private Reads() {
    }

    /** The item whose {@code keyName} is {@code id}, or empty when there is none. */
    static Optional<Map<String, AttributeValue>> item(DynamoDbClient dynamo, String table, String keyName,
            String id) {
        var response = dynamo.getItem(GetItemRequest.builder().tableName(table)
                .key(ItemMapper.key(keyName, id)).consistentRead(true).build());
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }
}
