package dev.handoff.router.adapters.dynamodb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Strongly consistent BatchGetItem, in chunks of the API's 100 keys, following unprocessed keys; and BatchWriteItem,
 * following unprocessed items. DynamoDB leaves keys and items unprocessed when a partition is throttled, so they are sent again after an exponential backoff with jitter (a
 * random wait between half and all of 20, 40, 80... ms: AWS's advice for batch operations is to back off), a bounded
 * number of times; past that the read fails as a transient fault and the event is retried as a whole.
 */
final class Batches {
    private static final int MAX_KEYS = 100;
    private static final int MAX_ROUNDS = 6;
    private static final long FIRST_BACKOFF_MILLIS = 20;

    private Batches() {
    }

    /** The items of one table among {@code ids} that exist, in no particular order. */
    static List<Map<String, AttributeValue>> getAll(DynamoDbClient dynamo, String table, String keyName,
            Collection<String> ids) {
        return getAllByKey(dynamo, table, ids.stream().map(id -> ItemMapper.key(keyName, id)).toList());
    }

    /** The items of one table among {@code keys} (distinct, whole keys) that exist, in no particular order. */
    static List<Map<String, AttributeValue>> getAllByKey(DynamoDbClient dynamo, String table,
            Collection<Map<String, AttributeValue>> keys) {
        var found = new ArrayList<Map<String, AttributeValue>>();
        var chunk = new ArrayList<Map<String, AttributeValue>>();
        for (var key : keys) {
            chunk.add(key);
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
        for (int round = 0; !request.isEmpty(); round++) {
            if (round == MAX_ROUNDS) {
                throw new Unprocessed("BatchGetItem left keys unprocessed " + MAX_ROUNDS + " times; retry the event");
            }
            if (round > 0) {
                backOff(round);
            }
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

    /** One BatchWriteItem (at most 25 requests in all), sending unprocessed items again after a backoff. */
    static void writeAll(DynamoDbClient dynamo, Map<String, List<WriteRequest>> requests) {
        var left = new HashMap<>(requests);
        for (int round = 0; !left.isEmpty(); round++) {
            if (round == MAX_ROUNDS) {
                throw new Unprocessed("BatchWriteItem left items unprocessed " + MAX_ROUNDS + " times; retry the event");
            }
            if (round > 0) {
                backOff(round);
            }
            var response = dynamo.batchWriteItem(BatchWriteItemRequest.builder().requestItems(left).build());
            left.clear();
            if (response.hasUnprocessedItems()) {
                left.putAll(response.unprocessedItems());
            }
        }
    }

    /** Waits before sending unprocessed keys again: a throttled partition needs time, not another request at once. */
    private static void backOff(int round) {
        long ceiling = FIRST_BACKOFF_MILLIS << (round - 1);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unprocessed("interrupted while backing off unprocessed keys");
        }
    }

    /** Keys stayed unprocessed (throttling): a transient fault, thrown so that the event is retried. */
    static final class Unprocessed extends RuntimeException {
        Unprocessed(String message) {
            super(message);
        }
    }
}
