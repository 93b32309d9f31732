package dev.handoff.router.testing;

import java.nio.file.Path;
import java.util.Map;

import dev.handoff.router.adapters.local.LocalDynamoDb;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts a real dynalite on a free loopback port for the tests and stops it by its PID afterwards. */
public class DynaliteResource implements QuarkusTestResourceLifecycleManager {
    private LocalDynamoDb engine;

    @Override
    public Map<String, String> start() {
        engine = LocalDynamoDb.start(Path.of(System.getProperty("user.dir")));
        return Map.of("quarkus.dynamodb.endpoint-override", engine.endpoint());
    }

    @Override
    public void stop() {
        if (engine != null) {
            engine.close();
        }
    }
}
