package dev.handoff.router.functions;

import static dev.handoff.router.functions.BadEvents.c;
import static dev.handoff.router.functions.BadEvents.data;
import static dev.handoff.router.functions.BadEvents.valid;
import static dev.handoff.router.testing.Events.send;
import static dev.handoff.router.testing.Events.sendRaw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.handoff.router.domain.ChannelStore;
import dev.handoff.router.domain.MemberStore;
import dev.handoff.router.domain.QueueStore;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.RouterTestBase;
import dev.handoff.router.testing.World;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * Malformed events are answered {@code rejected} with their code and the field named, and nothing is stored: no
 * conversation, participant or queue they name appears, and the existing ones are left as they were.
 */
@QuarkusTest
@WithTestResource(DynaliteResource.class)
class BadInputTest extends RouterTestBase {

    @Inject
    QueueStore queues;

    @Inject
    MemberStore members;

    @Inject
    ChannelStore channels;

    /** One world for every case: a rejected event changes nothing, which each case checks. */
    static World world;

    @BeforeEach
    void setUp() {
        if (world != null) {
            return;
        }
        world = newWorld();
        world.queue("queue-1");
        world.bot(bots.bot(world.id("agent-a"), "Hi"), 5, "queue-1");
        send("conversation.start", Map.of("conversationId", world.id("live"), "queueId", world.id("queue-1"),
                "customer", Map.of("id", "cust-1")));
        send("conversation.start", Map.of("conversationId", world.id("done"), "queueId", world.id("queue-1"),
                "customer", Map.of("id", "cust-2")));
        send("conversation.end", Map.of("conversationId", world.id("done"), "requestedBy", "cust-2"));
    }

    @org.junit.jupiter.api.AfterAll
    static void forgetWorld() {
        world = null;
    }

