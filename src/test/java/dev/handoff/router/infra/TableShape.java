package dev.handoff.router.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * A table in the small form that the code's {@code CreateTableRequest} and the template's {@code AWS::DynamoDB::Table}
 * are both converted to, so that they compare with {@code equals} and a difference prints readably.
 *
 * @param name the table's name without the prefix
 */
record TableShape(String name, String billingMode, List<String> keys, Set<String> attributes, Set<IndexShape> indexes) {

    /** A global secondary index: its keys in order ({@code attribute HASH|RANGE}) and what it projects. */
    record IndexShape(String name, List<String> keys, String projection, Set<String> nonKeyAttributes) {
    }

    static TableShape fromCode(CreateTableRequest table) {
        return new TableShape(table.tableName(), table.billingModeAsString(),
                table.keySchema().stream().map(TableShape::key).toList(),
                table.attributeDefinitions().stream()
                        .map(a -> a.attributeName() + " " + a.attributeTypeAsString())
                        .collect(Collectors.toCollection(TreeSet::new)),
                table.globalSecondaryIndexes().stream()
                        .map(index -> new IndexShape(index.indexName(),
                                index.keySchema().stream().map(TableShape::key).toList(),
                                index.projection().projectionTypeAsString(),
                                new TreeSet<>(index.projection().nonKeyAttributes())))
                        .collect(Collectors.toSet()));
    }

    /** From the {@code Properties} of an {@code AWS::DynamoDB::Table}, named by the caller. */
    static TableShape fromTemplate(String name, JsonNode properties) {
        var attributes = new TreeSet<String>();
        for (JsonNode a : properties.path("AttributeDefinitions")) {
            attributes.add(a.path("AttributeName").asText() + " " + a.path("AttributeType").asText());
        }
        var indexes = new java.util.HashSet<IndexShape>();
        for (JsonNode index : properties.path("GlobalSecondaryIndexes")) {
            var nonKey = new TreeSet<String>();
            index.path("Projection").path("NonKeyAttributes").forEach(n -> nonKey.add(n.asText()));
            indexes.add(new IndexShape(index.path("IndexName").asText(), keys(index.path("KeySchema")),
                    index.path("Projection").path("ProjectionType").asText(), nonKey));
        }
        return new TableShape(name, properties.path("BillingMode").asText(), keys(properties.path("KeySchema")),
                attributes, indexes);
    }

    private static String key(KeySchemaElement element) {
        return element.attributeName() + " " + element.keyTypeAsString();
    }

    private static List<String> keys(JsonNode keySchema) {
        var keys = new ArrayList<String>();
        keySchema.forEach(k -> keys.add(k.path("AttributeName").asText() + " " + k.path("KeyType").asText()));
        return keys;
    }
}
