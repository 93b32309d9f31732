package dev.handoff.router.functions;

import static dev.handoff.router.functions.BadEvents.SECRET;
import static dev.handoff.router.functions.BadEvents.c;
import static dev.handoff.router.functions.BadEvents.data;
import static dev.handoff.router.functions.BadEvents.map;
import static dev.handoff.router.functions.BadEvents.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.handoff.router.application.Commands;
import dev.handoff.router.domain.OverflowRule;
import dev.handoff.router.domain.Presence;
import dev.handoff.router.domain.Rejection;
import dev.handoff.router.domain.Webhook;

/**
 * Malformed events are rejected by the decoder, before any use case runs (so nothing can be stored), with their code
 * and a message that starts with the field's name. Plain JUnit: the decoder reads and writes nothing. The rejections
 * that depend on state (an unknown queue, an ended conversation) are in {@code BadInputTest}, against dynalite.
 */
class EventDecoderTest {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private final EventDecoder decoder = new EventDecoder(Clock.fixed(NOW, ZoneOffset.UTC));

    static Stream<Arguments> cases() {
        return Stream.of(
                c("no specversion", "conversation.start", e -> e.remove("specversion"), "invalid_event", "specversion"),
                c("specversion 0.3", "conversation.start", e -> e.put("specversion", "0.3"), "invalid_event", "specversion"),
                c("no id", "conversation.start", e -> e.remove("id"), "invalid_event", "id"),
                c("numeric id", "conversation.start", e -> e.put("id", 42), "invalid_event", "id"),
                c("empty source", "conversation.start", e -> e.put("source", ""), "invalid_event", "source"),
                c("unknown type", "conversation.start", e -> e.put("type", "conversation.teleport"), "unknown_type", "type"),
                c("type not a string", "conversation.start", e -> e.put("type", List.of("x")), "invalid_event", "type"),
                c("bad time", "conversation.start", e -> e.put("time", "yesterday"), "invalid_event", "time"),
                c("xml content", "conversation.start", e -> e.put("datacontenttype", "application/xml"), "invalid_event", "datacontenttype"),
                c("no data", "conversation.start", e -> e.remove("data"), "invalid_event", "data"),
                c("data not an object", "conversation.start", e -> e.put("data", "hello"), "invalid_event", "data"),
                c("start without queueId", "conversation.start", e -> data(e).remove("queueId"), "invalid_event", "data.queueId"),
                c("start with numeric queueId", "conversation.start", e -> data(e).put("queueId", 7), "invalid_event", "data.queueId"),
                c("start without customer", "conversation.start", e -> data(e).remove("customer"), "invalid_event", "data.customer"),
                c("customer without id", "conversation.start", e -> data(e).put("customer", Map.of("name", "Ana")), "invalid_event", "data.customer.id"),
                c("conversation id with #", "conversation.start", e -> data(e).put("conversationId", "a#b"), "invalid_event", "data.conversationId"),
                c("nested context", "conversation.start", e -> data(e).put("context", Map.of("order", Map.of("id", 1))), "invalid_event", "data.context.order"),
                c("context entry too long", "conversation.start", e -> data(e).put("context", Map.of("note", "x".repeat(3000))), "invalid_event", "data.context.note"),
                c("too many context entries", "conversation.start", e -> data(e).put("context", manyEntries(65)), "invalid_event", "data.context"),
                c("oversized context", "conversation.start", e -> data(e).put("context", bigContext()), "invalid_event", "data.context"),
                c("customer in context", "conversation.start", e -> data(e).put("context", Map.of("customer", "x")), "invalid_event", "data.context.customer"),
                c("oversized event", "conversation.start", e -> data(e).put("channel", "x".repeat(70_000)), "invalid_event", "the event"),
                c("escalate without requestedBy", "conversation.escalate", e -> data(e).remove("requestedBy"), "invalid_event", "data.requestedBy"),
                c("transfer to a bad participant id", "conversation.transfer-to-bot", e -> data(e).put("targetParticipantId", " x"), "invalid_event", "data.targetParticipantId"),
                c("end without conversationId", "conversation.end", e -> data(e).remove("conversationId"), "invalid_event", "data.conversationId"),
                c("participant of unknown kind", "participant.upsert", e -> data(e).put("kind", "alien"), "invalid_event", "data.kind"),
                c("participant capacity 0", "participant.upsert", e -> data(e).put("capacity", 0), "invalid_event", "data.capacity"),
                c("participant capacity 1.5", "participant.upsert", e -> data(e).put("capacity", 1.5), "invalid_event", "data.capacity"),
                c("participant capacity as text", "participant.upsert", e -> data(e).put("capacity", "3"), "invalid_event", "data.capacity"),
                c("bot without webhook", "participant.upsert", e -> data(e).remove("webhook"), "invalid_event", "data.webhook"),
                c("representative's desk secret not whsec", "participant.upsert", e -> { data(e).put("kind", "representative"); data(e).put("webhook", Map.of("url", "https://desk.example/hook", "secret", "hunter2")); }, "invalid_event", "data.webhook.secret"),
                c("webhook secret not whsec", "participant.upsert", e -> data(e).put("webhook", Map.of("url", "https://bot.example/hook", "secret", "hunter2")), "invalid_event", "data.webhook.secret"),
                c("webhook secret too short", "participant.upsert", e -> data(e).put("webhook", Map.of("url", "https://bot.example/hook", "secret", "whsec_c2hvcnQ=")), "invalid_event", "data.webhook.secret"),
                c("webhook url ftp", "participant.upsert", e -> data(e).put("webhook", Map.of("url", "ftp://bot.example/hook", "secret", SECRET)), "invalid_event", "data.webhook.url"),
                c("queues not an array", "participant.upsert", e -> data(e).put("queues", "queue-1"), "invalid_event", "data.queues"),
                c("queues repeated", "participant.upsert", e -> data(e).put("queues", List.of("queue-1", "queue-1")), "invalid_event", "data.queues[1]"),
                c("presence sleepy", "participant.presence", e -> data(e).put("presence", "sleepy"), "invalid_event", "data.presence"),
                c("presence missing", "participant.presence", e -> data(e).remove("presence"), "invalid_event", "data.presence"),
                c("queue units 0", "queue.upsert", e -> data(e).put("unitsPerConversation", 0), "invalid_event", "data.unitsPerConversation"),
                c("queue without name", "queue.upsert", e -> data(e).remove("name"), "invalid_event", "data.name"),
                c("queue priority below -1000", "queue.upsert", e -> data(e).put("priority", -1001), "invalid_event", "data.priority"),
                c("queue aging above 1000 a minute", "queue.upsert", e -> data(e).put("agingPerMinute", 1000.5), "invalid_event", "data.agingPerMinute"),
                c("queue aging below 0.01 a minute", "queue.upsert", e -> data(e).put("agingPerMinute", 0.009), "invalid_event", "data.agingPerMinute"),
                c("start priority as text", "conversation.start", e -> data(e).put("priority", "1"), "invalid_event", "data.priority"),
                c("queue assignment in capitals", "queue.upsert", e -> data(e).put("assignment", "ROUND-ROBIN"), "invalid_event", "data.assignment"),
                c("escalate priority above 1000", "conversation.escalate", e -> data(e).put("priority", 5000), "invalid_event", "data.priority"),
                c("get without conversationId", "conversation.get", e -> data(e).remove("conversationId"), "invalid_event", "data.conversationId"),
                c("message without text", "conversation.message", e -> data(e).remove("text"), "invalid_event", "data.text"),
                c("message with empty text", "conversation.message", e -> data(e).put("text", " "), "invalid_event", "data.text"),
                c("message over 28 KB", "conversation.message", e -> data(e).put("text", "é".repeat(15_000)), "invalid_event", "data.text"),
                c("message without from", "conversation.message", e -> data(e).remove("from"), "invalid_event", "data.from"),
                c("transcript page of 0", "conversation.transcript", e -> data(e).put("limit", 0), "invalid_event", "data.limit"),
                c("transcript after -1", "conversation.transcript", e -> data(e).put("after", -1), "invalid_event", "data.after"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRejectedWithItsCodeAndField(BadEvents.Case badCase) {
        var event = valid(badCase.type());
        badCase.change().accept(event);

        var rejection = assertThrows(Rejection.class, () -> decoder.decode(event, null));

        var error = ContractFields.error(rejection);
        assertEquals(badCase.code(), error.code());
        assertTrue(error.message().startsWith(badCase.field()), "names " + badCase.field() + ": " + error.message());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void aValidEventOfEachTypeBecomesItsCommand(EventType type) {
        var event = valid(type.wire());
        var decoded = decoder.decode(event, null);
        assertEquals(type, decoded.type());
        assertEquals(event.get("id"), decoded.context().eventId());
        assertEquals(NOW, decoded.context().now());
    }

    @Test
    void aFunctionOfOneTypeRejectsAnotherType() {
        var rejection = assertThrows(Rejection.class,
                () -> decoder.decode(valid("conversation.end"), EventType.START));
        assertEquals("unknown_type", rejection.code().wire());
        assertEquals("type: this function takes only conversation.start events", rejection.reason());
    }

    @Test
    void theFieldsOfEachCommandAreTheEventsData() {
        var start = (Commands.Start) decoder.decode(valid("conversation.start"), null).command();
        assertEquals(new Commands.Start("new-conv", "queue-1", new dev.handoff.router.domain.Customer("cust-9", "Ana"),
                "webchat", Map.of("orderId", "A-1")), start);
        var upsert = (Commands.UpsertParticipant) decoder.decode(valid("participant.upsert"), null).command();
        assertEquals(Presence.AVAILABLE, upsert.presence());
        assertEquals(List.of("queue-1"), upsert.queues());
        assertInstanceOf(Commands.ChangePresence.class, decoder.decode(valid("participant.presence"), null).command());
        var representative = valid("participant.upsert");
        data(representative).put("kind", "representative");
        var desk = (Commands.UpsertParticipant) decoder.decode(representative, null).command();
        assertEquals(new Webhook("https://93.184.216.34/hook", SECRET), desk.webhook(), "a representative's desk");
        data(representative).remove("webhook");
        assertNull(((Commands.UpsertParticipant) decoder.decode(representative, null).command()).webhook(),
                "a representative needs no desk");
        assertEquals(new Commands.UpsertChannel("new-channel", new Webhook("https://93.184.216.34/hook", SECRET)),
                decoder.decode(valid("channel.upsert"), null).command());
        assertEquals(new Commands.GetParticipant("agent-a", "live", 10),
                decoder.decode(valid("participant.get"), null).command());
        var firstPage = valid("participant.get");
        data(firstPage).remove("after");
        data(firstPage).remove("limit");
        assertEquals(new Commands.GetParticipant("agent-a", null, 50), decoder.decode(firstPage, null).command(),
                "the first page, of 50");
    }

    @Test
    void openingHoursAndOverflowRulesBecomeTheQueuesSettings() {
        var queue = valid("queue.upsert");
        data(queue).put("hours", Map.of("timeZone", "Europe/Paris", "weekly", List.of(
                Map.of("day", "monday", "open", "09:00", "close", "17:30"),
                Map.of("day", "Saturday", "open", "10:00", "close", "24:00")), "closedDates", List.of("2026-12-25")));
        data(queue).put("overflow", List.of(
                Map.of("when", Map.of("maxWaiting", 20), "then", Map.of("transferToQueue", "queue-2")),
                Map.of("when", Map.of("closed", true), "then", Map.of("transferToBot", "after-hours")),
                Map.of("when", Map.of("closed", true), "then", Map.of("end", Map.of("message", "Closed.")))));
        var settings = ((Commands.UpsertQueue) decoder.decode(queue, null).command()).settings();
        assertEquals(new dev.handoff.router.domain.OpeningHours(java.time.ZoneId.of("Europe/Paris"), List.of(
                new dev.handoff.router.domain.OpeningHours.Opening(java.time.DayOfWeek.MONDAY, 540, 1050),
                new dev.handoff.router.domain.OpeningHours.Opening(java.time.DayOfWeek.SATURDAY, 600, 1440)),
                java.util.Set.of(java.time.LocalDate.parse("2026-12-25"))), settings.hours());
        assertEquals(List.of(
                new OverflowRule(new OverflowRule.MaxWaiting(20), new OverflowRule.TransferToQueue("queue-2")),
                new OverflowRule(new OverflowRule.Closed(), new OverflowRule.TransferToBot("after-hours")),
                new OverflowRule(new OverflowRule.Closed(), new OverflowRule.End("Closed."))), settings.overflow());
        assertNull(((Commands.UpsertQueue) decoder.decode(valid("queue.upsert"), null).command()).settings().hours(),
                "no hours: always open");
    }

    @Test
    void prioritiesAndAgingHaveDefaultsAndTakeWhatIsGiven() {
        // GIVEN events without the fields: THEN a start has priority 0, a hand-on keeps the conversation's (null), a
        // queue has priority 0 and ages one point a minute
        assertEquals(0, ((Commands.Start) decoder.decode(valid("conversation.start"), null).command()).priority());
        assertNull(((Commands.Escalate) decoder.decode(valid("conversation.escalate"), null).command()).priority());
        assertNull(((Commands.TransferToBot) decoder.decode(valid("conversation.transfer-to-bot"), null).command())
                .priority());
        assertEquals(new dev.handoff.router.domain.Queue("new-queue", "New queue", 1, 0, 1.0),
                ((Commands.UpsertQueue) decoder.decode(valid("queue.upsert"), null).command()).settings());
        // WHEN they are given: THEN they are taken, a fraction of a point a minute too
        var start = valid("conversation.start");
        data(start).put("priority", -7);
        assertEquals(-7, ((Commands.Start) decoder.decode(start, null).command()).priority());
        var escalate = valid("conversation.escalate");
        data(escalate).put("priority", 1000);
        assertEquals(1000, ((Commands.Escalate) decoder.decode(escalate, null).command()).priority());
        var queue = valid("queue.upsert");
        data(queue).put("priority", 3);
        data(queue).put("agingPerMinute", 0.5);
        data(queue).put("assignment", "most-idle");
        assertEquals(new dev.handoff.router.domain.Queue("new-queue", "New queue", 1, 3, 0.5,
                dev.handoff.router.domain.AssignmentMethod.MOST_IDLE),
                ((Commands.UpsertQueue) decoder.decode(queue, null).command()).settings());
    }

    @Test
    void theBodyHashIgnoresTheOrderOfFieldsButNotTheirValues() {
        var one = valid("conversation.start");
        var keys = new java.util.ArrayList<>(one.keySet());
        java.util.Collections.reverse(keys);
        var reordered = new LinkedHashMap<String, Object>();
        keys.forEach(key -> reordered.put(key, one.get(key)));
        var changed = valid("conversation.start");
        data(changed).put("channel", "phone");

        String hash = decoder.decode(one, null).context().bodyHash();
        assertEquals(hash, decoder.decode(reordered, null).context().bodyHash());
        assertFalse(hash.equals(decoder.decode(changed, null).context().bodyHash()));
    }

    @Test
    void aBodyThatIsNotAnObjectIsRejected() {
        var rejection = assertThrows(Rejection.class, () -> decoder.decode(null, null));
        assertEquals("invalid_event", rejection.code().wire());
    }

    @Test
    void messagesNeverEchoCustomerContext() {
        var event = valid("conversation.start");
        data(event).put("context", Map.of("creditCard", Map.of("number", "4111111111111111")));
        var rejection = assertThrows(Rejection.class, () -> decoder.decode(event, null));
        assertFalse(rejection.getMessage().contains("4111111111111111"), rejection.getMessage());
    }

    private static Map<String, Object> manyEntries(int count) {
        var context = new HashMap<String, Object>();
        IntStream.range(0, count).forEach(i -> context.put("k" + i, i));
        return context;
    }

    private static Map<String, Object> bigContext() {
        var context = new HashMap<String, Object>();
        IntStream.range(0, 10).forEach(i -> context.put("note" + i, "x".repeat(2000)));
        return context;
    }
}
