package dev.handoff.router.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.handoff.router.functions.RouterFunctions;
import dev.handoff.router.testing.BotServer;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.RouterTestBase;
import dev.handoff.router.testing.World;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Order and loss on the customer's channel across a whole chat: messages to Agent A, an escalation, a chat with the
 * representative, a transfer back to Agent B, more messages, the end. Every event is delivered twice at once (a
 * duplicate racing its original), and the channel fails for a while in the middle (beyond the retries of one call).
 * The channel must receive every notice, the first call of each {@code webhook-id} in order and numbered without a gap;
 * a later call of the same id must be the same notice; the transcript must equal what was said. (Crashes at each
 * DynamoDB call of these steps are {@link CrashPointsTest}'s.)
 */
@QuarkusTest
@WithTestResource(DynaliteResource.class)
class ChannelOrderTest extends RouterTestBase {
    private static final int MESSAGES_PER_BOT = 4;

    @Inject
    RouterFunctions functions;

    @Test
    void theChannelHearsEveryNoticeOnceInOrderWithoutAGapUnderDuplicatesAndFailures() throws Exception {
        var world = newWorld();
        var channel = bots.listener(world.id("web"));
        world.queue("queue-1");
        world.queue("queue-2");
        world.channel("web", channel);
        world.bot(bots.bot(world.id("agent-a"), "Hi, I'm A"), 3, "queue-1");
        world.representative("rep-1", bots.listener(world.id("rep-1-desk")), 2, "queue-1");
        world.bot(bots.bot(world.id("agent-b"), "Hi, I'm B"), 3, "queue-2");
        var expected = new ArrayList<String>();
        var said = new ArrayList<String>();

        twice(event(world, "conversation.start", Map.of("queueId", world.id("queue-1"),
                "customer", Map.of("id", "cust-1"), "channel", world.id("web"))));
        expected.addAll(List.of("assigned:agent-a", "message:agent-a: Hi, I'm A"));
        said.add("Hi, I'm A");
        chatWithBot(world, "agent-a", "order", expected, said);

        twice(event(world, "conversation.escalate", Map.of("requestedBy", world.id("agent-a"))));
        expected.add("assigned:rep-1");
        // The channel fails past one call's retries: what is owed waits, and the next events post it, in order.
        channel.scripted(IntStream.range(0, 3).mapToObj(i -> BotServer.Behaviour.status(503))
                .toArray(BotServer.Behaviour[]::new));
        for (String text : List.of("Hello, I'm Sam.", "Let me check your order.")) {
            twice(message(world, world.id("rep-1"), text));
            expected.add("message:rep-1: " + text);
            said.add(text);
            twice(message(world, "cust-1", "ok: " + text));
            said.add("ok: " + text);
        }

        twice(event(world, "conversation.transfer-to-bot", Map.of("requestedBy", world.id("rep-1"),
                "targetQueueId", world.id("queue-2"))));
        expected.addAll(List.of("assigned:agent-b", "message:agent-b: Hi, I'm B"));
        said.add("Hi, I'm B");
        chatWithBot(world, "agent-b", "refund", expected, said);
        twice(event(world, "conversation.end", Map.of("requestedBy", "cust-1")));
        expected.add("ended");

        assertEquals(expected, BotServer.told(channel, world), "every notice, once, in order");
        var first = new LinkedHashMap<String, JsonNode>();
        channel.calls().forEach(call -> {
            var earlier = first.putIfAbsent(call.webhookId(), call.body());
            if (earlier != null && call.signatureValid()) {
                assertEquals(earlier, call.body(), "a later call of " + call.webhookId() + " is the same notice");
            }
        });
        assertEquals(IntStream.rangeClosed(1, expected.size()).boxed().toList(),
                first.values().stream().map(body -> body.path("sequence").asInt()).toList(), "numbered without a gap");
        assertTrue(channel.calls().size() > first.size(), "the failing calls were made again, under the same ids");
        assertEquals(said, world.messages("c-1"), "the transcript: what was said, each once, in order");
        assertTrue(world.conversation("c-1").outbox().isEmpty(), "nothing owed any more");
    }

    /** Customer messages to the holding bot, which echoes each: both in the transcript, the echo on the channel. */
    private void chatWithBot(World world, String bot, String topic, List<String> expected, List<String> said)
            throws Exception {
        for (int i = 1; i <= MESSAGES_PER_BOT; i++) {
            String text = topic + " question " + i;
            twice(message(world, "cust-1", text));
            expected.add("message:" + bot + ": echo: " + text);
            said.addAll(List.of(text, "echo: " + text));
        }
    }

    private static Map<String, Object> message(World world, String from, String text) {
        return event(world, "conversation.message", Map.of("from", from, "text", text));
    }

    private static Map<String, Object> event(World world, String type, Map<String, Object> data) {
        var withConversation = new LinkedHashMap<String, Object>(data);
        withConversation.put("conversationId", world.id("c-1"));
        return Events.event(type, withConversation);
    }

    /**
     * Delivers the event twice at once, as a platform that redelivers may; a delivery thrown back while the other is
     * still at work is delivered again, as Lambda retries it.
     */
    private void twice(Map<String, Object> event) throws Exception {
        Callable<Object> deliver = () -> {
            for (int attempt = 0; ; attempt++) {
                try {
                    return functions.route(event);
                } catch (RuntimeException thrownBack) {
                    if (attempt >= 20) {
                        throw thrownBack;
                    }
                }
            }
        };
        var pool = Executors.newFixedThreadPool(2);
        try {
            for (var result : pool.invokeAll(List.of(deliver, deliver), 60, TimeUnit.SECONDS)) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
