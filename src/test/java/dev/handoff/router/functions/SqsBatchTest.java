package dev.handoff.router.functions;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.handoff.router.domain.QueueStore;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.RouterTestBase;
import dev.handoff.router.testing.DynamoDbProbe;
import dev.handoff.router.testing.Events;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * An SQS batch to {@code route}: a good record, a rejected one and one that fails transiently. Only the transient one
 * is named for retry, and with it every later record of its FIFO group, so that a conversation's events keep their
 * order; records of other groups go on.
 */
@QuarkusTest
@WithTestResource(DynaliteResource.class)
class SqsBatchTest extends RouterTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    QueueStore queues;

    @AfterEach
    void disarm() {
        DynamoDbProbe.reset();
    }

    @Test
    void onlyTheTransientFailureAndWhatFollowsItInItsGroupAreRetried() throws Exception {
        var world = newWorld();
        var good = Events.event("queue.upsert", Map.of("queueId", world.id("good"), "name", "Good"));
        var rejected = Events.event("queue.upsert", Map.of("queueId", world.id("bad"), "name", "Bad",
                "unitsPerConversation", -1));
        var failing = Events.event("queue.upsert", Map.of("queueId", world.id("unreachable"), "name", "Down"));
        var sameGroupAfter = Events.event("queue.upsert", Map.of("queueId", world.id("after"), "name", "After"));
        var otherGroup = Events.event("queue.upsert", Map.of("queueId", world.id("other"), "name", "Other"));
        DynamoDbProbe.failCallsMentioning(world.id("unreachable"));

        var batch = Map.of("Records", List.of(
                record("m-1", "group-a", good),
                record("m-2", "group-b", rejected),
                record("m-3", "group-c", failing),
                record("m-4", "group-c", sameGroupAfter),
                record("m-5", "group-d", otherGroup)));
        var answer = given().contentType("application/json").body(batch)
                .when().post()
                .then().statusCode(200)
                .extract().jsonPath();

        DynamoDbProbe.reset(); // the database answers again
        assertEquals(List.of("m-3", "m-4"), answer.getList("batchItemFailures.itemIdentifier"));
        assertTrue(queues.find(world.id("good")).isPresent(), "the good record was handled");
        assertTrue(queues.find(world.id("bad")).isEmpty(), "the rejected record stored nothing");
        assertTrue(queues.find(world.id("unreachable")).isEmpty());
        assertTrue(queues.find(world.id("after")).isEmpty(), "held back behind its group's failure");
        assertTrue(queues.find(world.id("other")).isPresent(), "other groups go on");

        // The queue redelivers the failed records: they converge.
        var retry = given().contentType("application/json")
                .body(Map.of("Records", List.of(record("m-3", "group-c", failing),
                        record("m-4", "group-c", sameGroupAfter))))
                .when().post()
                .then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of(), retry.getList("batchItemFailures"));
        assertTrue(queues.find(world.id("unreachable")).isPresent());
        assertTrue(queues.find(world.id("after")).isPresent());
    }

    private static Map<String, Object> record(String messageId, String group, Map<String, Object> event)
            throws Exception {
        var attributes = Map.of("MessageGroupId", group, "ApproximateReceiveCount", "1");
        return Map.of("messageId", messageId, "receiptHandle", "handle-" + messageId,
                "body", JSON.writeValueAsString(event), "attributes", attributes,
                "eventSource", "aws:sqs", "eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:handoff.fifo",
                "awsRegion", "us-east-1");
    }
}
