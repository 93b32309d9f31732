package dev.handoff.router.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.handoff.router.adapters.dynamodb.TableDefinitions;
import dev.handoff.router.adapters.dynamodb.TableNames;
import dev.handoff.router.config.RouterConfig;
import dev.handoff.router.testing.CapturedMetrics;
import io.smallrye.config.WithDefault;

/**
 * infra/template.yaml agrees with the code: its tables are TableDefinitions, it has one function per exported name,
 * the queue feeds {@code route} in order with partial-batch failures, and no IAM statement has a wildcard. (That each
 * role grants exactly the DynamoDB calls its function makes is {@link InfraPermissionsTest}.)
 */
class InfraTemplateTest {
    private static final String TABLE_PREFIX_KEY = "router.dynamodb.table-prefix";
    private static final String METRICS_NAMESPACE_KEY = "router.metrics.namespace";
    private static final String NAMESPACE_PARAMETER = "MetricsNamespace";
    /** {@code SEARCH('{namespace,Dimension,...} MetricName="Name"', ...)} in a dashboard expression. */
    private static final Pattern SEARCH = Pattern.compile("SEARCH\\('\\{([^}]*)} MetricName=\"(\\w+)\"'");
    private static final String ADVANCED_EVENT_HANDLING_KEY =
            "quarkus.funqy.amazon-lambda.advanced-event-handling.enabled";
    /** Short-form intrinsic tags, which a plain YAML parser does not understand. */
    private static final Pattern SHORT_TAG = Pattern.compile(
            "^[^#]*\\s!(Ref|GetAtt|Sub|Join|If|Select|Split|FindInMap|ImportValue|Base64|Cidr|GetAZs|Equals|And|Or"
                    + "|Not|Condition|Transform)\\b");

    private final InfraTemplate template = InfraTemplate.load();

    @Test
    void isASamTemplateWithLongFormIntrinsicsOnly() throws IOException {
        assertEquals("AWS::Serverless-2016-10-31", template.root().path("Transform").asText());
        assertFalse(template.resourcesOfType("AWS::Serverless::Function").isEmpty());
        List<String> lines = Files.readAllLines(InfraTemplate.FILE);
        for (int i = 0; i < lines.size(); i++) {
            assertFalse(SHORT_TAG.matcher(lines.get(i)).find(), InfraTemplate.FILE + " line " + (i + 1)
                    + " uses a short-form tag, which plain YAML parsers cannot read; write Ref:/Fn::...: instead");
        }
    }

    @Test
    void tablesEqualTheCodesTableDefinitions() {
        Map<String, TableShape> inCode = new TreeMap<>();
        TableDefinitions.all(TableNames.withPrefix(""))
                .forEach(table -> inCode.put(table.tableName(), TableShape.fromCode(table)));
        Map<String, TableShape> inInfra = new TreeMap<>();
        template.tableNamesByLogicalId().forEach((id, name) -> inInfra.put(name,
                TableShape.fromTemplate(name, template.resource(id).path("Properties"))));

        assertEquals(Set.of(), difference(inCode.keySet(), inInfra.keySet()),
                "tables in TableDefinitions but missing in " + InfraTemplate.FILE);
        assertEquals(Set.of(), difference(inInfra.keySet(), inCode.keySet()),
                "tables in " + InfraTemplate.FILE + " that TableDefinitions does not define");
        inCode.forEach((name, shape) -> assertEquals(shape, inInfra.get(name),
                "table " + name + ": keys, attributes or indexes in " + InfraTemplate.FILE
                        + " (actual) differ from TableDefinitions (expected)"));
    }

    @Test
    void tablesAreOnDemandWithPointInTimeRecovery() {
        for (String id : template.resourcesOfType("AWS::DynamoDB::Table")) {
            JsonNode properties = template.resource(id).path("Properties");
            assertEquals("PAY_PER_REQUEST", properties.path("BillingMode").asText(), id);
            assertTrue(properties.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled")
                    .asBoolean(), id + ": point-in-time recovery");
        }
    }

