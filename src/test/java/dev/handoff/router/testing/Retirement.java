package dev.handoff.router.testing;

import java.util.Collection;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;

/**
 * Takes the participants of a world whose test has passed out of the table. A sweep walks every participant and looks
 * at the waiting lines of each one with room, so in a class that makes a world per case (hundreds of them) each sweep
 * would cost more than the last, by work about worlds already judged. Only participants are removed: a sweep reaches
 * conversations only through those still owed something, and a passed world owes nothing.
 */
public final class Retirement {
    private Retirement() {
    }

    /** Deletes these participants (full ids) from the participants table of {@code tablePrefix}. */
    public static void participants(DynamoDbClient dynamo, String tablePrefix, Collection<String> participantIds) {
        for (String id : participantIds) {
            dynamo.deleteItem(DeleteItemRequest.builder().tableName(tablePrefix + "participants")
                    .key(Map.of("participantId", AttributeValue.fromS(id))).build());
        }
    }
}
