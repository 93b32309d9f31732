package dev.handoff.router.benchmark;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The test application with the benchmark's DynamoDB interceptor next to the test probe (kept as it is). */
public class BenchmarkProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.dynamodb.interceptors",
                "dev.handoff.router.adapters.dynamodb.CallCounter,dev.handoff.router.testing.DynamoDbProbe,"
                        + "dev.handoff.router.benchmark.DynamoDbMeter");
    }
}
