package dev.handoff.router.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The floor: one conditional UpdateItem round trip on the router's own DynamoDB client (same interceptors, same
 * HTTP client), each caller on its own small item so that callers never contend. No routing can cost less than one
 * such write per event.
 */
final class FloorWrites implements Scenario {
    static final String NAME = "floor: one conditional UpdateItem";

    private final DynamoDbClient dynamo;
    private final String table;
    private final List<String> itemIds = new ArrayList<>();

    FloorWrites(DynamoDbClient dynamo, String participantsTable) {
        this.dynamo = dynamo;
        this.table = participantsTable;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "one UpdateItem `SET n = n + 1` with `attribute_exists` as its condition, on an item of its own per"
                + " caller (in the participants table, an id no participant has)";
    }

    @Override
    public int eventsPerUnit() {
        return 1;
    }

    @Override
    public void prepare(int callers) {
        itemIds.clear();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int caller = 0; caller < callers; caller++) {
            String id = "benchmark-floor-" + run + "-" + caller;
            dynamo.putItem(PutItemRequest.builder().tableName(table)
                    .item(Map.of("participantId", s(id), "n", AttributeValue.fromN("0"))).build());
            itemIds.add(id);
        }
    }

    @Override
    public void runUnit(int caller, Measurements measurements) {
        var request = UpdateItemRequest.builder().tableName(table)
                .key(Map.of("participantId", s(itemIds.get(caller))))
                .updateExpression("SET #n = #n + :one")
                .conditionExpression("attribute_exists(#id)")
                .expressionAttributeNames(Map.of("#n", "n", "#id", "participantId"))
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))
                .build();
        if (EventDriver.measure(measurements, "UpdateItem", () -> dynamo.updateItem(request)) != null) {
            measurements.unitCompleted();
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
