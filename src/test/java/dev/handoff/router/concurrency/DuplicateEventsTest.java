package dev.handoff.router.concurrency;

import static dev.handoff.router.testing.Events.send;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.handoff.router.domain.QueueStore;
import dev.handoff.router.functions.RouterFunctions;
import dev.handoff.router.testing.BotServer;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.RouterTestBase;
import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.World;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Every kind of event delivered three times, one after another and at once: one effect, one set of webhook calls, and
 * the same answer each time, the repeats marked {@code duplicate}. The same id with another body is refused.
 */
@QuarkusTest
@WithTestResource(DynaliteResource.class)
class DuplicateEventsTest extends RouterTestBase {
    /** Answers as the function writes them: times as ISO strings, as Funqy's mapper does. */
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Inject
    RouterFunctions functions;

    @Inject
    QueueStore queues;

    /** A world with two queues, two bots and a representative. */
    private final class Setup {
        final World world = newWorld();
        final BotServer.Bot agentA = bots.bot(world.id("agent-a"), "Hi, I'm A");
        final BotServer.Bot agentB = bots.bot(world.id("agent-b"), "Hi, I'm B");

        Setup() {
            world.queue("queue-1");
            world.queue("queue-2");
            world.bot(agentA, 2, "queue-1");
            world.representative("rep-1", 2, "queue-1");
            world.bot(agentB, 2, "queue-2");
        }

        Map<String, Object> start(String queue) {
            return Events.event("conversation.start", Map.of("conversationId", world.id("c-1"),
                    "queueId", world.id(queue), "customer", Map.of("id", "cust-1")));
        }