    /**
     * Only the events table's items carry an expiry attribute (the code compares it in its conditions; the TTL only
     * cleans up): a TTL on another attribute or table would expire nothing, or the wrong thing.
     */
    @Test
    void onlyTheEventsAndClaimsTablesHaveTtlOnTheAttributeTheCodeWrites() {
        String events = TableNames.withPrefix("").events();
        String claims = TableNames.withPrefix("").claims();
        var ttlByTable = new TreeMap<String, String>();
        template.tableNamesByLogicalId().forEach((id, name) -> {
            JsonNode ttl = template.resource(id).path("Properties").path("TimeToLiveSpecification");
            if (!ttl.isMissingNode()) {
                ttlByTable.put(name, ttl.path("Enabled").asBoolean() ? ttl.path("AttributeName").asText()
                        : "(disabled) " + ttl.path("AttributeName").asText());
            }
        });
        assertEquals(Map.of(events, TableDefinitions.EVENTS_TTL_ATTRIBUTE, claims, TableDefinitions.CLAIMS_TTL_ATTRIBUTE),
                ttlByTable,
                "TTL attribute by table in " + InfraTemplate.FILE);
    }

    @Test
    void oneFunctionPerExportedNameAndEveryFunctionExportsOne() {
        Set<String> exported = ExportedFunctions.names();
        assertTrue(exported.contains("route"), "reflection found the @Funq methods: " + exported);
        Map<String, String> exportsByFunction = template.exportsByFunction();

        var expectedFunctions = new TreeMap<String, String>();
        exported.forEach(name -> expectedFunctions.put(ExportedFunctions.logicalIdPrefix(name) + "Function", name));
        var missing = new TreeMap<>(expectedFunctions);
        missing.keySet().removeAll(exportsByFunction.keySet());
        assertEquals(Map.of(), missing, "@Funq functions (logical id = export) with no function in "
                + InfraTemplate.FILE);
        var extra = new TreeMap<>(exportsByFunction);
        extra.keySet().removeAll(expectedFunctions.keySet());
        assertEquals(Map.of(), extra, "functions in " + InfraTemplate.FILE + " (logical id = QUARKUS_FUNQY_EXPORT)"
                + " that export no @Funq name of " + ExportedFunctions.PACKAGE);
        assertEquals(expectedFunctions, exportsByFunction, "QUARKUS_FUNQY_EXPORT of each function");
    }

    @Test
    void eachFunctionHasItsOwnRoleAndLogGroupWithRetention() {
        template.exportsByFunction().forEach((function, export) -> {
            String prefix = ExportedFunctions.logicalIdPrefix(export);
            JsonNode properties = template.resource(function).path("Properties");
            assertEquals(prefix + "Role", template.roleOf(function), function + ": its own role");
            assertTrue(properties.path("Policies").isMissingNode(),
                    function + ": Policies would make SAM generate a role with managed policies; grant in its role");
            assertEquals(prefix + "LogGroup", properties.path("LoggingConfig").path("LogGroup").path("Ref").asText(),
                    function + ": logs to its own log group");
            JsonNode logGroup = template.resource(prefix + "LogGroup");
            assertEquals("AWS::Logs::LogGroup", logGroup.path("Type").asText());
            assertEquals("LogRetentionDays",
                    logGroup.path("Properties").path("RetentionInDays").path("Ref").asText(), prefix + "LogGroup");
        });
    }

    @Test
    void everyFunctionRunsThePackagedArtifactWithTheTablePrefixFromConfig() {
        JsonNode globals = template.root().path("Globals").path("Function");
        assertEquals("../target/function.zip", globals.path("CodeUri").asText());
        assertEquals("io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest", globals.path("Handler").asText());
        assertEquals("java21", globals.path("Runtime").asText());
        assertEquals("PublishedVersions", globals.path("SnapStart").path("ApplyOn").asText());
        assertTrue(globals.path("Timeout").isInt(), "Timeout");
        for (String function : template.exportsByFunction().keySet()) {
            JsonNode properties = template.resource(function).path("Properties");
            for (String shared : List.of("CodeUri", "Handler", "Runtime", "Timeout")) {
                assertTrue(properties.path(shared).isMissingNode(), function + " overrides the shared " + shared);
            }
        }

        String environmentName = TABLE_PREFIX_KEY.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
        assertEquals("TablePrefix", globals.path("Environment").path("Variables").path(environmentName)
                .path("Ref").asText(), environmentName + " (MicroProfile's name for " + TABLE_PREFIX_KEY + ")");
        assertEquals(declaredTablePrefix(),
                template.root().path("Parameters").path("TablePrefix").path("Default").asText(),
                "the TablePrefix parameter's default is the code's default prefix");
    }

