package dev.handoff.router.functions;

import static dev.handoff.router.testing.Events.event;
import static dev.handoff.router.testing.Events.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.handoff.router.domain.Channel;
import dev.handoff.router.domain.ChannelStore;
import dev.handoff.router.domain.Webhook;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.RouterTestBase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * {@code channel.upsert} through the function: it registers a channel, a later one replaces its webhook, a repeat has
 * no second effect, and the answer is an admin answer that never carries the secret. (Its rejections are in
 * {@code BadInputTest}.)
 */
@QuarkusTest
@WithTestResource(DynaliteResource.class)
class ChannelUpsertTest extends RouterTestBase {
    // Public addresses as literals: the URL policy passes them without DNS, which tests don't have.
    private static final Webhook FIRST = new Webhook("https://93.184.216.34/v1/hook",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final Webhook ROTATED = new Webhook("https://93.184.216.35/v2/hook",
            "whsec_cm90YXRlZC1zZWNyZXQtb2YtMjQtYnl0ZXM=");

    @Inject
    ChannelStore channels;

    @Test
    void registersAChannelThenReplacesItsWebhookAndARepeatChangesNothing() {
        String channelId = newWorld().id("webchat");

        // WHEN a channel is registered: THEN it is stored with its webhook, and the answer is an admin answer
        var register = upsert(channelId, FIRST);
        var registered = send(register);
        assertAdminAnswer(register, registered, false);
        assertEquals(Optional.of(new Channel(channelId, FIRST)), channels.find(channelId));

        // WHEN another event gives it another URL and secret: THEN only the new webhook is stored
        var rotate = upsert(channelId, ROTATED);
        assertAdminAnswer(rotate, send(rotate), false);
        assertEquals(Optional.of(new Channel(channelId, ROTATED)), channels.find(channelId));

        // WHEN the first event comes again: THEN it is answered as the first time, and the rotation stays
        assertAdminAnswer(register, send(register), true);
        assertEquals(Optional.of(new Channel(channelId, ROTATED)), channels.find(channelId));

        // WHEN its id comes with another body: THEN it is refused and nothing changes
        var reused = upsert(channelId + "-other", FIRST);
        reused.put("id", register.get("id"));
        var refused = send(reused);
        assertEquals("id_reused", refused.getString("error.code"), refused.prettify());
        assertEquals(Optional.empty(), channels.find(channelId + "-other"));
    }

    private static Map<String, Object> upsert(String channelId, Webhook webhook) {
        return event("channel.upsert", Map.of("channelId", channelId,
                "webhook", Map.of("url", webhook.url(), "secret", webhook.secret())));
    }

    /** {@code eventId}, {@code status}, {@code duplicate}, {@code assigned} (none), {@code error}: nothing else. */
    private static void assertAdminAnswer(Map<String, Object> event, JsonPath answer, boolean duplicate) {
        assertEquals(Set.of("eventId", "status", "duplicate", "assigned", "error"), answer.getMap("").keySet(),
                answer.prettify());
        assertEquals(event.get("id"), answer.getString("eventId"));
        assertEquals("ok", answer.getString("status"), answer.prettify());
        assertEquals(duplicate, answer.getBoolean("duplicate"));
        assertEquals(List.of(), answer.getList("assigned"));
        assertNull(answer.get("error"));
        for (var webhook : List.of(FIRST, ROTATED)) {
            assertFalse(answer.prettify().contains(webhook.secret().substring("whsec_".length())),
                    "the answer carries no secret");
        }
    }
}
