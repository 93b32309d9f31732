package dev.handoff.router.functions;

import static dev.handoff.router.testing.Events.send;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.handoff.router.testing.DynaliteResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A function exported alone (as on Lambda with QUARKUS_FUNQY_EXPORT) takes its own type and refuses the others. */
@QuarkusTest
@TestProfile(SingleExportTest.QueueUpsertOnly.class)
@WithTestResource(DynaliteResource.class)
class SingleExportTest {

    public static class QueueUpsertOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "queue.upsert");
        }
    }

    @Test
    void servesItsTypeAndRejectsOthers() {
        var ok = send("queue.upsert", Map.of("queueId", "single-export-q", "name", "Q"));
        assertEquals("ok", ok.getString("status"));

        var other = send("conversation.get", Map.of("conversationId", "anything"));
        assertEquals("rejected", other.getString("status"));
        assertEquals("unknown_type", other.getString("error.code"));
        assertEquals("type: this function takes only queue.upsert events", other.getString("error.message"));
    }
}
