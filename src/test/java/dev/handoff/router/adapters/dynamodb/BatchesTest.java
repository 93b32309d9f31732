package dev.handoff.router.adapters.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * DynamoDB answers a throttled BatchGetItem with unprocessed keys; dynalite never does, so a client that plays a
 * throttled table stands in for it here (it answers only BatchGetItem; every other call of the interface throws).
 */
class BatchesTest {

    /** Leaves every key but the first of each request unprocessed, {@code throttledRounds} times. */
    private static final class ThrottledTable implements DynamoDbClient {
        final List<Long> sentAt = new ArrayList<>();
        final List<Integer> keysSent = new ArrayList<>();
        private int throttledRounds;

        ThrottledTable(int throttledRounds) {
            this.throttledRounds = throttledRounds;
        }

        @Override
        public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
            sentAt.add(System.nanoTime());
            var keys = request.requestItems().get("t").keys();
            keysSent.add(keys.size());
            var answered = throttledRounds-- > 0 ? keys.subList(0, 1) : keys;
            var left = keys.subList(answered.size(), keys.size());
            var response = BatchGetItemResponse.builder().responses(Map.of("t", answered.stream()
                    .map(key -> Map.of("id", key.get("id"), "found", AttributeValue.fromBool(true))).toList()));
            if (!left.isEmpty()) {
                response.unprocessedKeys(Map.of("t", KeysAndAttributes.builder().keys(left).consistentRead(true)
                        .build()));
            }
            return response.build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void unprocessedKeysAreSentAgainAfterABackoffUntilAllAreRead() {
        var table = new ThrottledTable(3);

        var found = Batches.getAll(table, "t", "id", ids(5));

        assertEquals(5, found.size(), "every item is read in the end");
        assertEquals(List.of(5, 4, 3, 2), table.keysSent, "only the unprocessed keys are sent again");
        for (int round = 1; round < table.sentAt.size(); round++) {
            long waitedMillis = (table.sentAt.get(round) - table.sentAt.get(round - 1)) / 1_000_000;
            long leastBackoff = (20L << (round - 1)) / 2;
            assertTrue(waitedMillis >= leastBackoff, "round " + round + " waited " + waitedMillis + " ms, at least "
                    + leastBackoff + " ms of backoff");
        }
    }

    @Test
    void keysStillUnprocessedAfterSixRoundsFailTheReadSoTheEventIsRetried() {
        var table = new ThrottledTable(Integer.MAX_VALUE);

        assertThrows(Batches.Unprocessed.class, () -> Batches.getAll(table, "t", "id", ids(10)));
        assertEquals(6, table.keysSent.size(), "six rounds, then a transient fault");
    }

    private static List<String> ids(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "id-" + i).toList();
    }
}
