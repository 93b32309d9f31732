package dev.handoff.router.application;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.handoff.router.application.Answers.RoutingAnswer;
import dev.handoff.router.application.Claims.Claimed;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ErrorCode;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.Rejection;
import dev.handoff.router.domain.Subject;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code conversation.transfer-to-bot}: the holder (a representative) hands the conversation to a bot of the target
 * queue that has not served it yet (or to the one the event names). The representative is disconnected and released,
 * then the bot gets its webhook calls. No bot with room: rejected {@code no_bot_available}, nothing changes; or, when
 * the event asks to wait for one ({@code waitForBot}), it waits in the target queue's line for a bot, the
 * representative keeping it meanwhile as a bot keeps an escalation (a bot that frees room takes it then, never one that
 * served it). Happy path: six DynamoDB calls, as for an escalation, plus one to record the bot's greeting.
 */
@ApplicationScoped
public class TransferToBot {
    private final ConversationSteps steps;
    private final TargetQueues targets;
    private final Claims claims;
    private final HandOuts handOuts;
    private final BotDeliveries deliveries;
    private final EventAnswers answers;
    private final Lines lines;
    private final Swaps swaps;

    public TransferToBot(ConversationSteps steps, TargetQueues targets, Claims claims, HandOuts handOuts,
            BotDeliveries deliveries, EventAnswers answers, Lines lines, Swaps swaps) {
        this.lines = lines;
        this.swaps = swaps;
        this.steps = steps;
        this.targets = targets;
        this.claims = claims;
        this.handOuts = handOuts;
        this.deliveries = deliveries;
        this.answers = answers;
    }

    public RoutingAnswer handle(EventContext event, Commands.TransferToBot command) {
        var tickets = lines.book();
        return swaps.retried(event, steps.run(event, command.conversationId(), conversation -> {
            ConversationSteps.requireHeldBy(conversation, command.requestedBy());
            Queue target = targets.resolve(command.targetQueueId(), conversation);
            String named = command.targetParticipantId();
            Set<String> excluded = new HashSet<>(Set.of(command.requestedBy()));
            if (named == null) {
                excluded.addAll(conversation.servedBy()); // never back to a bot that served it, unless named
            }
            var required = command.requiredSkills();
            String ofSkills = required.isEmpty() ? "" : " with the required skills";
            Optional<Claimed> found = claims.claimBest(target, new Claims.Need(KindNeeded.BOT, required), excluded,
                    named, conversation.id(), event.key(), event.now());
            if (found.isEmpty() && command.waitForBot()) {
                return waitForBot(event, conversation, command, target, Set.copyOf(excluded), tickets);
            }
            Claimed claimed = found
                    .orElseThrow(() -> named != null
                            ? new Rejection(ErrorCode.NO_BOT_AVAILABLE, Subject.TARGET_PARTICIPANT,
                                    "that bot is not in the target queue, not available, full or without the"
                                            + " required skills")
                            : new Rejection(ErrorCode.NO_BOT_AVAILABLE, null, "no bot of the target queue"
                                    + ofSkills + " that has not served this conversation is available"));

            var released = conversation.assignee();
            Conversation next = conversation.withContext(command.context()).withPriority(command.priority())
                    .withRequiredSkills(required)
                    .handedOn("transferred", target.id(), claimed.participant().id(), event.now(), event.eventId())
                    .assignTo(claimed.assignee(), target.id(), event.now(), event.eventId(), event.key());
            var committed = steps.commit(event, next, released, Optional.of(claimed));
            Conversation stored = committed.conversation();
            var freed = committed.release().flatMap(claims::release);
            stored = deliveries.deliverOwed(stored, claimed.participant());
            freed.ifPresent(rep -> handOuts.fill(List.of(rep), event.key(), event.eventId(), event.now()));
            return answers.answer(event, stored, false);
        }));
    }

    /**
     * No bot can take it now: it waits in the target queue's line for a bot, the representative keeping it; then it is
     * offered once more (a bot freed between the look and this write would not have seen it), and, still waiting,
     * swapped with an escalation whose bot may take it while the representative takes that one ({@link Swaps}).
     */
    private RoutingAnswer waitForBot(EventContext event, Conversation conversation, Commands.TransferToBot command,
            Queue target, Set<String> excluded, Lines.TicketBook tickets) {
        Conversation asked = conversation.withContext(command.context()).withPriority(command.priority())
                .withRequiredSkills(command.requiredSkills())
                .handedOn("transferred", target.id(), null, event.now(), event.eventId());
        Conversation next = asked.waitFor(KindNeeded.BOT, target, event.now(), event.eventId(),
                tickets.ticket(target.id(), KindNeeded.BOT, asked.priority(), event.now()));
        var committed = steps.commit(event, next, null, Optional.empty());
        Conversation stored = handOuts.offer(committed.conversation(), target, excluded, event.key(),
                event.eventId(), event.now());
        stored = swaps.tryWith(stored, event.key(), event.eventId(), event.now());
        return answers.answer(event, stored, false);
    }
}
