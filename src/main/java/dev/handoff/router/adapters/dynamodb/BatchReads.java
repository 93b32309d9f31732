package dev.handoff.router.adapters.dynamodb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/** Strongly consistent BatchGetItem, in chunks of the API's 100 keys, following unprocessed keys to the end. */
final class BatchReads {
    private static final int MAX_KEYS = 100;

    private BatchReads() {
    }

    /** The items of one table among {@code ids} that exist, in no particular order. */
    static List<Map<String, AttributeValue>> getAll(DynamoDbClient dynamo, String table, String keyName,
            Collection<String> ids) {
        var found = new ArrayList<Map<String, AttributeValue>>();
        var chunk = new ArrayList<Map<String, AttributeValue>>();
        for (String id : ids) {
            chunk.add(ItemMapper.key(keyName, id));
            if (chunk.size() == MAX_KEYS) {
                found.addAll(get(dynamo, Map.of(table, chunk)).getOrDefault(table, List.of()));
                chunk = new ArrayList<>();
            }
        }
        if (!chunk.isEmpty()) {
            found.addAll(get(dynamo, Map.of(table, chunk)).getOrDefault(table, List.of()));
        }
        return found;
    }

    /** One batch over several tables (at most 100 keys in all): items found, by table. */
    static Map<String, List<Map<String, AttributeValue>>> get(DynamoDbClient dynamo,
            Map<String, List<Map<String, AttributeValue>>> keysByTable) {
        var request = new HashMap<String, KeysAndAttributes>();
        keysByTable.forEach((table, keys) -> request.put(table,
                KeysAndAttributes.builder().keys(keys).consistentRead(true).build()));
        var found = new HashMap<String, List<Map<String, AttributeValue>>>();
        while (!request.isEmpty()) {
            var response = dynamo.batchGetItem(BatchGetItemRequest.builder().requestItems(request).build());
            response.responses().forEach((table, items) ->
                    found.computeIfAbsent(table, t -> new ArrayList<>()).addAll(items));
            request.clear();
            if (response.hasUnprocessedKeys()) {
                request.putAll(response.unprocessedKeys());
            }
        }
        return found;
    }
}
