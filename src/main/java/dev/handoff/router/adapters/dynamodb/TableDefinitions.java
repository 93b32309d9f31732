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

    public static List<CreateTableRequest> all(TableNames names) {
        return List.of(conversations(names.conversations()), participants(names.participants()),
                queues(names.queues()));
    }

    static CreateTableRequest conversations(String table) {
        return CreateTableRequest.builder()
                .tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(string(Attr.CONVERSATION_ID), string(Attr.WAIT_LINE), string(Attr.WAIT_ORDER))
                .keySchema(hash(Attr.CONVERSATION_ID))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(WAITING_INDEX)
                        .keySchema(hash(Attr.WAIT_LINE), range(Attr.WAIT_ORDER))
                        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                        .build())
                .build();
    }

    static CreateTableRequest participants(String table) {
        return CreateTableRequest.builder()
                .tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(string(Attr.PARTICIPANT_ID))
                .keySchema(hash(Attr.PARTICIPANT_ID))
                .build();
    }

    static CreateTableRequest queues(String table) {
        return CreateTableRequest.builder()
                .tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(string(Attr.QUEUE_ID))
                .keySchema(hash(Attr.QUEUE_ID))
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
