package dev.handoff.router.adapters.dynamodb;

import static dev.handoff.router.adapters.dynamodb.Values.flag;
import static dev.handoff.router.adapters.dynamodb.Values.instant;
import static dev.handoff.router.adapters.dynamodb.Values.integerOrNull;
import static dev.handoff.router.adapters.dynamodb.Values.l;
import static dev.handoff.router.adapters.dynamodb.Values.list;
import static dev.handoff.router.adapters.dynamodb.Values.m;
import static dev.handoff.router.adapters.dynamodb.Values.map;
import static dev.handoff.router.adapters.dynamodb.Values.millis;
import static dev.handoff.router.adapters.dynamodb.Values.n;
import static dev.handoff.router.adapters.dynamodb.Values.num;
import static dev.handoff.router.adapters.dynamodb.Values.s;
import static dev.handoff.router.adapters.dynamodb.Values.str;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.handoff.router.domain.Assignee;
import dev.handoff.router.domain.AssignmentMethod;
import dev.handoff.router.domain.BotDelivery;
import dev.handoff.router.domain.Channel;
import dev.handoff.router.domain.Claim;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ConversationStatus;
import dev.handoff.router.domain.Customer;
import dev.handoff.router.domain.EventRecord;
import dev.handoff.router.domain.Greeting;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.Offer;
import dev.handoff.router.domain.OfferPolicy;
import dev.handoff.router.domain.Owed;
import dev.handoff.router.domain.OpeningHours;
import dev.handoff.router.domain.Outcome;
import dev.handoff.router.domain.OverflowRule;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.ParticipantKind;
import dev.handoff.router.domain.PendingDelivery;
import dev.handoff.router.domain.Presence;
import dev.handoff.router.domain.Skills;
import dev.handoff.router.domain.NamedWait;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.RelaxationStep;
import dev.handoff.router.domain.Speaker;
import dev.handoff.router.domain.TimelineEntry;
import dev.handoff.router.domain.TranscriptMessage;
import dev.handoff.router.domain.Webhook;
import dev.handoff.router.domain.WrapUp;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Domain records to DynamoDB items and back. The only place that knows the items' layout besides {@link Attr}. */
final class ItemMapper {
    private ItemMapper() {
    }

    // ---- conversations

