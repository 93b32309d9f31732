package dev.handoff.router.application;

import dev.handoff.router.application.Answers.Answer;
import dev.handoff.router.application.Answers.ConversationView;
import dev.handoff.router.application.Commands.ChangePresence;
import dev.handoff.router.application.Commands.Command;
import dev.handoff.router.application.Commands.End;
import dev.handoff.router.application.Commands.Escalate;
import dev.handoff.router.application.Commands.GetConversation;
import dev.handoff.router.application.Commands.Start;
import dev.handoff.router.application.Commands.UpsertParticipant;
import dev.handoff.router.application.Commands.UpsertQueue;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.ErrorCode;
import dev.handoff.router.domain.Rejection;
import jakarta.enterprise.context.ApplicationScoped;

/** Hands each decoded event to its use case. */
@ApplicationScoped
public class Router {
    private final StartConversation start;
    private final EscalateConversation escalate;
    private final TransferToBot transfer;
    private final EndConversation end;
    private final Administration admin;
    private final ConversationStore conversations;

    public Router(StartConversation start, EscalateConversation escalate, TransferToBot transfer,
            EndConversation end, Administration admin, ConversationStore conversations) {
        this.start = start;
        this.escalate = escalate;
        this.transfer = transfer;
        this.end = end;
        this.admin = admin;
        this.conversations = conversations;
    }

    /** @throws Rejection for a request the state does not allow; the caller answers it */
    public Answer handle(EventContext event, Command command) {
        if (command instanceof Start c) {
            return start.handle(event, c);
        } else if (command instanceof Escalate c) {
            return escalate.handle(event, c);
        } else if (command instanceof Commands.TransferToBot c) {
            return transfer.handle(event, c);
        } else if (command instanceof End c) {
            return end.handle(event, c);
        } else if (command instanceof UpsertQueue c) {
            return admin.upsertQueue(event, c);
        } else if (command instanceof UpsertParticipant c) {
            return admin.upsertParticipant(event, c);
        } else if (command instanceof ChangePresence c) {
            return admin.changePresence(event, c);
        } else if (command instanceof GetConversation c) {
            return conversations.find(c.conversationId())
                    .map(found -> ConversationView.of(event.eventId(), found))
                    .orElseThrow(() -> new Rejection(ErrorCode.NOT_FOUND,
                            "data.conversationId: no conversation has this id"));
        }
        throw new IllegalArgumentException("no use case for " + command.getClass().getSimpleName());
    }
}
