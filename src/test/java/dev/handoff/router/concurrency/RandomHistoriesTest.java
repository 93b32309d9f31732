package dev.handoff.router.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.handoff.router.application.Sweeper;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ConversationStatus;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.QueueStore;
import dev.handoff.router.domain.Routing;
import dev.handoff.router.functions.RouterFunctions;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.RouterTestBase;
import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.Invariants;
import dev.handoff.router.testing.World;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Randomized histories: several threads interleave starts (some requiring a skill only one representative has),
 * escalations, transfers to bots and between representatives, ends, presence changes and repeated deliveries on two
 * queues. After each history the invariant holds, and, once the sweeper has run, no conversation waits while someone
 * who may serve it has room. A failure names its seed: rerun with {@code -Dhistories.seed=N}.
 */
@QuarkusTest
@WithTestResource(DynaliteResource.class)
class RandomHistoriesTest extends RouterTestBase {
    private static final int HISTORIES = Integer.getInteger("histories.count", 12);
    private static final int THREADS = 4;
    private static final int STEPS_PER_THREAD = 12;
    private static final int CONVERSATIONS = 10;
    private static final List<String> PEOPLE = List.of("agent-a", "rep-1", "agent-b", "rep-2");
    private static final java.util.Queue<String> THROWN = new java.util.concurrent.ConcurrentLinkedQueue<>();

    @Inject
    RouterFunctions functions;

    @Inject
    Sweeper sweeper;

    @Inject
    QueueStore queues;

    @Test
    void theInvariantHoldsAfterEveryHistory() throws Exception {
        long first = Long.getLong("histories.seed", System.nanoTime());
        for (int h = 0; h < HISTORIES; h++) {
            long seed = first + h;
            try {
                play(seed);
            } catch (AssertionError | Exception e) {
                throw new AssertionError("history with seed " + seed + " failed; rerun with -Dhistories.seed="
                        + seed + " -Dhistories.count=1; deliveries thrown and retried: " + THROWN, e);
            }
            THROWN.clear();
        }
        System.out.println("random histories played: " + HISTORIES + " from seed " + first);
    }

    private void play(long seed) throws Exception {
        var world = newWorld();
        world.queue("queue-1");
        world.queue("queue-2");
        world.bot(bots.bot(world.id("agent-a"), "Hi, A here"), 2, "queue-1");
        world.skilledRepresentative("rep-1", Map.of("french", 2), 2, "queue-1", "queue-2");
        world.bot(bots.bot(world.id("agent-b"), "Hi, B here"), 2, "queue-2");
        world.representative("rep-2", 1, "queue-2");

        var pool = Executors.newFixedThreadPool(THREADS);
        var threads = new ArrayList<Future<?>>();
        for (int t = 0; t < THREADS; t++) {
            var random = new Random(seed * 31 + t);
            threads.add(pool.submit(() -> {
                var sent = new ArrayList<Map<String, Object>>();
                for (int step = 0; step < STEPS_PER_THREAD; step++) {
                    var event = next(world, random, sent);
                    sent.add(event);
                    deliver(event);
                }
                return null;
            }));
        }
        for (var thread : threads) {
            thread.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        var people = PEOPLE.stream().map(world::id).toList();
        var ids = java.util.stream.IntStream.range(0, CONVERSATIONS).mapToObj(i -> world.id("c-" + i)).toList();
        Invariants.check(participants, conversations, people, ids);
        sweeper.sweep();
        Invariants.check(participants, conversations, people, ids);
        assertEquals(List.of(), starved(ids), "waiting while someone who may serve it has room");
    }

    /** One random step: mostly legitimate requests by the current holder, some by others, some repeats. */
    private Map<String, Object> next(World world, Random random, List<Map<String, Object>> sent) {
        String conversation = world.id("c-" + random.nextInt(CONVERSATIONS));
        String holder = conversations.find(conversation).map(Conversation::assignee)
                .map(a -> a.participantId()).orElse(world.id(PEOPLE.get(random.nextInt(PEOPLE.size()))));
        String requester = random.nextInt(5) == 0 ? world.id(PEOPLE.get(random.nextInt(PEOPLE.size()))) : holder;
        String queue = world.id(random.nextBoolean() ? "queue-1" : "queue-2");
        int choice = random.nextInt(100);
        if (choice < 10 && !sent.isEmpty()) {
            return sent.get(random.nextInt(sent.size())); // a repeated delivery
        } else if (choice < 35) {
            var data = new java.util.HashMap<String, Object>(Map.of("conversationId", conversation, "queueId", queue,
                    "customer", Map.of("id", "cust-" + conversation)));
            if (random.nextInt(4) == 0) {
                data.put("requiredSkills", Map.of("french", 1)); // only rep-1 may take it
            }
            return Events.event("conversation.start", data);
        } else if (choice < 50) {
            return Events.event("conversation.escalate", Map.of("conversationId", conversation,
                    "requestedBy", requester, "targetQueueId", queue));
        } else if (choice < 58) {
            return Events.event("conversation.transfer-to-bot", Map.of("conversationId", conversation,
                    "requestedBy", requester, "targetQueueId", queue));
        } else if (choice < 65) {
            var data = new java.util.HashMap<String, Object>(Map.of("conversationId", conversation,
                    "requestedBy", requester, "targetQueueId", queue));
            if (random.nextBoolean()) {
                data.put("targetParticipantId", world.id(random.nextBoolean() ? "rep-1" : "rep-2"));
            }
            return Events.event("conversation.transfer", data);
        } else if (choice < 85) {
            return Events.event("conversation.end", Map.of("conversationId", conversation,
                    "requestedBy", random.nextBoolean() ? requester : "cust-" + conversation));
        } else {
            String presence = List.of("available", "available", "busy", "offline").get(random.nextInt(4));
            return Events.event("participant.presence", Map.of("participantId",
                    world.id(PEOPLE.get(random.nextInt(PEOPLE.size()))), "presence", presence));
        }
    }

    /** As Lambda would: a thrown delivery is delivered again. Each throw is kept to explain a failure. */
    private void deliver(Map<String, Object> event) {
        for (int attempt = 1;; attempt++) {
            try {
                functions.route(event);
                return;
            } catch (RuntimeException retryable) {
                THROWN.add(event.get("type") + ": " + retryable);
                if (attempt == 10) {
                    throw retryable;
                }
            }
        }
    }

    /** Waiting conversations that a participant of their queue could take now. */
    private List<String> starved(List<String> ids) {
        var starved = new ArrayList<String>();
        for (String id : ids) {
            var found = conversations.find(id);
            if (found.isEmpty() || found.get().status() != ConversationStatus.WAITING) {
                continue;
            }
            Conversation waiting = found.get();
            var queue = queues.find(waiting.queueId()).orElseThrow();
            var excluded = new java.util.HashSet<String>();
            if (waiting.assignee() != null) {
                excluded.add(waiting.assignee().participantId());
            }
            if (waiting.waitingFor() == KindNeeded.BOT) {
                excluded.addAll(waiting.servedBy());
            }
            // Every participant that lists the queue, not the index's suggestions: a stale index must starve no one.
            var queueMembers = participants.findEveryone().stream()
                    .filter(p -> p.queues().contains(queue.id())).toList();
            List<Participant> able = Routing.candidates(queueMembers, waiting.waitingFor(),
                    waiting.requiredSkills(), queue.unitsPerConversation(), excluded, queue.assignment());
            if (!able.isEmpty()) {
                starved.add(id + " (could go to " + able.get(0).id() + ")");
            }
        }
        return starved;
    }
}