    /** The item of a conversation as stored at {@code storedVersion}. */
    static Map<String, AttributeValue> conversationItem(Conversation c, long storedVersion) {
        var item = new Values.Item()
                .putString(Attr.CONVERSATION_ID, c.id())
                .put(Attr.VERSION, n(storedVersion))
                .putString(Attr.STATUS, c.status().wire())
                .putString(Attr.QUEUE_ID, c.queueId())
                .put(Attr.CUSTOMER, new Values.Item().putString(Attr.CUSTOMER_ID, c.customer().id())
                        .putString(Attr.CUSTOMER_NAME, c.customer().name())
                        .putString(Attr.CUSTOMER_LOCALE, c.customer().locale()).asMap())
                .putString(Attr.CHANNEL, c.channel())
                .put(Attr.TELLS_CHANNEL, c.tellsChannel() ? Values.bool(true) : null)
                .put(Attr.CONTEXT, context(c.context()))
                .put(Attr.CREATED_AT, millis(c.createdAt()))
                .put(Attr.ASSIGNEE, c.assignee() == null ? null : assignee(c.assignee()))
                .put(Attr.SERVED_BY, l(c.servedBy().stream().sorted().map(Values::s).toList()))
                .put(Attr.UNDELIVERABLE, l(c.undeliverable().stream().sorted().map(Values::s).toList()))
                .put(Attr.TIMELINE, l(c.timeline().stream().map(ItemMapper::timelineEntry).toList()))
                .put(Attr.LAST_SEQUENCE, n(c.lastSequence()))
                .put(Attr.EVENTS, events(c.events()))
                .put(Attr.PENDING_DELIVERY, c.pendingDelivery() == null ? null : pending(c.pendingDelivery()))
                .put(Attr.OUTBOX, c.outbox().isEmpty() ? null : l(c.outbox().stream().map(ItemMapper::owed).toList()))
                .put(Attr.LAST_OWED, n(c.lastOwed()))
                .put(Attr.LAST_CHANNEL_SEQUENCE, c.lastChannelSequence() == 0 ? null : n(c.lastChannelSequence()))
                .put(Attr.PRIORITY, c.priority() == 0 ? null : n(c.priority()))
                .put(Attr.REQUIRED_SKILLS, c.requiredSkills().isEmpty() ? null : skills(c.requiredSkills()))
                // Written only once relaxed: otherwise it is the requirement itself.
                .put(Attr.REQUESTED_SKILLS, c.requestedSkills().equals(c.requiredSkills()) ? null
                        : skills(c.requestedSkills()));
        owedSince(c).ifPresent(since -> item.putString(Attr.OWED_LINE, OWED)
                .putString(Attr.OWED_ORDER, waitOrder(since, c.id())));
        if (c.status() == ConversationStatus.ASSIGNED) {
            item.putString(Attr.HELD_IN, c.queueId());
        }
        if (c.status() == ConversationStatus.WAITING && c.waitingFor() != null) {
            item.putString(Attr.WAITING_FOR, c.waitingFor().wire())
                    .put(Attr.WAITING_SINCE, millis(c.waitingSince()))
                    .put(Attr.TICKET, c.ticket() == 0 ? null : n(c.ticket()));
            if (c.offer() == null) {
                item.putString(Attr.WAIT_LINE, waitLine(c.queueId(), c.waitingFor()))
                        .putString(Attr.WAIT_ORDER, c.lineOrder());
            } else { // out of its line while offered
                item.put(Attr.LINE_ORDER_AT, c.lineOrderAt() == null ? null : millis(c.lineOrderAt()))
                        .put(Attr.OFFER, offer(c.offer()));
            }
        }
        if (!c.passedOver().isEmpty()) {
            item.put(Attr.PASSED_OVER, l(c.passedOver().stream().map(Values::s).toList()));
        }
        if (c.named() != null) {
            item.putString(Attr.NAMED_FOR, c.named().participantId()).put(Attr.NAMED_UNTIL, millis(c.named().until()));
        }
        if (c.nextDue() != null) {
            item.putString(Attr.DUE_LINE, DUE).putString(Attr.DUE_ORDER, waitOrder(c.nextDue(), c.id()));
        }
        if (!c.wrapUps().isEmpty()) {
            item.put(Attr.WRAP_UPS, l(c.wrapUps().stream().map(ItemMapper::wrapUp).toList()));
        }
        if (!c.wrapUps().isEmpty() || c.offer() != null) {
            item.put(Attr.WAIT_DUE, c.dueAt() == null ? null : millis(c.dueAt()));
        }
        return item.build();
    }

    /** The one partition of the owed-deliveries index: they are few and short-lived. */
    static final String OWED = "owed";
    /**
     * The one partition of the due-waits index: it only backs up the timers (the sweeper reads its oldest), so its
     * writes are one per wait that has a rule on time waited.
     */
    static final String DUE = "due";

    static String waitLine(String queueId, KindNeeded needed) {
        return queueId + "#" + needed.wire();
    }

    /** Orders by time, then id, as a string: zero-padded epoch milliseconds. */
    static String waitOrder(Instant since, String conversationId) {
        return String.format("%015d#%s", since.toEpochMilli(), conversationId);
    }

    /** The time of a {@link #waitOrder}. */
    static Instant timeOf(String order) {
        return Instant.ofEpochMilli(Long.parseLong(order.substring(0, order.indexOf('#'))));
    }

