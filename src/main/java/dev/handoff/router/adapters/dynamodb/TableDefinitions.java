package dev.handoff.router.adapters.dynamodb;

import java.util.List;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The one description of the router's tables: local tables are created from it, and infra/ is checked against it.
 */
public final class TableDefinitions {
    /** The sparse index of waiting conversations: partition = line (queue + kind needed), sort = order of arrival. */
    public static final String WAITING_INDEX = "waiting";

    private TableDefinitions() {
    }

    /** The sparse index of assigned conversations: partition = their queue, sort = conversation id. */
    public static final String HELD_INDEX = "held";
    /** The sparse index of bot calls still owed: one partition, ordered by when they became owed. */
    public static final String OWED_INDEX = "owed";
    /** The sparse index of waits that fall due (a timer's backstop): one partition, ordered by when they are due. */
    public static final String DUE_INDEX = "due";
    /** The events table's TTL attribute (epoch seconds): it only cleans up, conditions decide expiry. */
    public static final String EVENTS_TTL_ATTRIBUTE = Attr.EXPIRES_AT;
    /** The claims table's TTL attribute (epoch seconds), on released claims only. */
    public static final String CLAIMS_TTL_ATTRIBUTE = Attr.EXPIRES_AT;

    public static List<CreateTableRequest> all(TableNames names) {
        return List.of(conversations(names.conversations()), participants(names.participants()),
                queues(names.queues()), events(names.events()), transcripts(names.transcripts()),
                channels(names.channels()), members(names.members()), rooms(names.rooms()),
                claims(names.claims()));
    }

    static CreateTableRequest conversations(String table) {
        return CreateTableRequest.builder()
                .tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(string(Attr.CONVERSATION_ID), string(Attr.WAIT_LINE), string(Attr.WAIT_ORDER),
                        string(Attr.OWED_LINE), string(Attr.OWED_ORDER), string(Attr.HELD_IN),
                        string(Attr.DUE_LINE), string(Attr.DUE_ORDER))
                .keySchema(hash(Attr.CONVERSATION_ID))
                .globalSecondaryIndexes(
                        keysOnlyIndex(WAITING_INDEX, Attr.WAIT_LINE, Attr.WAIT_ORDER),
                        keysOnlyIndex(OWED_INDEX, Attr.OWED_LINE, Attr.OWED_ORDER),
                        keysOnlyIndex(HELD_INDEX, Attr.HELD_IN, Attr.CONVERSATION_ID),
                        keysOnlyIndex(DUE_INDEX, Attr.DUE_LINE, Attr.DUE_ORDER))
                .build();
    }

    static CreateTableRequest participants(String table) {
        return keyedBy(table, Attr.PARTICIPANT_ID);
    }

    static CreateTableRequest queues(String table) {
        return keyedBy(table, Attr.QUEUE_ID);
    }

    static CreateTableRequest events(String table) {
        return keyedBy(table, Attr.EVENT_KEY);
    }

    /** Customers' channels and their webhooks, one item each. */
    static CreateTableRequest channels(String table) {
        return keyedBy(table, Attr.CHANNEL_ID);
    }

    /** Every message of every conversation: partition = conversation, sort = its sequence (a number). */
    static CreateTableRequest transcripts(String table) {
        return CreateTableRequest.builder()
                .tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(string(Attr.CONVERSATION_ID), AttributeDefinition.builder()
                        .attributeName(Attr.SEQUENCE).attributeType(ScalarAttributeType.N).build())
                .keySchema(hash(Attr.CONVERSATION_ID), range(Attr.SEQUENCE))
                .build();
    }

    /** Who serves each queue: partition = queue, sort = participant. */
    static CreateTableRequest members(String table) {
        return keyedBy(table, Attr.QUEUE_ID, Attr.PARTICIPANT_ID);
    }

    /**
     * The members with room: partition = queue + kind, sort = the rank by the queue's {@code AssignmentMethod}, best
     * first.
     */
    static CreateTableRequest rooms(String table) {
        return keyedBy(table, Attr.ROOM_IN, Attr.ROOM_RANK);
    }

    /** Settled claims: partition = participant, sort = conversation. */
    static CreateTableRequest claims(String table) {
        return keyedBy(table, Attr.PARTICIPANT_ID, Attr.CONVERSATION_ID);
    }

    /** A table of items keyed by two strings: the partition key {@code hashKey} and the sort key {@code rangeKey}. */
    private static CreateTableRequest keyedBy(String table, String hashKey, String rangeKey) {
        return CreateTableRequest.builder()
                .tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(string(hashKey), string(rangeKey))
                .keySchema(hash(hashKey), range(rangeKey))
                .build();
    }

    /** A table of one item per id: the string partition key {@code key}, no sort key, no index. */
    private static CreateTableRequest keyedBy(String table, String key) {
        return CreateTableRequest.builder()
                .tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(string(key))
                .keySchema(hash(key))
                .build();
    }

    private static GlobalSecondaryIndex keysOnlyIndex(String name, String partitionKey, String sortKey) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(hash(partitionKey), range(sortKey))
                .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                .build();
    }

    private static AttributeDefinition string(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement hash(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
    }

    private static KeySchemaElement range(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
    }
}
