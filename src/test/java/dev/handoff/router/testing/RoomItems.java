package dev.handoff.router.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collection;
import java.util.Map;

import dev.handoff.router.adapters.dynamodb.TableNames;
import dev.handoff.router.domain.MemberStore;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.RoomLayout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Checks a queue's room index in dynalite against its members as stored: none lacks a room item its state needs
 * ({@link MemberStore#missingRoom}), and the queue has exactly as many room items as its members with room need (one,
 * and one per skill of theirs the queue indexes), so none is left over either.
 */
public final class RoomItems {
    private RoomItems() {
    }

    public static void checkExact(DynamoDbClient dynamo, TableNames tables, MemberStore members, String queueId,
            RoomLayout layout, Collection<Participant> everyMember) {
        assertEquals(java.util.List.of(), members.missingRoom(everyMember), "room items missing");
        long needed = everyMember.stream().filter(Participant::hasRoom)
                .mapToLong(p -> 1 + layout.indexedLevels(p).size()).sum();
        assertEquals(needed, count(dynamo, tables, queueId), "room items of " + queueId);
    }

    /** Room items whose partition is the queue's: its kinds' and its indexed skills' (a scan: tests only). */
    public static long count(DynamoDbClient dynamo, TableNames tables, String queueId) {
        long count = 0;
        Map<String, AttributeValue> start = null;
        do {
            var page = dynamo.scan(ScanRequest.builder().tableName(tables.rooms()).consistentRead(true)
                    .filterExpression("begins_with(#in, :queue)")
                    .expressionAttributeNames(Map.of("#in", "roomIn"))
                    .expressionAttributeValues(Map.of(":queue", AttributeValue.fromS(queueId + "#")))
                    .exclusiveStartKey(start).build());
            count += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }
}
