package dev.handoff.router.application;

import dev.handoff.router.application.Answers.ConversationView;
import dev.handoff.router.application.Answers.TranscriptAnswer;
import dev.handoff.router.application.Commands.GetConversation;
import dev.handoff.router.application.Commands.GetTranscript;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.Rejection;
import dev.handoff.router.domain.TranscriptStore;
import jakarta.enterprise.context.ApplicationScoped;

/** The read-only events: they answer state and change nothing. */
@ApplicationScoped
public class Queries {
    /** How many messages {@code conversation.get} shows: the first page of the transcript. */
    static final int VIEW_MESSAGES = 50;

    private final ConversationStore conversations;
    private final TranscriptStore transcripts;

    public Queries(ConversationStore conversations, TranscriptStore transcripts) {
        this.conversations = conversations;
        this.transcripts = transcripts;
    }

    /** {@code conversation.get}: one strongly consistent read, and the first page of the transcript. */
    public ConversationView conversation(EventContext event, GetConversation command) {
        var found = conversations.find(command.conversationId()).orElseThrow(Rejection::noSuchConversation);
        var messages = transcripts.page(found.id(), 0, VIEW_MESSAGES).messages();
        return ConversationView.of(event.eventId(), found, messages);
    }

    /** {@code conversation.transcript}: one page; an unknown conversation is {@code not_found}. */
    public TranscriptAnswer transcript(EventContext event, GetTranscript command) {
        var page = transcripts.page(command.conversationId(), command.after(), command.limit());
        if (page.messages().isEmpty() && conversations.find(command.conversationId()).isEmpty()) {
            throw Rejection.noSuchConversation();
        }
        return TranscriptAnswer.ok(event.eventId(), command.conversationId(), page.messages(), page.nextAfter());
    }
}