    @Test
    void aFifoQueueWithADeadLetterQueueFeedsRouteInOrderWithPartialBatchFailures() {
        JsonNode queue = template.resource("EventsQueue").path("Properties");
        assertTrue(queue.path("FifoQueue").asBoolean(), "the events queue is FIFO");
        JsonNode redrive = queue.path("RedrivePolicy");
        assertEquals(List.of("EventsDeadLetterQueue", "Arn"), texts(redrive.path("deadLetterTargetArn")
                .path("Fn::GetAtt")), "redrive target");
        assertFalse(redrive.path("maxReceiveCount").isMissingNode(), "maxReceiveCount");
        JsonNode deadLetters = template.resource("EventsDeadLetterQueue").path("Properties");
        assertTrue(deadLetters.path("FifoQueue").asBoolean(), "a FIFO queue's dead-letter queue is FIFO");
        int timeout = template.root().path("Globals").path("Function").path("Timeout").asInt();
        assertTrue(queue.path("VisibilityTimeout").asInt() >= 6 * timeout,
                "visibility timeout at least 6 times the function timeout (AWS's advice for Lambda event sources)");

        var sqsEvents = new TreeMap<String, JsonNode>();
        template.exportsByFunction().keySet().forEach(function -> template.resource(function).path("Properties")
                .path("Events").properties().forEach(event -> {
                    if ("SQS".equals(event.getValue().path("Type").asText())) {
                        sqsEvents.put(function, event.getValue().path("Properties"));
                    }
                }));
        assertEquals(Set.of("RouteFunction", "TimerFunction"), sqsEvents.keySet(),
                "route (every event type) reads the events queue, and timer the timers queue");
        assertEquals(List.of("TimersQueue", "Arn"),
                texts(sqsEvents.get("TimerFunction").path("Queue").path("Fn::GetAtt")));
        assertEquals(List.of("ReportBatchItemFailures"),
                texts(sqsEvents.get("TimerFunction").path("FunctionResponseTypes")));
        // Timers are delayed per message, which only a standard queue does.
        assertFalse(template.resource("TimersQueue").path("Properties").path("FifoQueue").asBoolean(),
                "the timers queue is a standard queue");
        JsonNode mapping = sqsEvents.get("RouteFunction");
        assertEquals(List.of("EventsQueue", "Arn"), texts(mapping.path("Queue").path("Fn::GetAtt")));
        assertEquals(List.of("ReportBatchItemFailures"), texts(mapping.path("FunctionResponseTypes")));
        int batchSize = mapping.path("BatchSize").asInt();
        assertTrue(batchSize >= 1 && batchSize <= 10, "a FIFO queue's batch size is 1 to 10, but is " + batchSize);
        // Order within a message group in a batch of more than one holds only because route reads the batch itself
        // (SqsBatch fails a failed record's later group mates); Funqy's own SQS handling goes on past a failure.
        assertEquals("false", applicationProperties().getProperty(ADVANCED_EVENT_HANDLING_KEY),
                "with BatchSize " + batchSize + ", route must read SQS batches itself: " + ADVANCED_EVENT_HANDLING_KEY);

        var sqsActions = template.statementsOf(template.roleOf("RouteFunction")).stream()
                .filter(s -> s.actions().stream().anyMatch(a -> a.startsWith("sqs:") && !a.equals("sqs:SendMessage")))
                .toList();
        assertEquals(1, sqsActions.size(), "one SQS statement in route's role that receives");
        assertEquals(Set.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
                "sqs:GetQueueAttributes"), Set.copyOf(sqsActions.get(0).actions()));
        assertEquals(List.of("EventsQueue", "Arn"),
                texts(sqsActions.get(0).resources().get(0).path("Fn::GetAtt")));
    }

    /**
     * The sweeper finishes what crashed steps left only when something runs it: an EventBridge schedule, set by a
     * parameter. No other function is scheduled (they take events), and the sweeper takes no events from the queue.
     */
    @Test
    void theSweeperAloneRunsOnASchedule() {
        var eventTypesByFunction = new TreeMap<String, List<String>>();
        template.exportsByFunction().keySet().forEach(function -> {
            var types = new ArrayList<String>();
            template.resource(function).path("Properties").path("Events").properties()
                    .forEach(event -> types.add(event.getValue().path("Type").asText()));
            eventTypesByFunction.put(function, types);
        });
        assertEquals(List.of("Schedule"), eventTypesByFunction.get("SweeperFunction"), "the sweeper's event sources");
        eventTypesByFunction.forEach((function, types) -> assertTrue(
                function.equals("SweeperFunction") || !types.contains("Schedule"), function + " is scheduled"));

        JsonNode schedule = template.resource("SweeperFunction").path("Properties").path("Events").elements().next()
                .path("Properties");
        assertEquals("SweepSchedule", schedule.path("Schedule").path("Ref").asText(), "the schedule is the parameter");
        assertEquals("ENABLED", schedule.path("State").asText());
        String every = template.root().path("Parameters").path("SweepSchedule").path("Default").asText();
        assertTrue(every.matches("rate\\(\\d+ minutes?\\)|cron\\(.+\\)"), "SweepSchedule default " + every);
    }

    /**
     * No wildcard in any action or resource. The one exception is the log-stream name under the function's own log
     * group: Lambda names the streams at run time.
     */
    @Test
    void noWildcardInAnyIamActionOrResource() {
        assertEquals(List.of(), template.resourcesOfType("AWS::IAM::Policy"), "policies live in the roles");
        assertEquals(List.of(), template.resourcesOfType("AWS::IAM::ManagedPolicy"), "policies live in the roles");
        var problems = new ArrayList<String>();
        for (String role : template.resourcesOfType("AWS::IAM::Role")) {
            if (!template.resource(role).path("Properties").path("ManagedPolicyArns").isMissingNode()) {
                problems.add(role + ": managed policies are outside this check; write the statements inline");
            }
        }
        for (InfraTemplate.Statement statement : template.statements()) {
            String where = statement.role() + "/" + statement.policy() + ": ";
            if (!"Allow".equals(statement.effect())) {
                problems.add(where + "Effect " + statement.effect());
            }
            for (String key : List.of("NotAction", "NotResource")) {
                if (statement.raw().has(key)) {
                    problems.add(where + key + " allows everything else");
                }
            }
            if (statement.actions().isEmpty() || statement.resources().isEmpty()) {
                problems.add(where + "a statement without Action or Resource");
            }
            statement.actions().stream().filter(action -> action.contains("*"))
                    .forEach(action -> problems.add(where + "wildcard action " + action));
            for (JsonNode resource : statement.resources()) {
                if (resource.toString().contains("*") && !isOwnLogStreams(statement.role(), resource)) {
                    problems.add(where + "wildcard resource " + resource);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void eachRoleMayWriteOnlyToItsOwnFunctionsLogGroup() {
        for (String role : template.resourcesOfType("AWS::IAM::Role")) {
            var logs = template.statementsOf(role).stream()
                    .filter(s -> s.actions().stream().anyMatch(a -> a.startsWith("logs:"))).toList();
            assertEquals(1, logs.size(), role + ": one logs statement");
            assertEquals(Set.of("logs:CreateLogStream", "logs:PutLogEvents"), Set.copyOf(logs.get(0).actions()));
            assertEquals(1, logs.get(0).resources().size());
            assertTrue(isOwnLogStreams(role, logs.get(0).resources().get(0)),
                    role + ": logs only to its function's log group, but " + logs.get(0).resources());
        }
    }

    @Test
    void theMetricsNamespaceIsTheCodesAndEveryFunctionIsGivenIt() {
        assertEquals(declaredMetricsNamespace(),
                template.root().path("Parameters").path(NAMESPACE_PARAMETER).path("Default").asText(),
                "the " + NAMESPACE_PARAMETER + " parameter's default is the code's " + METRICS_NAMESPACE_KEY);
        String environmentName = METRICS_NAMESPACE_KEY.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
        assertEquals(NAMESPACE_PARAMETER, template.root().path("Globals").path("Function").path("Environment")
                .path("Variables").path(environmentName).path("Ref").asText(), environmentName);
        assertEquals("emf", declaredMetricsOutput(), "on Lambda the metrics go to stdout as EMF unless told otherwise");
        assertFalse(applicationProperties().stringPropertyNames().contains("router.metrics.output"),
                "only the dev and test profiles change where metrics go");
    }

    /** Every queue some queue dead-letters into has an alarm on its visible messages, above 0. */
    @Test
    void eachDeadLetterQueueHasAnAlarmWhenItIsNotEmpty() {
        var deadLetterQueues = new TreeSet<String>();
        for (String queue : template.resourcesOfType("AWS::SQS::Queue")) {
            JsonNode target = template.resource(queue).path("Properties").path("RedrivePolicy")
                    .path("deadLetterTargetArn").path("Fn::GetAtt");
            if (!target.isMissingNode()) {
                deadLetterQueues.add(target.get(0).asText());
            }
        }
        assertFalse(deadLetterQueues.isEmpty(), "the template has dead-letter queues");
        var watched = new TreeSet<String>();
        for (String alarm : template.resourcesOfType("AWS::CloudWatch::Alarm")) {
            JsonNode properties = template.resource(alarm).path("Properties");
            if (!"AWS/SQS".equals(properties.path("Namespace").asText())) {
                continue;
            }
            assertEquals("ApproximateNumberOfMessagesVisible", properties.path("MetricName").asText(), alarm);
            assertEquals(1, properties.path("Dimensions").size(), alarm);
            JsonNode dimension = properties.path("Dimensions").get(0);
            assertEquals("QueueName", dimension.path("Name").asText(), alarm);
            JsonNode queue = dimension.path("Value").path("Fn::GetAtt");
            assertEquals("QueueName", queue.get(1).asText(), alarm);
            assertAlarmsAboveZero(alarm, properties);
            watched.add(queue.get(0).asText());
        }
        assertEquals(deadLetterQueues, watched);
    }

    /**
     * The alarms on the router's metrics: delivery failures and the sweeper's leftovers, each on a metric the code
     * writes, in the dimensionless aggregate the code writes it in, in the namespace the functions are given.
     */
    @Test
    void theAlarmsWatchMetricsTheCodeWritesInTheDimensionsItWritesThem() {
        var emitted = CapturedMetrics.ofEveryKind(declaredMetricsNamespace()).dimensionSetsByMetric();
        var alarmed = new TreeSet<String>();
        for (String alarm : template.resourcesOfType("AWS::CloudWatch::Alarm")) {
            JsonNode properties = template.resource(alarm).path("Properties");
            if ("AWS/SQS".equals(properties.path("Namespace").asText())) {
                continue;
            }
            assertEquals(NAMESPACE_PARAMETER, properties.path("Namespace").path("Ref").asText(), alarm + ": namespace");
            String metric = properties.path("MetricName").asText();
            assertTrue(emitted.containsKey(metric), alarm + ": " + metric + " is not a metric the code writes");
            var dimensions = new TreeSet<String>();
            properties.path("Dimensions").forEach(d -> dimensions.add(d.path("Name").asText()));
            assertTrue(emitted.get(metric).contains(dimensions), alarm + ": " + metric + " is never written with "
                    + dimensions + ", only with " + emitted.get(metric));
            assertEquals("Sum", properties.path("Statistic").asText(), alarm + ": counts are summed");
            assertEquals(List.of("AlarmTopic"), InfraTemplate.listOf(properties.path("AlarmActions")).stream()
                    .map(action -> action.path("Ref").asText()).toList(), alarm + ": notifies the alarm topic");
            alarmed.add(metric);
        }
        assertEquals(Set.of("BotDeliveryFailures", "NoticeFailures", "SweeperLeftovers"), alarmed);
        assertAlarmsAboveZero("SweeperLeftoversAlarm", template.resource("SweeperLeftoversAlarm").path("Properties"));
    }

    /**
     * Every series the dashboard draws is a metric the code writes, with a dimension set it writes it with (SEARCH
     * schemas included), in the functions' namespace; and it draws what the issue asked for.
     */
    @Test
    void theDashboardDrawsMetricsTheCodeWritesInTheDimensionsItWritesThem() throws IOException {
        String namespace = declaredMetricsNamespace();
        var emitted = CapturedMetrics.ofEveryKind(namespace).dimensionSetsByMetric();
        String body = template.resource("Dashboard").path("Properties").path("DashboardBody").path("Fn::Sub")
                .asText();
        assertTrue(body.contains("${" + NAMESPACE_PARAMETER + "}"), "the dashboard reads the namespace parameter");
        JsonNode dashboard = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                body.replace("${" + NAMESPACE_PARAMETER + "}", namespace)
                        .replace("${EventsDeadLetterQueue.QueueName}", "EventsDeadLetterQueue")
                        .replace("${AWS::Region}", "us-east-1"));
        var drawn = new TreeSet<String>();
        var problems = new ArrayList<String>();
        for (JsonNode widget : dashboard.path("widgets")) {
            for (JsonNode series : widget.path("properties").path("metrics")) {
                JsonNode expression = series.get(0).path("expression");
                if (!expression.isMissingNode()) {
                    var search = SEARCH.matcher(expression.asText());
                    if (!search.find()) {
                        problems.add("an expression that is not a SEARCH of one metric: " + expression);
                        continue;
                    }
                    var schema = List.of(search.group(1).split(","));
                    check(problems, emitted, schema.get(0), search.group(2),
                            new TreeSet<>(schema.subList(1, schema.size())), expression.asText());
                    drawn.add(search.group(2));
                    continue;
                }
                var dimensions = new TreeSet<String>();
                String queue = null;
                for (int i = 2; i + 1 < series.size() && series.get(i).isTextual(); i += 2) {
                    dimensions.add(series.get(i).asText());
                    queue = series.get(i + 1).asText();
                }
                if ("AWS/SQS".equals(series.get(0).asText())) {
                    drawn.add(series.get(1).asText() + " of " + queue);
                    continue;
                }
                check(problems, emitted, series.get(0).asText(), series.get(1).asText(), dimensions, series.toString());
                String stat = series.get(series.size() - 1).path("stat").asText("");
                drawn.add(series.get(1).asText() + (stat.startsWith("p") ? " " + stat : ""));
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(drawn.containsAll(Set.of("EventsHandled", "RoutingTime p50", "RoutingTime p99",
                "ConversationsWaiting", "LongestWaitSeconds", "BotDeliveryFailures", "NoticeFailures",
                "ConditionalCheckFailures", "SweeperLeftovers",
                "ApproximateNumberOfMessagesVisible of EventsDeadLetterQueue")), "drawn: " + drawn);
    }

    private static void check(List<String> problems, Map<String, Set<Set<String>>> emitted, String namespace,
            String metric, Set<String> dimensions, String where) {
        if (!namespace.equals(declaredMetricsNamespace())) {
            problems.add(where + ": namespace " + namespace);
        } else if (!emitted.containsKey(metric)) {
            problems.add(where + ": " + metric + " is not a metric the code writes");
        } else if (!emitted.get(metric).contains(dimensions)) {
            problems.add(where + ": " + metric + " is never written with " + dimensions + ", only with "
                    + emitted.get(metric));
        }
    }

    private static void assertAlarmsAboveZero(String alarm, JsonNode properties) {
        assertEquals("GreaterThanThreshold", properties.path("ComparisonOperator").asText(), alarm);
        assertEquals(0, properties.path("Threshold").asInt(-1), alarm + ": threshold");
        assertEquals("notBreaching", properties.path("TreatMissingData").asText(), alarm + ": no data is no trouble");
    }

    private static String declaredMetricsNamespace() {
        try {
            return RouterConfig.Metrics.class.getMethod("namespace").getAnnotation(WithDefault.class).value();
        } catch (NoSuchMethodException e) {
            throw new AssertionError("RouterConfig.Metrics declares namespace", e);
        }
    }

    private static String declaredMetricsOutput() {
        try {
            return RouterConfig.Metrics.class.getMethod("output").getAnnotation(WithDefault.class).value();
        } catch (NoSuchMethodException e) {
            throw new AssertionError("RouterConfig.Metrics declares output", e);
        }
    }

    private static Properties applicationProperties() {
        var config = new Properties();
        try (var in = InfraTemplateTest.class.getClassLoader().getResourceAsStream("application.properties")) {
            config.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }

    /** The default of {@code router.dynamodb.table-prefix}, as {@link RouterConfig} declares it. */
    private static String declaredTablePrefix() {
        try {
            return RouterConfig.Dynamodb.class.getMethod("tablePrefix").getAnnotation(WithDefault.class).value();
        } catch (NoSuchMethodException e) {
            throw new AssertionError("RouterConfig.Dynamodb declares tablePrefix", e);
        }
    }

    private static boolean isOwnLogStreams(String role, JsonNode resource) {
        String logGroup = role.substring(0, role.length() - "Role".length()) + "LogGroup";
        return ("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${" + logGroup
                + "}:log-stream:*").equals(resource.path("Fn::Sub").asText());
    }

    private static List<String> texts(JsonNode node) {
        return InfraTemplate.listOf(node).stream().map(JsonNode::asText).toList();
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        return a.stream().filter(x -> !b.contains(x)).collect(Collectors.toCollection(TreeSet::new));
    }

}
