package dev.handoff.router.application;

import dev.handoff.router.application.Answers.Answer;
import dev.handoff.router.application.Commands.Command;
import dev.handoff.router.domain.Rejection;
import jakarta.enterprise.context.ApplicationScoped;

/** Hands each decoded event to its use case: the command names it ({@link Command#runWith}). */
@ApplicationScoped
public class Router {
    final StartConversation start;
    final EscalateConversation escalate;
    final TransferToBot transfer;
    final EndConversation end;
    final Administration admin;
    final Queries queries;
    final ConversationMessages messages;
    final WrapUps wrapUps;
    final Offers offers;

    public Router(StartConversation start, EscalateConversation escalate, TransferToBot transfer,
            EndConversation end, Administration admin, Queries queries, ConversationMessages messages,
            WrapUps wrapUps, Offers offers) {
        this.offers = offers;
        this.wrapUps = wrapUps;
        this.start = start;
        this.escalate = escalate;
        this.transfer = transfer;
        this.end = end;
        this.admin = admin;
        this.queries = queries;
        this.messages = messages;
    }

    /** @throws Rejection for a request the state does not allow; the caller answers it */
    public Answer handle(EventContext event, Command command) {
        return command.runWith(this, event);
    }
}