    /**
     * The rejections that depend on state, and a few decoding ones that show the edge answers them (the decoder's own
     * cases are in {@link EventDecoderTest}, without Quarkus or the engine).
     */
    static Stream<Arguments> cases() {
        return Stream.of(
                c("no specversion", "conversation.start", e -> e.remove("specversion"), "invalid_event", "specversion"),
                c("start without queueId", "conversation.start", e -> data(e).remove("queueId"), "invalid_event", "data.queueId"),
                c("oversized event", "conversation.start", e -> data(e).put("channel", "x".repeat(70_000)), "invalid_event", "the event"),
                c("unknown queue", "conversation.start", e -> data(e).put("queueId", "nowhere"), "no_such_queue", "data.queueId"),
                c("start an existing conversation", "conversation.start", e -> data(e).put("conversationId", "live"), "invalid_state", "data.conversationId"),
                c("escalate unknown conversation", "conversation.escalate", e -> data(e).put("conversationId", "ghost"), "not_found", "data.conversationId"),
                c("escalate by a stranger", "conversation.escalate", e -> data(e).put("requestedBy", "stranger"), "not_assignee", "data.requestedBy"),
                c("escalate to unknown queue", "conversation.escalate", e -> data(e).put("targetQueueId", "nowhere"), "no_such_queue", "data.targetQueueId"),
                c("escalate an ended conversation", "conversation.escalate", e -> data(e).put("conversationId", "done"), "invalid_state", "data.conversationId"),
                c("transfer by a bot, which escalates instead", "conversation.transfer", e -> data(e).put("targetQueueId", "queue-1"), "invalid_state", "data.requestedBy"),
                c("transfer to oneself", "conversation.transfer", e -> data(e).put("targetParticipantId", "agent-a"), "invalid_event", "data.targetParticipantId"),
                c("transfer requiring a skill at level 0", "conversation.transfer", e -> data(e).put("requiredSkills", Map.of("legal", 0)), "invalid_event", "data.requiredSkills.legal"),
                c("transfer an ended conversation", "conversation.transfer-to-bot", e -> data(e).put("conversationId", "done"), "invalid_state", "data.conversationId"),
                c("transfer to a bot not in the queue", "conversation.transfer-to-bot", e -> data(e).put("targetParticipantId", "ghost"), "no_bot_available", "data.targetParticipantId"),
                c("end an ended conversation", "conversation.end", e -> data(e).put("conversationId", "done"), "invalid_state", "data.conversationId"),
                c("end by a stranger", "conversation.end", e -> data(e).put("requestedBy", "stranger"), "not_assignee", "data.requestedBy"),
                c("webhook over plain http", "participant.upsert", e -> data(e).put("webhook", Map.of("url", "http://93.184.216.34/hook", "secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")), "invalid_event", "data.webhook.url"),
                c("webhook to a private address", "participant.upsert", e -> data(e).put("webhook", Map.of("url", "https://10.0.0.1/hook", "secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")), "invalid_event", "data.webhook.url"),
                c("webhook to the metadata service", "participant.upsert", e -> data(e).put("webhook", Map.of("url", "https://169.254.169.254/latest/meta-data", "secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")), "invalid_event", "data.webhook.url"),
                c("representative's desk to a private address", "participant.upsert", e -> { data(e).put("kind", "representative"); data(e).put("webhook", Map.of("url", "https://10.0.0.1/desk", "secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")); }, "invalid_event", "data.webhook.url"),
                c("participant in unknown queue", "participant.upsert", e -> data(e).put("queues", List.of("queue-1", "nowhere")), "no_such_queue", "data.queues"),
                c("channel without channelId", "channel.upsert", e -> data(e).remove("channelId"), "invalid_event", "data.channelId"),
                c("channel id with a space", "channel.upsert", e -> data(e).put("channelId", "web chat"), "invalid_event", "data.channelId"),
                c("channel without webhook", "channel.upsert", e -> data(e).remove("webhook"), "invalid_event", "data.webhook"),
                c("channel webhook url not http(s)", "channel.upsert", e -> data(e).put("webhook", Map.of("url", "ftp://93.184.216.34/hook", "secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")), "invalid_event", "data.webhook.url"),
                c("channel webhook secret not whsec", "channel.upsert", e -> data(e).put("webhook", Map.of("url", "https://93.184.216.34/hook", "secret", "hunter2")), "invalid_event", "data.webhook.secret"),
                c("channel webhook over plain http", "channel.upsert", e -> data(e).put("webhook", Map.of("url", "http://93.184.216.34/hook", "secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")), "invalid_event", "data.webhook.url"),
                c("channel webhook to a private address", "channel.upsert", e -> data(e).put("webhook", Map.of("url", "https://10.0.0.1/hook", "secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")), "invalid_event", "data.webhook.url"),
                c("presence of unknown participant", "participant.presence", e -> data(e).put("participantId", "ghost"), "not_found", "data.participantId"),
                c("get unknown conversation", "conversation.get", e -> data(e).put("conversationId", "ghost"), "not_found", "data.conversationId"),
                c("message to an unknown conversation", "conversation.message", e -> data(e).put("conversationId", "ghost"), "not_found", "data.conversationId"),
                c("message to an ended conversation", "conversation.message", e -> data(e).put("conversationId", "done"), "invalid_state", "data.conversationId"),
                c("message from a stranger", "conversation.message", e -> data(e).put("from", "stranger"), "not_assignee", "data.from"),
                c("transcript of an unknown conversation", "conversation.transcript", e -> data(e).put("conversationId", "ghost"), "not_found", "data.conversationId"),
                c("participant.get without participantId", "participant.get", e -> data(e).remove("participantId"), "invalid_event", "data.participantId"),
                c("participant.get of an invalid participantId", "participant.get", e -> data(e).put("participantId", "agent a"), "invalid_event", "data.participantId"),
                c("participant.get of a page of 0", "participant.get", e -> data(e).put("limit", 0), "invalid_event", "data.limit"),
                c("participant.get of a page of 101", "participant.get", e -> data(e).put("limit", 101), "invalid_event", "data.limit"),
                c("participant.get of a limit that is not a number", "participant.get", e -> data(e).put("limit", "ten"), "invalid_event", "data.limit"),
                c("participant.get after a number", "participant.get", e -> data(e).put("after", 7), "invalid_event", "data.after"),
                c("participant.get of an unknown participant", "participant.get", e -> data(e).put("participantId", "ghost"), "not_found", "data.participantId"),
                c("queue.get without queueId", "queue.get", e -> data(e).remove("queueId"), "invalid_event", "data.queueId"),
                c("queue.get of a page of 0", "queue.get", e -> data(e).put("limit", 0), "invalid_event", "data.limit"),
                c("queue.get after a number", "queue.get", e -> data(e).put("after", 7), "invalid_event", "data.after"),
                c("queue.get of an unknown queue", "queue.get", e -> data(e).put("queueId", "ghost"), "not_found", "data.queueId"),
                c("queue.list of a page of 101", "queue.list", e -> data(e).put("limit", 101), "invalid_event", "data.limit"),
                c("queue.list after an invalid id", "queue.list", e -> data(e).put("after", "queue 1"), "invalid_event", "data.after"),
                c("start with a priority above 1000", "conversation.start", e -> data(e).put("priority", 1001), "invalid_event", "data.priority"),
                c("start with a fractional priority", "conversation.start", e -> data(e).put("priority", 1.5), "invalid_event", "data.priority"),
                c("escalate with a priority in words", "conversation.escalate", e -> data(e).put("priority", "high"), "invalid_event", "data.priority"),
                c("transfer with a priority below -1000", "conversation.transfer-to-bot", e -> data(e).put("priority", -1001), "invalid_event", "data.priority"),
                c("start requiring a skill at level 0", "conversation.start", e -> data(e).put("requiredSkills", Map.of("french", 0)), "invalid_event", "data.requiredSkills.french"),
                c("start requiring a skill at level 6", "conversation.start", e -> data(e).put("requiredSkills", Map.of("french", 6)), "invalid_event", "data.requiredSkills.french"),
                c("start requiring a skill at a level in words", "conversation.start", e -> data(e).put("requiredSkills", Map.of("french", "fluent")), "invalid_event", "data.requiredSkills.french"),
                c("start requiring skills as a list", "conversation.start", e -> data(e).put("requiredSkills", List.of("french")), "invalid_event", "data.requiredSkills"),
                c("escalate requiring a skill whose name has a comma", "conversation.escalate", e -> data(e).put("requiredSkills", Map.of("french,german", 2)), "invalid_event", "data.requiredSkills"),
                c("transfer requiring a skill at level 6", "conversation.transfer-to-bot", e -> data(e).put("requiredSkills", Map.of("billing", 6)), "invalid_event", "data.requiredSkills.billing"),
                c("participant with a skill at level 0", "participant.upsert", e -> data(e).put("skills", Map.of("french", 0)), "invalid_event", "data.skills.french"),
                c("participant with a skill named with a space", "participant.upsert", e -> data(e).put("skills", Map.of("customer care", 3)), "invalid_event", "data.skills"),
                c("start requiring 11 skills", "conversation.start", e -> data(e).put("requiredSkills", skills(11)), "invalid_event", "data.requiredSkills"),
                c("participant with 51 skills", "participant.upsert", e -> data(e).put("skills", skills(51)), "invalid_event", "data.skills"),
                c("queue with a priority above 1000", "queue.upsert", e -> data(e).put("priority", 1001), "invalid_event", "data.priority"),
                c("queue that ages by 0 a minute", "queue.upsert", e -> data(e).put("agingPerMinute", 0), "invalid_event", "data.agingPerMinute"),
                c("queue that ages backwards", "queue.upsert", e -> data(e).put("agingPerMinute", -1), "invalid_event", "data.agingPerMinute"),
                c("queue that ages by words", "queue.upsert", e -> data(e).put("agingPerMinute", "fast"), "invalid_event", "data.agingPerMinute"),
                c("queue with an unknown assignment method", "queue.upsert", e -> data(e).put("assignment", "random"), "invalid_event", "data.assignment"),
                c("queue with an assignment method as a number", "queue.upsert", e -> data(e).put("assignment", 1), "invalid_event", "data.assignment"),
                c("queue in an unknown time zone", "queue.upsert", e -> data(e).put("hours", Map.of("timeZone", "Mars/Olympus")), "invalid_event", "data.hours.timeZone"),
                c("queue open on a day that is not one", "queue.upsert", e -> data(e).put("hours", Map.of("timeZone", "UTC", "weekly", List.of(Map.of("day", "someday", "open", "09:00", "close", "17:00")))), "invalid_event", "data.hours.weekly[0].day"),
                c("queue closing before it opens", "queue.upsert", e -> data(e).put("hours", Map.of("timeZone", "UTC", "weekly", List.of(Map.of("day", "monday", "open", "17:00", "close", "09:00")))), "invalid_event", "data.hours.weekly[0].close"),
                c("queue closed on a date that is not one", "queue.upsert", e -> data(e).put("hours", Map.of("timeZone", "UTC", "closedDates", List.of("2026-02-30"))), "invalid_event", "data.hours.closedDates[0]"),
                c("queue overflowing to an unknown queue", "queue.upsert", e -> data(e).put("overflow", List.of(Map.of("when", Map.of("maxWaiting", 5), "then", Map.of("transferToQueue", "nowhere")))), "no_such_queue", "data.overflow"),
                c("queue overflowing to itself", "queue.upsert", e -> data(e).put("overflow", List.of(Map.of("when", Map.of("closed", true), "then", Map.of("transferToQueue", "new-queue")))), "invalid_event", "data.overflow[0].then.transferToQueue"),
                c("queue overflowing on two conditions in one rule", "queue.upsert", e -> data(e).put("overflow", List.of(Map.of("when", Map.of("closed", true, "maxWaiting", 3), "then", Map.of("end", Map.of("message", "Closed"))))), "invalid_event", "data.overflow[0].when"),
                c("queue overflowing after no time waited", "queue.upsert", e -> data(e).put("overflow", List.of(Map.of("when", Map.of("maxWaitSeconds", 0), "then", Map.of("end", Map.of("message", "Sorry"))))), "invalid_event", "data.overflow[0].when.maxWaitSeconds"),
                c("queue overflowing after more than a day waited", "queue.upsert", e -> data(e).put("overflow", List.of(Map.of("when", Map.of("maxWaitSeconds", 86_401), "then", Map.of("end", Map.of("message", "Sorry"))))), "invalid_event", "data.overflow[0].when.maxWaitSeconds"),
                c("transfer waiting for nobody named", "conversation.transfer", e -> data(e).put("waitSeconds", 60), "invalid_event", "data.waitSeconds"),
                c("transfer waiting no time", "conversation.transfer", e -> { data(e).put("targetParticipantId", "rep-2"); data(e).put("waitSeconds", 0); }, "invalid_event", "data.waitSeconds"),
                c("transfer waiting more than an hour", "conversation.transfer", e -> { data(e).put("targetParticipantId", "rep-2"); data(e).put("waitSeconds", 3601); }, "invalid_event", "data.waitSeconds"),
                c("queue relaxing steps out of order", "queue.upsert", e -> data(e).put("skillRelaxation", List.of(Map.of("afterSeconds", 60, "lowerBy", 1), Map.of("afterSeconds", 60, "drop", List.of("*")))), "invalid_event", "data.skillRelaxation[1].afterSeconds"),
                c("queue relaxing by five levels", "queue.upsert", e -> data(e).put("skillRelaxation", List.of(Map.of("afterSeconds", 60, "lowerBy", 5))), "invalid_event", "data.skillRelaxation[0].lowerBy"),
                c("queue relaxing by dropping what is not a skill", "queue.upsert", e -> data(e).put("skillRelaxation", List.of(Map.of("afterSeconds", 60, "drop", List.of("fr ench")))), "invalid_event", "data.skillRelaxation[0].drop[0]"),
                c("queue relaxing nothing", "queue.upsert", e -> data(e).put("skillRelaxation", List.of(Map.of("afterSeconds", 60))), "invalid_event", "data.skillRelaxation[0]"),
                c("queue relaxing at once", "queue.upsert", e -> data(e).put("skillRelaxation", List.of(Map.of("afterSeconds", 0, "lowerBy", 1))), "invalid_event", "data.skillRelaxation[0].afterSeconds"),
                c("queue wrapping up for a negative time", "queue.upsert", e -> data(e).put("wrapUpSeconds", -1), "invalid_event", "data.wrapUpSeconds"),
                c("queue wrapping up for more than an hour", "queue.upsert", e -> data(e).put("wrapUpSeconds", 3601), "invalid_event", "data.wrapUpSeconds"),
                c("wrap-up done without participantId", "participant.wrap-up-done", e -> data(e).remove("participantId"), "invalid_event", "data.participantId"),
                c("wrap-up done for an unknown conversation", "participant.wrap-up-done", e -> data(e).put("conversationId", "ghost"), "not_found", "data.conversationId"),
                c("wrap-up done by one still holding it", "participant.wrap-up-done", e -> { }, "invalid_state", "data.participantId"),
                c("wrap-up done for a conversation one never held", "participant.wrap-up-done", e -> data(e).put("participantId", "stranger"), "not_assignee", "data.participantId"),
                c("accept without participantId", "conversation.accept", e -> data(e).remove("participantId"), "invalid_event", "data.participantId"),
                c("accept of an unknown conversation", "conversation.accept", e -> data(e).put("conversationId", "ghost"), "not_found", "data.conversationId"),
                c("accept by a stranger: nothing is offered to it", "conversation.accept", e -> { }, "not_assignee", "data.participantId"),
                c("accept by the one that holds it already", "conversation.accept", e -> data(e).put("participantId", "agent-a"), "invalid_state", "data.participantId"),
                c("accept of an ended conversation", "conversation.accept", e -> data(e).put("conversationId", "done"), "invalid_state", "data.conversationId"),
                c("decline by a stranger: nothing is offered to it", "conversation.decline", e -> { }, "not_assignee", "data.participantId"),
                c("decline without conversationId", "conversation.decline", e -> data(e).remove("conversationId"), "invalid_event", "data.conversationId"),
                c("queue offering for less than 5 s", "queue.upsert", e -> data(e).put("offer", Map.of("timeoutSeconds", 4)), "invalid_event", "data.offer.timeoutSeconds"),
                c("queue offering for more than an hour", "queue.upsert", e -> data(e).put("offer", Map.of("timeoutSeconds", 3601)), "invalid_event", "data.offer.timeoutSeconds"),
                c("queue with a decline limit of 0", "queue.upsert", e -> data(e).put("offer", Map.of("declineLimit", 0)), "invalid_event", "data.offer.declineLimit"),
                c("queue with an offer that is not an object", "queue.upsert", e -> data(e).put("offer", 120), "invalid_event", "data.offer"),
                c("queue indexing what is not a skill's name", "queue.upsert", e -> data(e).put("indexedSkills", List.of("french", "fr ench")), "invalid_event", "data.indexedSkills[1]"),
                c("queue indexing a skill twice", "queue.upsert", e -> data(e).put("indexedSkills", List.of("french", "billing", "french")), "invalid_event", "data.indexedSkills[2]"),
                c("queue indexing 21 skills", "queue.upsert", e -> data(e).put("indexedSkills", java.util.stream.IntStream.range(0, 21).mapToObj(i -> "skill-" + i).toList()), "invalid_event", "data.indexedSkills"),
                c("queue indexing skills not in a list", "queue.upsert", e -> data(e).put("indexedSkills", "french"), "invalid_event", "data.indexedSkills"),
                c("queue indexing a skill by a number", "queue.upsert", e -> data(e).put("indexedSkills", List.of(7)), "invalid_event", "data.indexedSkills[0]"),
                c("transfer back waiting for a named bot", "conversation.transfer-to-bot", e -> { data(e).put("targetParticipantId", "agent-a"); data(e).put("waitForBot", true); }, "invalid_event", "data.waitForBot"),
                c("transfer back waiting, not as true or false", "conversation.transfer-to-bot", e -> data(e).put("waitForBot", "yes"), "invalid_event", "data.waitForBot"),
                c("queue ending without a message", "queue.upsert", e -> data(e).put("overflow", List.of(Map.of("when", Map.of("closed", true), "then", Map.of("end", Map.of())))), "invalid_event", "data.overflow[0].then.end.message"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRejectedWithItsCodeAndFieldAndStoresNothing(BadEvents.Case badCase) {
        var event = valid(badCase.type());
        badCase.change().accept(event);
        qualifyIds(event);
        var liveBefore = world.conversation("live");
        var doneBefore = world.conversation("done");
        var saidBefore = world.messages("live");

        JsonPath answer = send(event);

        assertEquals("rejected", answer.getString("status"), answer.prettify());
        assertEquals(badCase.code(), answer.getString("error.code"), answer.prettify());
        assertTrue(answer.getString("error.message").startsWith(badCase.field()),
                "the message names " + badCase.field() + ": " + answer.getString("error.message"));
        assertNothingStored(event);
        assertEquals(liveBefore, world.conversation("live"));
        assertEquals(doneBefore, world.conversation("done"));
        assertEquals(saidBefore, world.messages("live"), "nothing said reaches the transcript");
        assertEquals(1, world.load("agent-a"));
    }

    @org.junit.jupiter.api.Test
    void aBodyThatIsNotACloudEventIsRejected() {
        JsonPath answer = sendRaw("{\"hello\":\"world\"}");
        assertEquals("rejected", answer.getString("status"));
        assertEquals("invalid_event", answer.getString("error.code"));
        assertEquals("specversion is required", answer.getString("error.message"));
    }

    /** Not JSON at all, cut short, empty, or JSON but not an object: answered, never thrown (no HTTP 500). */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"not json", "{\"specversion\":\"1.0\",", "", "[1,2]",
            "\"a string\"", "{\"a\":1} trailing"})
    void aBodyThatIsNotAJsonObjectIsRejected(String body) {
        JsonPath answer = sendRaw(body);
        assertEquals("rejected", answer.getString("status"), answer.prettify());
        assertEquals("invalid_event", answer.getString("error.code"));
        assertEquals("the body must be a JSON object (a CloudEvent in structured mode)",
                answer.getString("error.message"));
    }

    /** Short names in the id fields become this test's ids. */
    @SuppressWarnings("unchecked")
    private void qualifyIds(Map<String, Object> event) {
        if (!(event.get("data") instanceof Map<?, ?> raw)) {
            return;
        }
        var data = (Map<String, Object>) raw;
        for (String field : List.of("conversationId", "queueId", "requestedBy", "targetQueueId", "targetParticipantId",
                "participantId", "channelId")) {
            if (data.get(field) instanceof String name && !name.contains("#")) {
                data.put(field, world.id(name));
            }
        }
        if (data.get("queues") instanceof List<?> list) {
            data.put("queues", list.stream().map(q -> world.id((String) q)).toList());
        }
        if (data.get("overflow") instanceof List<?> rules) {
            data.put("overflow", rules.stream().map(rule -> {
                var copy = new java.util.HashMap<>((Map<String, Object>) rule);
                if (copy.get("then") instanceof Map<?, ?> then) {
                    var target = new java.util.HashMap<>((Map<String, Object>) then);
                    for (String key : List.of("transferToQueue", "transferToBot")) {
                        if (target.get(key) instanceof String name) {
                            target.put(key, world.id(name));
                        }
                    }
                    copy.put("then", target);
                }
                return copy;
            }).toList());
        }
    }

    @SuppressWarnings("unchecked")
    private void assertNothingStored(Map<String, Object> event) {
        if (!(event.get("data") instanceof Map<?, ?> raw)) {
            return;
        }
        var data = (Map<String, Object>) raw;
        assertTrue(conversations.find(world.id("new-conv")).isEmpty(), "no conversation created");
        assertTrue(participants.find(world.id("new-bot")).isEmpty(), "no participant created");
        assertTrue(queues.find(world.id("new-queue")).isEmpty(), "no queue created");
        assertTrue(channels.find(world.id("new-channel")).isEmpty(), "no channel registered");
        if (data.get("queueId") instanceof String queueId && !queueId.equals(world.id("queue-1"))) {
            assertTrue(queues.find(queueId).isEmpty(), "no queue created for " + queueId);
        }
        assertEquals(List.of(world.id("agent-a")), members.page(world.id("queue-1"), null, 10).participantIds());
        assertEquals("available", participants.find(world.id("agent-a")).orElseThrow().presence().wire());
    }

    private static Map<String, Object> skills(int count) {
        var skills = new java.util.HashMap<String, Object>();
        for (int i = 0; i < count; i++) {
            skills.put("skill-" + i, 1);
        }
        return skills;
    }
}
