package dev.handoff.router.application;

import java.util.Optional;

import dev.handoff.router.application.Answers.RoutingAnswer;
import dev.handoff.router.application.Commands.End;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.ErrorCode;
import dev.handoff.router.domain.Rejection;
import dev.handoff.router.domain.Subject;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code conversation.end}: by the assignee or the customer. Releases the holder's capacity and hands it to the
 * longest-waiting conversation of its queues (looking only at lines where someone waits). On the happy path: read,
 * mark the release, write, then the release's two writes and its mirror.
 */
@ApplicationScoped
public class EndConversation {
    private final ConversationSteps steps;
    private final HandOuts handOuts;
    private final EventAnswers answers;
    private final Lines lines;
    private final Claims claims;

    public EndConversation(ConversationSteps steps, HandOuts handOuts, EventAnswers answers, Lines lines,
            Claims claims) {
        this.claims = claims;
        this.lines = lines;
        this.steps = steps;
        this.handOuts = handOuts;
        this.answers = answers;
    }

    public RoutingAnswer handle(EventContext event, End command) {
        return steps.run(event, command.conversationId(), conversation -> {
            if (conversation.isEnded()) {
                throw Rejection.conversationEnded();
            }
            boolean byCustomer = command.requestedBy().equals(conversation.customer().id());
            if (!byCustomer && !conversation.isHeldBy(command.requestedBy())) {
                throw new Rejection(ErrorCode.NOT_ASSIGNEE, Subject.REQUESTER,
                        "only the assignee or the customer may end the conversation");
            }
            var released = conversation.assignee();
            Conversation next = conversation.end(command.requestedBy(), event.now(), event.eventId());
            // The representative it was offered to holds a claim for it too: its release marked as the holder's is.
            var offerRelease = Optional.ofNullable(conversation.offer())
                    .map(offer -> claims.intendRelease(offer.holder(), conversation.id()));
            ConversationSteps.Committed committed;
            try {
                committed = steps.commit(event, next, released, Optional.empty());
            } catch (ConversationStore.StaleWrite changed) {
                offerRelease.ifPresent(claims::dropRelease);
                throw changed;
            }
            Conversation stored = committed.conversation();
            lines.moved(conversation, stored, event.now());
            committed.release().ifPresent(
                    release -> handOuts.releaseAndFill(release, event.key(), event.eventId(), event.now()));
            offerRelease.ifPresent(
                    release -> handOuts.releaseAndFill(release, event.key(), event.eventId(), event.now()));
            return answers.answer(event, stored, false);
        });
    }
}