    static Conversation conversation(Map<String, AttributeValue> item) {
        var customer = map(item, Attr.CUSTOMER);
        var served = new LinkedHashSet<String>();
        list(item, Attr.SERVED_BY).forEach(v -> served.add(v.s()));
        var undeliverable = new LinkedHashSet<String>();
        list(item, Attr.UNDELIVERABLE).forEach(v -> undeliverable.add(v.s()));
        String waitingFor = str(item, Attr.WAITING_FOR);
        return new Conversation(
                str(item, Attr.CONVERSATION_ID),
                num(item, Attr.VERSION, 0),
                ConversationStatus.fromWire(str(item, Attr.STATUS)),
                str(item, Attr.QUEUE_ID),
                new Customer(str(customer, Attr.CUSTOMER_ID), str(customer, Attr.CUSTOMER_NAME),
                        str(customer, Attr.CUSTOMER_LOCALE)),
                str(item, Attr.CHANNEL),
                Values.flag(item, Attr.TELLS_CHANNEL),
                contextOf(map(item, Attr.CONTEXT)),
                instant(item, Attr.CREATED_AT),
                map(item, Attr.ASSIGNEE) == null ? null : assignee(map(item, Attr.ASSIGNEE)),
                waitingFor == null ? null : KindNeeded.fromWire(waitingFor),
                instant(item, Attr.WAITING_SINCE),
                served,
                undeliverable,
                list(item, Attr.TIMELINE).stream().map(v -> timelineEntry(v.m())).toList(),
                num(item, Attr.LAST_SEQUENCE, 0),
                eventsOf(map(item, Attr.EVENTS)),
                map(item, Attr.PENDING_DELIVERY) == null ? null : pending(map(item, Attr.PENDING_DELIVERY)),
                list(item, Attr.OUTBOX).stream().map(v -> owed(v.m())).toList(),
                num(item, Attr.LAST_OWED, 0),
                num(item, Attr.LAST_CHANNEL_SEQUENCE, 0),
                num(item, Attr.TICKET, 0),
                (int) num(item, Attr.PRIORITY, 0),
                // The line's sort key holds the order it is served by: not written twice.
                str(item, Attr.WAIT_ORDER) == null ? instant(item, Attr.LINE_ORDER_AT)
                        : Conversation.servedAsOf(str(item, Attr.WAIT_ORDER)),
                skills(item, Attr.REQUIRED_SKILLS),
                waitDue(item),
                item.containsKey(Attr.REQUESTED_SKILLS) ? skills(item, Attr.REQUESTED_SKILLS) : null,
                str(item, Attr.NAMED_FOR) == null ? null
                        : new NamedWait(str(item, Attr.NAMED_FOR), instant(item, Attr.NAMED_UNTIL)),
                list(item, Attr.WRAP_UPS).stream().map(v -> wrapUp(v.m())).toList(),
                map(item, Attr.OFFER) == null ? null : offer(map(item, Attr.OFFER)),
                list(item, Attr.PASSED_OVER).stream().map(AttributeValue::s)
                        .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)));
    }

    /** A wait's due time: the index's order alone, unless wrap-ups or an offer share it (then written apart). */
    private static Instant waitDue(Map<String, AttributeValue> item) {
        if (item.containsKey(Attr.WRAP_UPS) || item.containsKey(Attr.OFFER)) {
            return instant(item, Attr.WAIT_DUE);
        }
        return str(item, Attr.DUE_ORDER) == null ? null : timeOf(str(item, Attr.DUE_ORDER));
    }

    private static AttributeValue wrapUp(WrapUp w) {
        return new Values.Item().put(Attr.ASSIGNEE, assignee(w.holder()))
                .put(Attr.SINCE, millis(w.since()))
                .put(Attr.UNTIL, millis(w.until()))
                .asMap();
    }

    private static AttributeValue offer(Offer o) {
        return new Values.Item().put(Attr.ASSIGNEE, assignee(o.holder()))
                .put(Attr.SINCE, millis(o.since()))
                .put(Attr.UNTIL, millis(o.until()))
                .put(Attr.MISSES_BEFORE, o.missesBefore() == 0 ? null : n(o.missesBefore()))
                .asMap();
    }

    private static Offer offer(Map<String, AttributeValue> m) {
        return new Offer(assignee(map(m, Attr.ASSIGNEE)), instant(m, Attr.SINCE), instant(m, Attr.UNTIL),
                (int) num(m, Attr.MISSES_BEFORE, 0));
    }

    private static WrapUp wrapUp(Map<String, AttributeValue> m) {
        return new WrapUp(assignee(map(m, Attr.ASSIGNEE)), instant(m, Attr.SINCE), instant(m, Attr.UNTIL));
    }

    private static AttributeValue context(Map<String, Object> context) {
        var values = new LinkedHashMap<String, AttributeValue>();
        context.forEach((k, v) -> values.put(k, Values.scalar(v)));
        return m(values);
    }

    private static Map<String, Object> contextOf(Map<String, AttributeValue> values) {
        var context = new LinkedHashMap<String, Object>();
        if (values != null) {
            values.forEach((k, v) -> context.put(k, Values.scalar(v)));
        }
        return context;
    }

    private static AttributeValue assignee(Assignee a) {
        return new Values.Item().putString(Attr.PARTICIPANT_ID, a.participantId())
                .putString(Attr.KIND, a.kind().wire())
                .put(Attr.UNITS, n(a.units()))
                .putString(Attr.CLAIM_TOKEN, a.claimToken())
                .put(Attr.DESK, a.desk() ? Values.bool(true) : null)
                .put(Attr.WRAP_UP_SECONDS, a.wrapUpSeconds() == 0 ? null : n(a.wrapUpSeconds()))
                .asMap();
    }

    private static Assignee assignee(Map<String, AttributeValue> m) {
        return new Assignee(str(m, Attr.PARTICIPANT_ID), ParticipantKind.fromWire(str(m, Attr.KIND)),
                (int) num(m, Attr.UNITS, 0), str(m, Attr.CLAIM_TOKEN), Values.flag(m, Attr.DESK),
                (int) num(m, Attr.WRAP_UP_SECONDS, 0));
    }

    private static AttributeValue timelineEntry(TimelineEntry e) {
        return new Values.Item().put(Attr.AT, millis(e.at()))
                .putString(Attr.EVENT, e.event())
                .putString(Attr.EVENT_ID, e.eventId())
                .putString(Attr.QUEUE_ID, e.queueId())
                .putString(Attr.PARTICIPANT_ID, e.participantId())
                .putString(Attr.FROM, e.from())
                .asMap();
    }

    private static TimelineEntry timelineEntry(Map<String, AttributeValue> m) {
        return new TimelineEntry(instant(m, Attr.AT), str(m, Attr.EVENT), str(m, Attr.EVENT_ID),
                str(m, Attr.QUEUE_ID), str(m, Attr.PARTICIPANT_ID), str(m, Attr.FROM));
    }

    /** The oldest thing the conversation owes the outside, if any: it orders the sparse {@code owed} index. */
    private static Optional<Instant> owedSince(Conversation c) {
        return Stream.concat(Stream.ofNullable(c.pendingDelivery()).map(PendingDelivery::owedSince),
                        c.outbox().stream().map(Owed::owedSince))
                .min(Instant::compareTo);
    }

    private static AttributeValue owed(Owed owed) {
        if (owed.call() instanceof Owed.Notice notice) {
            return notice(owed, notice);
        }
        var message = (Owed.MessageToBot) owed.call();
        return new Values.Item().put(Attr.SEQ, n(owed.seq()))
                .put(Attr.OWED_SINCE, millis(owed.owedSince()))
                .putString(Attr.TYPE, MESSAGE_TO_BOT)
                .putString(Attr.PARTICIPANT_ID, message.participantId())
                .putString(Attr.CLAIM_TOKEN, message.claimToken())
                .put(Attr.SEQUENCE, n(message.sequence()))
                .putString(Attr.TEXT, message.text())
                .put(Attr.AT, millis(message.at()))
                .putString(Attr.EVENT_KEY, message.eventKey())
                .putString(Attr.EVENT_ID, message.eventId())
                .asMap();
    }

    private static Owed owed(Map<String, AttributeValue> m) {
        String type = str(m, Attr.TYPE);
        if (NOTICE.equals(type)) {
            return notice(m);
        }
        if (!MESSAGE_TO_BOT.equals(type)) {
            throw new IllegalStateException("unknown owed call: " + type);
        }
        return new Owed(num(m, Attr.SEQ, 0), instant(m, Attr.OWED_SINCE), new Owed.MessageToBot(
                str(m, Attr.PARTICIPANT_ID), str(m, Attr.CLAIM_TOKEN), num(m, Attr.SEQUENCE, 0), str(m, Attr.TEXT),
                instant(m, Attr.AT), str(m, Attr.EVENT_KEY), str(m, Attr.EVENT_ID)));
    }

    private static final String MESSAGE_TO_BOT = "messageToBot";
    private static final String NOTICE = "notice";

    private static AttributeValue notice(Owed owed, Owed.Notice notice) {
        return new Values.Item().put(Attr.SEQ, n(owed.seq()))
                .put(Attr.OWED_SINCE, millis(owed.owedSince()))
                .putString(Attr.TYPE, NOTICE)
                .putString(Attr.AUDIENCE, notice.audience().name())
                .putString(Attr.RECIPIENT, notice.recipient())
                .put(Attr.SEQUENCE, n(notice.sequence()))
                .putString(Attr.NOTICE, notice.type().name())
                .put(Attr.AT, millis(notice.at()))
                .put(Attr.ABOUT, notice.about() == null ? null : new Values.Item()
                        .putString(Attr.PARTICIPANT_ID, notice.about().id())
                        .putString(Attr.KIND, notice.about().kind().wire()).asMap())
                .putString(Attr.TEXT, notice.text())
                .put(Attr.TRANSCRIPT_SEQUENCE, n(notice.transcriptSequence()))
                .asMap();
    }

    private static Owed notice(Map<String, AttributeValue> m) {
        var about = map(m, Attr.ABOUT);
        return new Owed(num(m, Attr.SEQ, 0), instant(m, Attr.OWED_SINCE), new Owed.Notice(
                Owed.Audience.valueOf(str(m, Attr.AUDIENCE)),
                str(m, Attr.RECIPIENT), num(m, Attr.SEQUENCE, 0), Owed.NoticeType.valueOf(str(m, Attr.NOTICE)),
                instant(m, Attr.AT), about == null ? null : new Speaker(str(about, Attr.PARTICIPANT_ID),
                        Speaker.Kind.fromWire(str(about, Attr.KIND))),
                str(m, Attr.TEXT), num(m, Attr.TRANSCRIPT_SEQUENCE, 0)));
    }

    // ---- transcripts

    static Map<String, AttributeValue> transcriptItem(TranscriptMessage m) {
        return new Values.Item().putString(Attr.CONVERSATION_ID, m.conversationId())
                .put(Attr.SEQUENCE, n(m.sequence()))
                .put(Attr.AT, millis(m.at()))
                .putString(Attr.FROM, m.from().id())
                .putString(Attr.KIND, m.from().kind().wire())
                .putString(Attr.TEXT, m.text())
                .build();
    }

    static TranscriptMessage transcriptMessage(Map<String, AttributeValue> item) {
        return new TranscriptMessage(str(item, Attr.CONVERSATION_ID), num(item, Attr.SEQUENCE, 0),
                instant(item, Attr.AT), new Speaker(str(item, Attr.FROM), Speaker.Kind.fromWire(str(item, Attr.KIND))),
                str(item, Attr.TEXT));
    }

    private static AttributeValue events(Map<String, EventRecord> events) {
        var values = new LinkedHashMap<String, AttributeValue>();
        events.forEach((key, r) -> values.put(key, new Values.Item()
                .putString(Attr.EVENT_ID, r.eventId())
                .putString(Attr.BODY_HASH, r.bodyHash())
                .put(Attr.AT, millis(r.at()))
                .put(Attr.OUTCOME, outcome(r.outcome()))
                .put(Attr.RELEASED, r.released() == null ? null : assignee(r.released()))
                .asMap()));
        return m(values);
    }

    private static Map<String, EventRecord> eventsOf(Map<String, AttributeValue> values) {
        var events = new LinkedHashMap<String, EventRecord>();
        if (values != null) {
            values.forEach((key, v) -> events.put(key, new EventRecord(str(v.m(), Attr.EVENT_ID),
                    str(v.m(), Attr.BODY_HASH), instant(v.m(), Attr.AT), outcome(map(v.m(), Attr.OUTCOME)),
                    map(v.m(), Attr.RELEASED) == null ? null : assignee(map(v.m(), Attr.RELEASED)))));
        }
        return events;
    }

    private static AttributeValue outcome(Outcome o) {
        var item = new Values.Item()
                .putString(Attr.STATUS, o.status().wire())
                .putString(Attr.QUEUE_ID, o.queueId())
                .put(Attr.ASSIGNEE, o.assignee() == null ? null : assignee(o.assignee()))
                .put(Attr.POSITION, o.position() == null ? null : n(o.position()))
                .putString(Attr.DELIVERY, o.delivery() == null ? null : o.delivery().wire())
                .put(Attr.SEQUENCE, o.sequence() == null ? null : n(o.sequence()));
        if (o.greeting() != null) {
            item.put(Attr.GREETING, new Values.Item().putString(Attr.PARTICIPANT_ID, o.greeting().participantId())
                    .putString(Attr.TEXT, o.greeting().text()).asMap());
        }
        return item.asMap();
    }

    private static Outcome outcome(Map<String, AttributeValue> m) {
        var greeting = map(m, Attr.GREETING);
        Greeting kept = greeting == null ? null
                : new Greeting(str(greeting, Attr.PARTICIPANT_ID), str(greeting, Attr.TEXT));
        return new Outcome(ConversationStatus.fromWire(str(m, Attr.STATUS)), str(m, Attr.QUEUE_ID),
                map(m, Attr.ASSIGNEE) == null ? null : assignee(map(m, Attr.ASSIGNEE)),
                integerOrNull(m, Attr.POSITION), kept, delivery(m, kept),
                m.get(Attr.SEQUENCE) == null ? null : num(m, Attr.SEQUENCE, 0));
    }

    /** Records written before 0.2.0 kept only a failure flag: a greeting then meant the calls were delivered. */
    private static BotDelivery delivery(Map<String, AttributeValue> outcome, Greeting greeting) {
        String delivery = str(outcome, Attr.DELIVERY);
        if (delivery != null) {
            return BotDelivery.fromWire(delivery);
        }
        if (flag(outcome, Attr.DELIVERY_FAILED)) {
            return BotDelivery.FAILED;
        }
        return greeting != null ? BotDelivery.DELIVERED : null;
    }

    private static AttributeValue pending(PendingDelivery p) {
        return new Values.Item().putString(Attr.PARTICIPANT_ID, p.participantId())
                .putString(Attr.EVENT_KEY, p.eventKey())
                .putString(Attr.EVENT_ID, p.eventId())
                .putString(Attr.QUEUE_ID, p.queueId())
                .put(Attr.TRANSFERRED_FROM, p.transferredFrom() == null ? null : assignee(p.transferredFrom()))
                .put(Attr.OWED_SINCE, millis(p.owedSince()))
                .put(Attr.FIRST_REPLY, n(p.firstReply()))
                .asMap();
    }

    private static PendingDelivery pending(Map<String, AttributeValue> m) {
        var from = map(m, Attr.TRANSFERRED_FROM);
        return new PendingDelivery(str(m, Attr.PARTICIPANT_ID), str(m, Attr.EVENT_KEY), str(m, Attr.EVENT_ID),
                str(m, Attr.QUEUE_ID), from == null ? null : assignee(from), instant(m, Attr.OWED_SINCE),
                num(m, Attr.FIRST_REPLY, 0));
    }

    // ---- participants

    static Participant participant(Map<String, AttributeValue> item) {
        var unsettled = new LinkedHashMap<String, Claim>();
        var held = map(item, Attr.UNSETTLED);
        if (held != null) {
            held.forEach((conversationId, v) -> unsettled.put(conversationId, new Claim(
                    (int) num(v.m(), Attr.UNITS, 0), str(v.m(), Attr.CLAIM_TOKEN), instant(v.m(), Attr.CLAIMED_AT))));
        }
        var queues = new ArrayList<String>();
        list(item, Attr.QUEUES).forEach(v -> queues.add(v.s()));
        return new Participant(
                str(item, Attr.PARTICIPANT_ID),
                ParticipantKind.fromWire(str(item, Attr.KIND)),
                str(item, Attr.NAME),
                (int) num(item, Attr.CAPACITY, 0),
                (int) num(item, Attr.LOAD, 0),
                queues,
                Presence.fromWire(str(item, Attr.PRESENCE)),
                webhook(item),
                unsettled,
                instant(item, Attr.LAST_ASSIGNED_AT),
                num(item, Attr.REVISION, 0),
                instant(item, Attr.LAST_RELEASED_AT),
                skills(item, Attr.SKILLS),
                (int) num(item, Attr.MISSED_OFFERS, 0));
    }

    /** Skills stored as a map of name to level; none when the attribute is absent. */
    static Skills skills(Map<String, AttributeValue> item, String name) {
        var stored = map(item, name);
        if (stored == null || stored.isEmpty()) {
            return Skills.NONE;
        }
        var levels = new java.util.TreeMap<String, Integer>();
        stored.forEach((skill, level) -> levels.put(skill, Integer.parseInt(level.n())));
        return new Skills(levels);
    }

    /** Skills as stored: a map of name to level. */
    static AttributeValue skills(Skills skills) {
        var levels = new java.util.TreeMap<String, AttributeValue>();
        skills.levels().forEach((skill, level) -> levels.put(skill, n(level)));
        return m(levels);
    }

    /** The webhook stored on a participant's or a channel's item; null when it has none. */
    private static Webhook webhook(Map<String, AttributeValue> item) {
        String url = str(item, Attr.WEBHOOK_URL);
        return url == null ? null : new Webhook(url, str(item, Attr.WEBHOOK_SECRET));
    }

    static AttributeValue claim(Claim claim) {
        return new Values.Item().put(Attr.UNITS, n(claim.units()))
                .putString(Attr.CLAIM_TOKEN, claim.token())
                .put(Attr.CLAIMED_AT, millis(claim.claimedAt()))
                .asMap();
    }

    static List<AttributeValue> strings(List<String> values) {
        return values.stream().map(Values::s).toList();
    }

    // ---- queues

    static Queue queue(Map<String, AttributeValue> item) {
        return new Queue(str(item, Attr.QUEUE_ID), str(item, Attr.NAME),
                (int) num(item, Attr.UNITS_PER_CONVERSATION, 1),
                (int) num(item, Attr.PRIORITY, Queue.DEFAULT_PRIORITY),
                Values.decimal(item, Attr.AGING_PER_MINUTE, Queue.DEFAULT_AGING_PER_MINUTE),
                str(item, Attr.ASSIGNMENT) == null ? AssignmentMethod.HIGHEST_CAPACITY
                        : AssignmentMethod.fromWire(str(item, Attr.ASSIGNMENT)),
                map(item, Attr.HOURS) == null ? null : hours(map(item, Attr.HOURS)),
                list(item, Attr.OVERFLOW).stream().map(v -> overflowRule(v.m())).toList(),
                list(item, Attr.SKILL_RELAXATION).stream().map(v -> relaxationStep(v.m())).toList(),
                (int) num(item, Attr.WRAP_UP_SECONDS, 0),
                item.containsKey(Attr.OFFER_TIMEOUT) ? new OfferPolicy((int) num(item, Attr.OFFER_TIMEOUT, 0),
                        (int) num(item, Attr.DECLINE_LIMIT, 0)) : null,
                list(item, Attr.INDEXED_SKILLS).stream().map(AttributeValue::s).toList());
    }

    static AttributeValue hours(OpeningHours hours) {
        return new Values.Item().putString(Attr.TIME_ZONE, hours.timeZone().getId())
                .put(Attr.WEEKLY, l(hours.weekly().stream().map(o -> new Values.Item()
                        .putString(Attr.DAY, o.day().name()).put(Attr.OPEN, n(o.openMinute()))
                        .put(Attr.CLOSE, n(o.closeMinute())).asMap()).toList()))
                .put(Attr.CLOSED_DATES, l(hours.closedDates().stream().sorted().map(d -> s(d.toString())).toList()))
                .asMap();
    }

    private static OpeningHours hours(Map<String, AttributeValue> m) {
        return new OpeningHours(java.time.ZoneId.of(str(m, Attr.TIME_ZONE)),
                list(m, Attr.WEEKLY).stream().map(v -> new OpeningHours.Opening(
                        java.time.DayOfWeek.valueOf(str(v.m(), Attr.DAY)), (int) num(v.m(), Attr.OPEN, 0),
                        (int) num(v.m(), Attr.CLOSE, 0))).toList(),
                list(m, Attr.CLOSED_DATES).stream().map(v -> java.time.LocalDate.parse(v.s()))
                        .collect(java.util.stream.Collectors.toSet()));
    }

    /**
     * Each rule as a map: {@code when} (its kind) with {@code count}, and {@code then} (its kind) with {@code target}
     * or {@code message}.
     */
    static AttributeValue skillRelaxation(List<RelaxationStep> steps) {
        return l(steps.stream().map(step -> new Values.Item()
                .put(Attr.AFTER_SECONDS, n(step.afterSeconds()))
                .put(Attr.LOWER_BY, step.lowerBy() == 0 ? null : n(step.lowerBy()))
                .put(Attr.DROP, step.drop().isEmpty() ? null : l(step.drop().stream().sorted().map(Values::s).toList()))
                .put(Attr.DROP_ALL, step.dropAll() ? Values.bool(true) : null)
                .asMap()).toList());
    }

    private static RelaxationStep relaxationStep(Map<String, AttributeValue> m) {
        return new RelaxationStep((int) num(m, Attr.AFTER_SECONDS, 0), (int) num(m, Attr.LOWER_BY, 0),
                list(m, Attr.DROP).stream().map(AttributeValue::s).collect(java.util.stream.Collectors.toSet()),
                Values.flag(m, Attr.DROP_ALL));
    }

    static AttributeValue overflow(List<OverflowRule> rules) {
        return l(rules.stream().map(rule -> {
            var item = new Values.Item();
            if (rule.when() instanceof OverflowRule.MaxWaiting max) {
                item.putString(Attr.WHEN, "maxWaiting").put(Attr.COUNT, n(max.count()));
            } else if (rule.when() instanceof OverflowRule.MaxWaitSeconds max) {
                item.putString(Attr.WHEN, "maxWaitSeconds").put(Attr.COUNT, n(max.seconds()));
            } else {
                item.putString(Attr.WHEN, "closed");
            }
            if (rule.then() instanceof OverflowRule.TransferToQueue to) {
                item.putString(Attr.THEN, "transferToQueue").putString(Attr.TARGET, to.queueId());
            } else if (rule.then() instanceof OverflowRule.TransferToBot bot) {
                item.putString(Attr.THEN, "transferToBot").putString(Attr.TARGET, bot.queueId());
            } else {
                item.putString(Attr.THEN, "end").putString(Attr.MESSAGE, ((OverflowRule.End) rule.then()).message());
            }
            return item.asMap();
        }).toList());
    }

    private static OverflowRule overflowRule(Map<String, AttributeValue> m) {
        OverflowRule.When when = switch (str(m, Attr.WHEN)) {
            case "maxWaiting" -> new OverflowRule.MaxWaiting((int) num(m, Attr.COUNT, 0));
            case "maxWaitSeconds" -> new OverflowRule.MaxWaitSeconds((int) num(m, Attr.COUNT, 0));
            default -> new OverflowRule.Closed();
        };
        OverflowRule.Then then = switch (str(m, Attr.THEN)) {
            case "transferToQueue" -> new OverflowRule.TransferToQueue(str(m, Attr.TARGET));
            case "transferToBot" -> new OverflowRule.TransferToBot(str(m, Attr.TARGET));
            default -> new OverflowRule.End(str(m, Attr.MESSAGE));
        };
        return new OverflowRule(when, then);
    }

    // ---- channels

    static Map<String, AttributeValue> channelItem(Channel channel) {
        return new Values.Item().putString(Attr.CHANNEL_ID, channel.id())
                .putString(Attr.WEBHOOK_URL, channel.webhook().url())
                .putString(Attr.WEBHOOK_SECRET, channel.webhook().secret())
                .build();
    }

    static Channel channel(Map<String, AttributeValue> item) {
        return new Channel(str(item, Attr.CHANNEL_ID), webhook(item));
    }

    static Map<String, AttributeValue> key(String name, String value) {
        return Map.of(name, s(value));
    }
}
