package dev.handoff.router.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * {@code infra/template.yaml} as read by a plain YAML parser (the template uses long-form intrinsic functions for
 * this), with the few lookups the infra tests need: tables, functions, and what each function's role allows.
 */
final class InfraTemplate {
    static final Path FILE = Path.of("infra", "template.yaml");
    static final String TABLE_PREFIX_PARAMETER = "${TablePrefix}";
    private static final Pattern INDEX_ARN = Pattern.compile("\\$\\{(\\w+)\\.Arn}/index/([\\w.-]+)");

    /** A statement of a role's inline policy, as written. */
    record Statement(String role, String policy, String effect, List<String> actions, List<JsonNode> resources,
            JsonNode raw) {
    }

    private final JsonNode root;

    private InfraTemplate(JsonNode root) {
        this.root = root;
    }

    static InfraTemplate load() {
        try {
            return new InfraTemplate(new ObjectMapper(new YAMLFactory()).readTree(FILE.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE.toAbsolutePath(), e);
        }
    }

    JsonNode root() {
        return root;
    }

    JsonNode resource(String logicalId) {
        JsonNode resource = root.path("Resources").path(logicalId);
        if (resource.isMissingNode()) {
            throw new AssertionError(FILE + " has no resource " + logicalId);
        }
        return resource;
    }

    /** Logical ids of the resources of one type, in template order. */
    List<String> resourcesOfType(String type) {
        var ids = new ArrayList<String>();
        root.path("Resources").properties().forEach(entry -> {
            if (type.equals(entry.getValue().path("Type").asText())) {
                ids.add(entry.getKey());
            }
        });
        return ids;
    }

    /** Logical table name (the TableName without the prefix parameter) by logical id. */
    Map<String, String> tableNamesByLogicalId() {
        var names = new TreeMap<String, String>();
        for (String id : resourcesOfType("AWS::DynamoDB::Table")) {
            String written = resource(id).path("Properties").path("TableName").path("Fn::Sub").asText();
            if (!written.startsWith(TABLE_PREFIX_PARAMETER)) {
                throw new AssertionError(id + ": TableName must be Fn::Sub \"" + TABLE_PREFIX_PARAMETER
                        + "<name>\" so that it follows the code's table prefix, but is " + written);
            }
            names.put(id, written.substring(TABLE_PREFIX_PARAMETER.length()));
        }
        return names;
    }

    /** The export (QUARKUS_FUNQY_EXPORT) of each function, by the function's logical id. */
    Map<String, String> exportsByFunction() {
        var exports = new TreeMap<String, String>();
        for (String id : resourcesOfType("AWS::Serverless::Function")) {
            exports.put(id, resource(id).path("Properties").path("Environment").path("Variables")
                    .path("QUARKUS_FUNQY_EXPORT").asText(null));
        }
        return exports;
    }

    /** The logical id of the role a function runs with ({@code Role: Fn::GetAtt: [id, Arn]}). */
    String roleOf(String function) {
        JsonNode getAtt = resource(function).path("Properties").path("Role").path("Fn::GetAtt");
        if (getAtt.size() != 2 || !"Arn".equals(getAtt.get(1).asText())) {
            throw new AssertionError(function + ": Role must be Fn::GetAtt [<role>, Arn] of a role in the template");
        }
        return getAtt.get(0).asText();
    }

    /** Every statement of every role's inline policies. */
    List<Statement> statements() {
        var all = new ArrayList<Statement>();
        for (String role : resourcesOfType("AWS::IAM::Role")) {
            all.addAll(statementsOf(role));
        }
        return all;
    }

    List<Statement> statementsOf(String role) {
        var found = new ArrayList<Statement>();
        for (JsonNode policy : resource(role).path("Properties").path("Policies")) {
            for (JsonNode statement : policy.path("PolicyDocument").path("Statement")) {
                found.add(new Statement(role, policy.path("PolicyName").asText(), statement.path("Effect").asText(),
                        listOf(statement.path("Action")).stream().map(JsonNode::asText).toList(),
                        listOf(statement.path("Resource")), statement));
            }
        }
        return found;
    }

    /** The DynamoDB permissions of a function's role, in the form the code's calls are compared in. */
    Set<Grant> dynamoDbGrants(String function) {
        var tables = tableNamesByLogicalId();
        var grants = new TreeSet<Grant>();
        for (Statement statement : statementsOf(roleOf(function))) {
            for (String action : statement.actions()) {
                if (!action.startsWith("dynamodb:")) {
                    continue;
                }
                for (JsonNode resource : statement.resources()) {
                    grants.add(grant(function, action, resource, tables));
                }
            }
        }
        return grants;
    }

    /** Resolves {@code Fn::GetAtt: [Table, Arn]} and {@code Fn::Sub: "${Table.Arn}/index/name"}. */
    private static Grant grant(String function, String action, JsonNode resource, Map<String, String> tables) {
        JsonNode getAtt = resource.path("Fn::GetAtt");
        if (getAtt.size() == 2 && "Arn".equals(getAtt.get(1).asText()) && tables.containsKey(getAtt.get(0).asText())) {
            return new Grant(action, tables.get(getAtt.get(0).asText()), null);
        }
        var index = INDEX_ARN.matcher(resource.path("Fn::Sub").asText());
        if (index.matches() && tables.containsKey(index.group(1))) {
            return new Grant(action, tables.get(index.group(1)), index.group(2));
        }
        throw new AssertionError(function + ": " + action + " on " + resource + " is neither a table of the template"
                + " (Fn::GetAtt [<table>, Arn]) nor one of its indexes (Fn::Sub \"${<table>.Arn}/index/<name>\")");
    }

    /** A YAML scalar or list, as a list. */
    static List<JsonNode> listOf(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (node.isArray()) {
            var items = new ArrayList<JsonNode>();
            node.forEach(items::add);
            return items;
        }
        return List.of(node);
    }
}