        Map<String, Object> escalate() {
            return Events.event("conversation.escalate", Map.of("conversationId", world.id("c-1"),
                    "requestedBy", world.id("agent-a")));
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({
            "conversation.start, one after another", "conversation.start, at once",
            "conversation.escalate, one after another", "conversation.escalate, at once",
            "conversation.transfer-to-bot, one after another", "conversation.transfer-to-bot, at once",
            "conversation.end, one after another", "conversation.end, at once",
            "queue.upsert, one after another", "queue.upsert, at once",
            "participant.upsert, one after another", "participant.upsert, at once",
            "participant.presence, one after another", "participant.presence, at once",
            "conversation.message, one after another", "conversation.message, at once"})
    void aRepeatedEventHasOneEffectAndTheSameAnswer(String type, String mode) throws Exception {
        var setup = new Setup();
        var world = setup.world;
        Map<String, Object> event = switch (type) {
            case "conversation.start" -> setup.start("queue-1");
            case "conversation.escalate" -> {
                send(setup.start("queue-1"));
                yield setup.escalate();
            }
            case "conversation.transfer-to-bot" -> {
                send(setup.start("queue-1"));
                send(setup.escalate());
                yield Events.event(type, Map.of("conversationId", world.id("c-1"), "requestedBy", world.id("rep-1"),
                        "targetQueueId", world.id("queue-2")));
            }
            case "conversation.end" -> {
                send(setup.start("queue-1"));
                yield Events.event(type, Map.of("conversationId", world.id("c-1"), "requestedBy",
                        world.id("agent-a")));
            }
            case "queue.upsert" -> Events.event(type, Map.of("queueId", world.id("queue-3"), "name", "Queue 3"));
            case "participant.upsert" -> {
                world.queue("queue-3");
                send(setup.start("queue-3")); // nobody serves queue-3: it waits for the new representative
                yield Events.event(type, Map.of("participantId", world.id("rep-3"), "kind", "representative",
                        "name", "Rep 3", "capacity", 1, "queues", List.of(world.id("queue-3"))));
            }
            case "participant.presence" -> {
                send("participant.presence", Map.of("participantId", world.id("rep-1"), "presence", "offline"));
                send(setup.start("queue-1"));
                send(setup.escalate()); // waits: the only representative is offline
                yield Events.event(type, Map.of("participantId", world.id("rep-1"), "presence", "available"));
            }
            case "conversation.message" -> {
                send(setup.start("queue-1")); // agent-a holds it
                yield Events.event(type, Map.of("conversationId", world.id("c-1"), "from", "cust-1",
                        "text", "where is my order?"));
            }
            default -> throw new IllegalArgumentException(type);
        };

        List<Map<String, Object>> answers = mode.equals("at once") ? atOnce(event, 3) : oneAfterAnother(event, 3);

        assertEquals(1, answers.stream().filter(a -> Boolean.FALSE.equals(a.get("duplicate"))).count(),
                "exactly one first delivery: " + answers);
        var withoutFlag = answers.stream().map(a -> {
            var copy = new LinkedHashMap<>(a);
            copy.remove("duplicate");
            return copy;
        }).distinct().toList();
        assertEquals(1, withoutFlag.size(), "the same answer every time: " + answers);
        assertEquals(switch (type) {
            case "conversation.end" -> "ended";
            case "conversation.start", "conversation.escalate", "conversation.transfer-to-bot" -> "assigned";
            case "conversation.message" -> "accepted";
            default -> "ok";
        }, answers.get(0).get("status"));
        assertOneEffect(type, setup, String.valueOf(event.get("id")));
    }

    private void assertOneEffect(String type, Setup setup, String eventId) {
        var world = setup.world;
        switch (type) {
            case "conversation.start" -> {
                assertEquals(List.of("conversationUpdate", "event"), setup.agentA.callTypes());
                assertEquals(1, world.load("agent-a"));
                assertEquals(4, eventEntries(world, eventId), "started, assigned, bot-notified, greeted");
            }
            case "conversation.escalate" -> {
                assertEquals(List.of(0, 1), List.of(world.load("agent-a"), world.load("rep-1")));
                assertEquals(3, eventEntries(world, eventId), "escalated, assigned, disconnected");
            }
            case "conversation.transfer-to-bot" -> {
                assertEquals(List.of("conversationUpdate", "event"), setup.agentB.callTypes());
                assertEquals(List.of(0, 0, 1), List.of(world.load("agent-a"), world.load("rep-1"),
                        world.load("agent-b")));
                assertEquals(5, eventEntries(world, eventId),
                        "transferred, assigned, disconnected, bot-notified, greeted");
            }
            case "conversation.end" -> {
                assertEquals(0, world.load("agent-a"));
                assertEquals(2, eventEntries(world, eventId), "ended, disconnected");
            }
            case "queue.upsert" -> assertEquals("Queue 3", queues.find(world.id("queue-3")).orElseThrow().name());
            case "participant.upsert" -> {
                assertEquals(1, world.load("rep-3"));
                assertEquals(world.id("rep-3"), world.conversation("c-1").assignee().participantId());
            }
            case "participant.presence" -> {
                assertEquals(List.of(0, 1), List.of(world.load("agent-a"), world.load("rep-1")));
                assertEquals(List.of("conversationUpdate", "event"), setup.agentA.callTypes());
            }
            case "conversation.message" -> {
                assertEquals(List.of("conversationUpdate", "event", "message"), setup.agentA.callTypes(),
                        "the bot hears the message once");
                assertEquals(List.of(setup.agentA.greeting(), "where is my order?", "echo: where is my order?"),
                        world.messages("c-1"), "in the transcript once, with its reply");
            }
            default -> throw new IllegalArgumentException(type);
        }
    }

    private static long eventEntries(World world, String eventId) {
        return world.conversation("c-1").timeline().stream().filter(e -> eventId.equals(e.eventId())).count();
    }

    @org.junit.jupiter.api.Test
    void theSameIdWithAnotherBodyIsRefused() {
        var setup = new Setup();
        var first = setup.start("queue-1");
        send(first);
        var changed = new LinkedHashMap<>(first);
        changed.put("data", Map.of("conversationId", setup.world.id("c-1"), "queueId", setup.world.id("queue-1"),
                "customer", Map.of("id", "someone-else")));
        var answer = send(changed);
        assertEquals("rejected", answer.getString("status"));
        assertEquals("id_reused", answer.getString("error.code"));

        var queue = Events.event("queue.upsert", Map.of("queueId", setup.world.id("queue-9"), "name", "Nine"));
        send(queue);
        var renamed = new LinkedHashMap<>(queue);
        renamed.put("data", Map.of("queueId", setup.world.id("queue-9"), "name", "Ten"));
        assertEquals("id_reused", send(renamed).getString("error.code"));
        assertEquals("Nine", queues.find(setup.world.id("queue-9")).orElseThrow().name());
    }

    private List<Map<String, Object>> oneAfterAnother(Map<String, Object> event, int times) {
        var answers = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < times; i++) {
            answers.add(asMap(functions.route(event)));
        }
        return answers;
    }

    private List<Map<String, Object>> atOnce(Map<String, Object> event, int times) throws Exception {
        var pool = Executors.newFixedThreadPool(times);
        var gate = new CountDownLatch(1);
        var futures = new ArrayList<Future<Map<String, Object>>>();
        for (int i = 0; i < times; i++) {
            futures.add(pool.submit(() -> {
                gate.await();
                return withRetries(() -> asMap(functions.route(event)));
            }));
        }
        gate.countDown();
        var answers = new ArrayList<Map<String, Object>>();
        for (var future : futures) {
            answers.add(future.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        return answers;
    }

    /** A delivery that is thrown (a repeat that found the first still at work) is delivered again, as Lambda does. */
    private static Map<String, Object> withRetries(java.util.function.Supplier<Map<String, Object>> delivery) {
        for (int attempt = 1;; attempt++) {
            try {
                return delivery.get();
            } catch (RuntimeException retryable) {
                if (attempt == 20) {
                    throw retryable;
                }
            }
        }
    }

    private static Map<String, Object> asMap(Object answer) {
        return JSON.convertValue(answer, new TypeReference<Map<String, Object>>() {
        });
    }
}
