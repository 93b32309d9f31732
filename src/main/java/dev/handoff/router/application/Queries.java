package dev.handoff.router.application;

import dev.handoff.router.application.Answers.ConversationView;
import dev.handoff.router.application.Commands.GetConversation;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.Rejection;
import jakarta.enterprise.context.ApplicationScoped;

/** The read-only events: they answer state and change nothing. */
@ApplicationScoped
public class Queries {
    private final ConversationStore conversations;

    public Queries(ConversationStore conversations) {
        this.conversations = conversations;
    }

    /** {@code conversation.get}: one strongly consistent read. */
    public ConversationView conversation(EventContext event, GetConversation command) {
        return conversations.find(command.conversationId())
                .map(found -> ConversationView.of(event.eventId(), found))
                .orElseThrow(Rejection::noSuchConversation);
    }
}
