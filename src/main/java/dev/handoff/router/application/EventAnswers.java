package dev.handoff.router.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.handoff.router.application.Answers.RoutingAnswer;
import dev.handoff.router.config.RouterConfig;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ConversationStatus;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.EventRecord;
import dev.handoff.router.domain.Metrics;
import dev.handoff.router.domain.Outcome;
import dev.handoff.router.domain.Rejection;
import dev.handoff.router.domain.Timers;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Answers the events on a conversation. A first delivery is answered from the outcome its step recorded; a repeat is
 * recognised by that record, answered as the first time with {@code duplicate: true}, after finishing what the first
 * delivery may have left undone (the bot's webhook calls, the release of the disconnected holder): each of those
 * steps is a no-op when already done.
 */
@ApplicationScoped
public class EventAnswers {
    /** How often a repeat looks whether the first delivery of its event has finished the bot's calls. */
    private static final Duration POLL = Duration.ofMillis(50);
    /** The longest a repeat waits for that before it is thrown back to be retried later. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private final ConversationStore conversations;
    private final BotDeliveries deliveries;
    private final HandOuts handOuts;
    private final OwedNotices notices;
    private final Metrics metrics;
    private final Duration deliveryLease;
    private final Clock clock;
    private final Lines lines;
    private final Timers timers;

    public EventAnswers(ConversationStore conversations, BotDeliveries deliveries, HandOuts handOuts,
            OwedNotices notices, RouterConfig config, Metrics metrics, Clock clock, Lines lines, Timers timers) {
        this.timers = timers;
        this.lines = lines;
        this.metrics = metrics;
        this.conversations = conversations;
        this.deliveries = deliveries;
        this.handOuts = handOuts;
        this.notices = notices;
        this.deliveryLease = config.saga().lease();
        this.clock = clock;
    }

    /** The record of this event on the conversation, if it is a repeat within the remembered window. */
    public Optional<EventRecord> recordOf(EventContext event, Conversation conversation) {
        EventRecord record = conversation.events().get(event.key());
        if (record == null || !record.remembered(event.now())) {
            return Optional.empty();
        }
        if (!record.bodyHash().equals(event.bodyHash())) {
            throw Rejection.idReused();
        }
        return Optional.of(record);
    }

    /**
     * Answers a repeat, after finishing the first delivery's leftovers. While the first delivery may still be making
     * the bot's calls (within the delivery lease) the repeat waits for it, so the bot gets one set of calls and both
     * answers carry the greeting; past the lease the first is presumed dead and the repeat makes the calls itself,
     * with the same webhook ids.
     *
     * @throws InProgress when the first delivery is still working after the longest wait: retry the event later
     */
    public RoutingAnswer answerRepeat(EventContext event, Conversation conversation, EventRecord record) {
        Conversation current = awaitOwnDelivery(event, conversation);
        if (owesFor(current, event)) {
            current = deliveries.deliverOwed(current, null);
        }
        record = current.events().getOrDefault(event.key(), record);
        if (record.released() != null) {
            handOuts.releaseAndFill(record.released(), current.id(), event.key(), event.eventId(), event.now());
        }
        return answer(event, current, record.outcome(), true);
    }

    private Conversation awaitOwnDelivery(EventContext event, Conversation conversation) {
        Conversation current = conversation;
        Instant waitUntil = clock.instant().plus(MAX_WAIT);
        while (owesFor(current, event) && !current.pendingDelivery().abandoned(clock.instant(), deliveryLease)) {
            if (clock.instant().isAfter(waitUntil)) {
                throw new InProgress("event " + event.eventId() + " is still being delivered; retry later");
            }
            try {
                Thread.sleep(POLL.toMillis()); // waiting for another invocation's webhook calls, which take time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InProgress("interrupted while waiting for the first delivery of event " + event.eventId());
            }
            current = conversations.find(conversation.id()).orElse(current);
        }
        return current;
    }

    private static boolean owesFor(Conversation conversation, EventContext event) {
        return conversation.pendingDelivery() != null && conversation.pendingDelivery().eventKey().equals(event.key());
    }

    /**
     * The answer to an event from its recorded outcome; a waiting conversation's position is read now. What the step
     * (or an earlier one) owes the customer's channel and desks is posted first, so that they hear of it before the
     * event is answered.
     */
    public RoutingAnswer answer(EventContext event, Conversation conversation, boolean duplicate) {
        return answer(event, conversation, conversation.events().get(event.key()).outcome(), duplicate);
    }

    private RoutingAnswer answer(EventContext event, Conversation conversation, Outcome outcome, boolean duplicate) {
        Lines.Place place = null;
        boolean offered = outcome.status() == ConversationStatus.WAITING && conversation.offer() != null;
        if (outcome.status() == ConversationStatus.WAITING
                && conversation.status() == ConversationStatus.WAITING && !offered) { // offered: out of its line
            place = lines.place(conversation, clock.instant());
            if (!duplicate) {
                // It joined its line in this step: its place is the line's length, known without another read.
                metrics.joinedLine(conversation.queueId(), conversation.waitingFor(), place.position());
            }
        }
        if (!duplicate) {
            // A wait that falls due by its queue's rules, or a wrap-up, begun in this step: a timer for when (lost in a
            // crash before this line, the sweeper makes it up from the store).
            conversation.timersFrom(event.now()).forEach(at -> timers.set(conversation.id(), at));
        }
        notices.post(conversation, place);
        var answer = RoutingAnswer.of(event.eventId(), conversation.id(), outcome, place, duplicate);
        return offered ? answer.offered(conversation.offer()) : answer;
    }
}
