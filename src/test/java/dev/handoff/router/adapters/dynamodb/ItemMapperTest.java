package dev.handoff.router.adapters.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.handoff.router.domain.BotDelivery;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items written before 0.2.0 are still read right: their event records kept only {@code deliveryFailed}, and a
 * greeting meant the bot's calls were delivered. (Records live 48 hours, so a deployment meets them.)
 */
class ItemMapperTest {

    @Test
    void aRecordFromBeforeTheDeliveryAttributeReadsItsDelivery() {
        var greeted = outcome(Map.of("greeting", AttributeValue.fromM(Map.of(
                "participantId", AttributeValue.fromS("bot-1"), "text", AttributeValue.fromS("Hi"))),
                "deliveryFailed", AttributeValue.fromBool(false)));
        var failed = outcome(Map.of("deliveryFailed", AttributeValue.fromBool(true)));
        var neither = outcome(Map.of("deliveryFailed", AttributeValue.fromBool(false)));

        var read = ItemMapper.conversation(conversationWith(Map.of("k1", greeted, "k2", failed, "k3", neither)));

        assertEquals(BotDelivery.DELIVERED, read.events().get("k1").outcome().delivery());
        assertEquals(BotDelivery.FAILED, read.events().get("k2").outcome().delivery());
        assertNull(read.events().get("k3").outcome().delivery(), "no bot was told by that event");
    }

    private static AttributeValue outcome(Map<String, AttributeValue> more) {
        var outcome = new java.util.HashMap<>(more);
        outcome.put("status", AttributeValue.fromS("assigned"));
        outcome.put("queueId", AttributeValue.fromS("q-1"));
        return AttributeValue.fromM(Map.of("eventId", AttributeValue.fromS("e1"),
                "bodyHash", AttributeValue.fromS("h"), "at", AttributeValue.fromN("1764151200000"),
                "outcome", AttributeValue.fromM(outcome)));
    }

    private static Map<String, AttributeValue> conversationWith(Map<String, AttributeValue> events) {
        return Map.of("conversationId", AttributeValue.fromS("c-1"), "version", AttributeValue.fromN("3"),
                "status", AttributeValue.fromS("assigned"), "queueId", AttributeValue.fromS("q-1"),
                "customer", AttributeValue.fromM(Map.of("id", AttributeValue.fromS("cust-7"))),
                "createdAt", AttributeValue.fromN("1764151200000"), "events", AttributeValue.fromM(events));
    }
}
