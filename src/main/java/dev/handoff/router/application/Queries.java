package dev.handoff.router.application;

import java.util.Comparator;
import java.util.Map;

import dev.handoff.router.application.Answers.ConversationView;
import dev.handoff.router.application.Answers.Held;
import dev.handoff.router.application.Answers.ParticipantAnswer;
import dev.handoff.router.application.Answers.TranscriptAnswer;
import dev.handoff.router.application.Commands.GetConversation;
import dev.handoff.router.application.Commands.GetParticipant;
import dev.handoff.router.application.Commands.GetTranscript;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.ParticipantStore;
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
    private final ParticipantStore participants;

    public Queries(ConversationStore conversations, TranscriptStore transcripts, ParticipantStore participants) {
        this.conversations = conversations;
        this.transcripts = transcripts;
        this.participants = participants;
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

    /**
     * {@code participant.get}: one strongly consistent read of the participant, whose item holds its conversations;
     * a page of them in the order of their ids, after {@code after}.
     */
    public ParticipantAnswer participant(EventContext event, GetParticipant command) {
        var found = participants.find(command.participantId()).orElseThrow(Rejection::noSuchParticipant);
        var following = found.assignments().entrySet().stream()
                .filter(held -> command.after() == null || held.getKey().compareTo(command.after()) > 0)
                .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .limit(command.limit() + 1L)
                .map(held -> new Held(held.getKey(), held.getValue().units(), held.getValue().claimedAt()))
                .toList();
        var page = following.subList(0, Math.min(command.limit(), following.size()));
        String after = following.size() > command.limit() ? page.get(page.size() - 1).conversationId() : null;
        return ParticipantAnswer.ok(event.eventId(), found, page, after);
    }
}
