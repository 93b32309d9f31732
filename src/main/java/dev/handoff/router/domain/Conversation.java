package dev.handoff.router.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A customer's conversation: where it is, who holds it, what happened to it. Immutable; every transition returns the
 * next state with its timeline entries, and the store writes it conditionally on {@link #version()}.
 *
 * @param version      0 for a conversation not stored yet; the store increments it on every write
 * @param assignee     who holds it; null when nobody does (new and waiting, or ended)
 * @param waitingFor   while {@link ConversationStatus#WAITING}: the kind of participant it waits for
 * @param waitingSince while waiting: when it joined the line (orders the line)
 * @param servedBy     every bot that has held it: a transfer back never returns it to one of them unless named
 * @param undeliverable bots whose webhook calls for it failed: a fallback never picks them again
 * @param events       the events that changed it, by event key (source + id), for duplicate detection
 * @param pendingDelivery webhook calls owed to the assignee bot; null when none
 */
public record Conversation(String id, long version, ConversationStatus status, String queueId, Customer customer,
        String channel, Map<String, Object> context, Instant createdAt, Assignee assignee, KindNeeded waitingFor,
        Instant waitingSince, Set<String> servedBy, Set<String> undeliverable, List<TimelineEntry> timeline,
        List<Message> messages, Map<String, EventRecord> events, PendingDelivery pendingDelivery) {

    /** Bounds that keep the item far below DynamoDB's 400 KB: older entries are dropped first. */
    public static final int TIMELINE_LIMIT = 200;
    public static final int MESSAGES_LIMIT = 50;
    public static final int EVENTS_LIMIT = 100;

    public Conversation {
        context = Collections.unmodifiableMap(new LinkedHashMap<>(context)); // keeps the order variables came in
        servedBy = Set.copyOf(servedBy);
        undeliverable = Set.copyOf(undeliverable);
        timeline = List.copyOf(timeline);
        messages = List.copyOf(messages);
        events = Map.copyOf(events);
    }

    /** A new conversation, not yet routed: the caller assigns it or makes it wait in the same write. */
    public static Conversation open(String id, String queueId, Customer customer, String channel,
            Map<String, Object> context, Instant now, String eventId) {
        var started = new TimelineEntry(now, "started", eventId, queueId, null, null);
        return new Conversation(id, 0, ConversationStatus.WAITING, queueId, customer, channel, context, now, null,
                null, null, Set.of(), Set.of(), List.of(started), List.of(), Map.of(), null);
    }

    /** This state as stored at {@code storedVersion}: what a store answers after a write. */
    public Conversation withVersion(long storedVersion) {
        return new Conversation(id, storedVersion, status, queueId, customer, channel, context, createdAt, assignee,
                waitingFor, waitingSince, servedBy, undeliverable, timeline, messages, events, pendingDelivery);
    }

    public boolean isEnded() {
        return status == ConversationStatus.ENDED;
    }

    public boolean isHeldBy(String participantId) {
        return assignee != null && assignee.participantId().equals(participantId);
    }

    /** Each event's context is merged over what the conversation carries (CONTRACT §1). */
    public Conversation withContext(Map<String, Object> more) {
        if (more == null || more.isEmpty()) {
            return this;
        }
        var merged = new LinkedHashMap<>(context);
        merged.putAll(more);
        return copy(status, queueId, merged, assignee, waitingFor, waitingSince, servedBy, timeline, messages, events,
                pendingDelivery);
    }

    /**
     * Hands the conversation to {@code next} in {@code queue}. A previous holder is disconnected in the same step
     * (its capacity is released by the caller after this state is stored). A bot is owed its webhook calls from here.
     *
     * @param deliveryKey the key of the event the bot's calls belong to; seeds their fixed webhook ids
     */
    public Conversation assignTo(Assignee next, String queue, Instant now, String eventId, String deliveryKey) {
        var entries = new ArrayList<>(timeline);
        entries.add(new TimelineEntry(now, "assigned", eventId, queue, next.participantId(), null));
        if (assignee != null && !assignee.participantId().equals(next.participantId())) {
            entries.add(new TimelineEntry(now, "disconnected", eventId, queueId, assignee.participantId(), null));
        }
        var served = servedBy;
        if (next.kind() == ParticipantKind.BOT) {
            var more = new LinkedHashSet<>(servedBy);
            more.add(next.participantId());
            served = more;
        }
        PendingDelivery owed = next.kind() == ParticipantKind.BOT
                ? new PendingDelivery(next.participantId(), deliveryKey, eventId, queue, assignee, now)
                : null;
        return copy(ConversationStatus.ASSIGNED, queue, context, next, null, null, served, entries, messages, events,
                owed);
    }

    /** Puts the conversation in {@code queue}'s line for a participant of kind {@code needed}; any holder keeps it. */
    public Conversation waitFor(KindNeeded needed, String queue, Instant now, String eventId) {
        var entries = new ArrayList<>(timeline);
        entries.add(new TimelineEntry(now, "waiting", eventId, queue, null, null));
        return copy(ConversationStatus.WAITING, queue, context, assignee, needed, now, servedBy, entries, messages,
                events, pendingDelivery);
    }

    /** Records a hand-on requested by the holder: an escalation or a transfer, before the new holder is found. */
    public Conversation handedOn(String event, String targetQueue, String to, Instant now, String eventId) {
        var entries = new ArrayList<>(timeline);
        entries.add(new TimelineEntry(now, event, eventId, targetQueue, to, assignee == null ? null
                : assignee.participantId()));
        return copy(status, queueId, context, assignee, waitingFor, waitingSince, servedBy, entries, messages, events,
                pendingDelivery);
    }

    public Conversation end(String requestedBy, Instant now, String eventId) {
        var entries = new ArrayList<>(timeline);
        entries.add(new TimelineEntry(now, "ended", eventId, queueId, requestedBy, null));
        if (assignee != null) {
            entries.add(new TimelineEntry(now, "disconnected", eventId, queueId, assignee.participantId(), null));
        }
        return copy(ConversationStatus.ENDED, queueId, context, null, null, null, servedBy, entries, messages, events,
                null);
    }

    /**
     * Records what the bot's webhook calls gave: its replies as messages, and {@code bot-notified} then
     * {@code greeted}, or {@code delivery-failed}. Clears the owed delivery.
     */
    public Conversation delivered(PendingDelivery delivery, List<String> replies, boolean failed, Instant now) {
        var entries = new ArrayList<>(timeline);
        var said = new ArrayList<>(messages);
        String bot = delivery.participantId();
        if (failed) {
            entries.add(new TimelineEntry(now, "delivery-failed", delivery.eventId(), delivery.queueId(), bot, null));
        } else {
            entries.add(new TimelineEntry(now, "bot-notified", delivery.eventId(), delivery.queueId(), bot, null));
            for (String reply : replies) {
                said.add(new Message(now, bot, reply));
            }
            if (!replies.isEmpty()) {
                entries.add(new TimelineEntry(now, "greeted", delivery.eventId(), delivery.queueId(), bot, null));
            }
        }
        return copy(status, queueId, context, assignee, waitingFor, waitingSince, servedBy, entries, said, events,
                null);
    }

    /**
     * The bot owed {@code failed} could not be told after all retries: the timeline says {@code delivery-failed}, the
     * bot is disconnected (its capacity is released by the caller) and never picked for this conversation again. The
     * caller then hands it to another bot ({@link #fallBackTo}) or lets it wait for one ({@link #waitForBot}).
     */
    public Conversation deliveryFailed(PendingDelivery failed, Instant now) {
        var entries = new ArrayList<>(timeline);
        String bot = failed.participantId();
        entries.add(new TimelineEntry(now, "delivery-failed", failed.eventId(), failed.queueId(), bot, null));
        if (isHeldBy(bot)) {
            entries.add(new TimelineEntry(now, "disconnected", failed.eventId(), queueId, bot, null));
        }
        var failedBots = new LinkedHashSet<>(undeliverable);
        failedBots.add(bot);
        return new Conversation(id, version, status, queueId, customer, channel, context, createdAt,
                isHeldBy(bot) ? null : assignee, waitingFor, waitingSince, servedBy, failedBots,
                last(entries, TIMELINE_LIMIT), messages, events, null);
    }

    /** After {@link #deliveryFailed}: the next bot, owed the calls of the same hand-on (same key, same origin). */
    public Conversation fallBackTo(Assignee next, PendingDelivery failed, Instant now) {
        Conversation assigned = assignTo(next, queueId, now, failed.eventId(), failed.eventKey());
        var owed = new PendingDelivery(next.participantId(), failed.eventKey(), failed.eventId(), queueId,
                failed.transferredFrom(), now);
        return assigned.copy(assigned.status, assigned.queueId, assigned.context, assigned.assignee, null, null,
                assigned.servedBy, assigned.timeline, assigned.messages, assigned.events, owed);
    }

    /** After {@link #deliveryFailed} with no other bot able to take it: it waits in its queue's line for a bot. */
    public Conversation waitForBot(PendingDelivery failed, Instant now) {
        return waitFor(KindNeeded.BOT, queueId, now, failed.eventId());
    }

    /** Remembers an event's effect under its key, dropping the oldest records beyond {@link #EVENTS_LIMIT}. */
    public Conversation remember(String eventKey, EventRecord record) {
        var kept = new LinkedHashMap<String, EventRecord>();
        events.entrySet().stream()
                .sorted(Comparator.comparing(e -> e.getValue().at()))
                .forEach(e -> kept.put(e.getKey(), e.getValue()));
        kept.remove(eventKey);
        while (kept.size() >= EVENTS_LIMIT) {
            kept.remove(kept.keySet().iterator().next());
        }
        kept.put(eventKey, record);
        return copy(status, queueId, context, assignee, waitingFor, waitingSince, servedBy, timeline, messages, kept,
                pendingDelivery);
    }

    /** What this state answers to the event that produced it. */
    public Outcome outcome(Integer position) {
        return new Outcome(status, queueId, assignee, status == ConversationStatus.WAITING ? position : null, null,
                false);
    }

    private Conversation copy(ConversationStatus newStatus, String newQueue, Map<String, Object> newContext,
            Assignee newAssignee, KindNeeded newWaitingFor, Instant newWaitingSince, Set<String> newServedBy,
            List<TimelineEntry> newTimeline, List<Message> newMessages, Map<String, EventRecord> newEvents,
            PendingDelivery newDelivery) {
        return new Conversation(id, version, newStatus, newQueue, customer, channel, newContext, createdAt,
                newAssignee, newWaitingFor, newWaitingSince, newServedBy, undeliverable,
                last(newTimeline, TIMELINE_LIMIT), last(newMessages, MESSAGES_LIMIT), newEvents, newDelivery);
    }

    private static <T> List<T> last(List<T> items, int limit) {
        return items.size() <= limit ? items : items.subList(items.size() - limit, items.size());
    }
}
