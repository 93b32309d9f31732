package dev.handoff.router.application;

import java.util.Optional;

import dev.handoff.router.application.Answers.RoutingAnswer;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ConversationStatus;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.ErrorCode;
import dev.handoff.router.domain.EventRecord;
import dev.handoff.router.domain.Outcome;
import dev.handoff.router.domain.Rejection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Recognises a repeat of an event by the record it left on its conversation, answers it as the first time with
 * {@code duplicate: true}, and finishes what the first delivery may have left undone (the bot's webhook calls, the
 * release of the disconnected holder): each of those steps is a no-op when already done.
 */
@ApplicationScoped
public class Repeats {
    private final ConversationStore conversations;
    private final BotDeliveries deliveries;
    private final HandOuts handOuts;

    public Repeats(ConversationStore conversations, BotDeliveries deliveries, HandOuts handOuts) {
        this.conversations = conversations;
        this.deliveries = deliveries;
        this.handOuts = handOuts;
    }

    /** The record of this event on the conversation, if it is a repeat within the remembered window. */
    public Optional<EventRecord> recordOf(EventContext event, Conversation conversation) {
        EventRecord record = conversation.events().get(event.key());
        if (record == null || !record.remembered(event.now())) {
            return Optional.empty();
        }
        if (!record.bodyHash().equals(event.bodyHash())) {
            throw new Rejection(ErrorCode.ID_REUSED,
                    "id: this source and id were already used by an event with another body");
        }
        return Optional.of(record);
    }

    /** Answers a repeat, after finishing the first delivery's leftovers. */
    public RoutingAnswer answerRepeat(EventContext event, Conversation conversation, EventRecord record) {
        Conversation current = conversation;
        if (current.pendingDelivery() != null && current.pendingDelivery().eventKey().equals(event.key())) {
            current = deliveries.deliverOwed(current, null);
            record = current.events().getOrDefault(event.key(), record);
        }
        if (record.released() != null) {
            handOuts.releaseAndFill(record.released(), current.id(), event.key(), event.eventId(), event.now());
        }
        return answer(event, current, record.outcome(), true);
    }

    /** The answer to an event from its recorded outcome; a waiting conversation's position is read now. */
    public RoutingAnswer answer(EventContext event, Conversation conversation, boolean duplicate) {
        return answer(event, conversation, conversation.events().get(event.key()).outcome(), duplicate);
    }

    private RoutingAnswer answer(EventContext event, Conversation conversation, Outcome outcome, boolean duplicate) {
        Integer position = null;
        if (outcome.status() == ConversationStatus.WAITING
                && conversation.status() == ConversationStatus.WAITING) {
            position = conversations.position(conversation);
        }
        return RoutingAnswer.of(event.eventId(), conversation.id(), outcome, position, duplicate);
    }
}
