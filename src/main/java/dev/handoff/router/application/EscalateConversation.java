package dev.handoff.router.application;

import java.util.Optional;
import java.util.Set;

import dev.handoff.router.application.Answers.RoutingAnswer;
import dev.handoff.router.application.Claims.Claimed;
import dev.handoff.router.application.Commands.Escalate;
import dev.handoff.router.domain.Assignee;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.Queue;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code conversation.escalate}: the holder asks for a representative. One with room takes over at once (the bot is
 * disconnected and its capacity released), or the conversation waits for one while the bot keeps it (with a ticket
 * of the target queue's line). Its DynamoDB calls, one by one, are in the README's Architecture section.
 */
@ApplicationScoped
public class EscalateConversation {
    private final ConversationSteps steps;
    private final TargetQueues targets;
    private final Claims claims;
    private final HandOuts handOuts;
    private final EventAnswers answers;
    private final Lines lines;

    public EscalateConversation(ConversationSteps steps, TargetQueues targets, Claims claims, HandOuts handOuts,
            EventAnswers answers, Lines lines) {
        this.lines = lines;
        this.steps = steps;
        this.targets = targets;
        this.claims = claims;
        this.handOuts = handOuts;
        this.answers = answers;
    }

    public RoutingAnswer handle(EventContext event, Escalate command) {
        var tickets = lines.book();
        return steps.run(event, command.conversationId(), conversation -> {
            ConversationSteps.requireHeldBy(conversation, command.requestedBy());
            Queue target = targets.resolve(command.targetQueueId(), conversation);
            Set<String> excluded = Set.of(command.requestedBy());
            Optional<Claimed> claimed = claims.claimBest(target,
                    new Claims.Need(KindNeeded.REPRESENTATIVE, command.requiredSkills()), excluded, null,
                    conversation.id(), event.key(), event.now());

            Conversation next = conversation.withContext(command.context()).withPriority(command.priority())
                    .withRequiredSkills(command.requiredSkills())
                    .handedOn("escalated", target.id(), claimed.map(by -> by.participant().id()).orElse(null),
                            event.now(), event.eventId());
            Assignee released = null;
            if (claimed.isPresent()) {
                next = next.assignTo(claimed.get().assignee(), target.id(), event.now(), event.eventId(),
                        event.key());
                released = conversation.assignee();
            } else {
                next = next.waitFor(KindNeeded.REPRESENTATIVE, target, event.now(), event.eventId(),
                        tickets.ticket(target.id(), KindNeeded.REPRESENTATIVE, next.priority(), event.now()));
            }
            var committed = steps.commit(event, next, released, claimed);
            Conversation stored = committed.conversation();
            if (committed.release().isPresent()) {
                handOuts.releaseAndFill(committed.release().get(), event.key(), event.eventId(), event.now());
            } else {
                stored = handOuts.offer(stored, target, excluded, event.key(), event.eventId(), event.now());
            }
            return answers.answer(event, stored, false);
        });
    }
}
