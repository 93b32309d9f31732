package dev.handoff.router.application;

import java.util.Optional;

import dev.handoff.router.application.Answers.RoutingAnswer;
import dev.handoff.router.application.Commands.End;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ErrorCode;
import dev.handoff.router.domain.Rejection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code conversation.end}: by the assignee or the customer. Releases the holder's capacity and hands it to the
 * longest-waiting conversation of its queues. Happy path: three DynamoDB calls (read, write, release).
 */
@ApplicationScoped
public class EndConversation {
    private final ConversationEvents frame;
    private final HandOuts handOuts;
    private final Repeats repeats;

    public EndConversation(ConversationEvents frame, HandOuts handOuts, Repeats repeats) {
        this.frame = frame;
        this.handOuts = handOuts;
        this.repeats = repeats;
    }

    public RoutingAnswer handle(EventContext event, End command) {
        return frame.handle(event, command.conversationId(), conversation -> {
            if (conversation.isEnded()) {
                throw new Rejection(ErrorCode.INVALID_STATE, "data.conversationId: the conversation has ended");
            }
            boolean byCustomer = command.requestedBy().equals(conversation.customer().id());
            if (!byCustomer && !conversation.isHeldBy(command.requestedBy())) {
                throw new Rejection(ErrorCode.NOT_ASSIGNEE,
                        "data.requestedBy: only the assignee or the customer may end the conversation");
            }
            var released = conversation.assignee();
            Conversation next = conversation.end(command.requestedBy(), event.now(), event.eventId());
            Conversation stored = frame.commit(event, next, released, Optional.empty());
            if (released != null) {
                handOuts.releaseAndFill(released, conversation.id(), event.key(), event.eventId(), event.now());
            }
            return repeats.answer(event, stored, false);
        });
    }
}
