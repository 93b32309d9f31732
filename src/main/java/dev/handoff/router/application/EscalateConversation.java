package dev.handoff.router.application;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.handoff.router.application.Answers.RoutingAnswer;
import dev.handoff.router.application.Claims.Claimed;
import dev.handoff.router.application.Commands.Escalate;
import dev.handoff.router.application.Commands.Transfer;
import dev.handoff.router.domain.Assignee;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ErrorCode;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.NamedWait;
import dev.handoff.router.domain.ParticipantStore;
import dev.handoff.router.domain.ParticipantKind;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.Rejection;
import dev.handoff.router.domain.Skills;
import dev.handoff.router.domain.Subject;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code conversation.escalate} and {@code conversation.transfer}: the holder (a bot, or for a transfer a
 * representative) asks for a representative. One with room takes over at once (the holder is
 * disconnected and its capacity released), or the target queue's overflow rules send it on (to another queue, to a
 * bot of another queue, or to an end), or the conversation waits for one while its holder keeps it (with a ticket of
 * the line it joins). Its DynamoDB calls, one by one, are in the README's Architecture section.
 */
@ApplicationScoped
public class EscalateConversation {
    private final ConversationSteps steps;
    private final TargetQueues targets;
    private final Claims claims;
    private final HandOuts handOuts;
    private final EventAnswers answers;
    private final Lines lines;
    private final Overflows overflows;
    private final BotDeliveries deliveries;
    private final ParticipantStore participants;
    private final Swaps swaps;

    public EscalateConversation(ConversationSteps steps, TargetQueues targets, Claims claims, HandOuts handOuts,
            EventAnswers answers, Lines lines, Overflows overflows, BotDeliveries deliveries,
            ParticipantStore participants, Swaps swaps) {
        this.swaps = swaps;
        this.participants = participants;
        this.overflows = overflows;
        this.deliveries = deliveries;
        this.lines = lines;
        this.steps = steps;
        this.targets = targets;
        this.claims = claims;
        this.handOuts = handOuts;
        this.answers = answers;
    }

    public RoutingAnswer handle(EventContext event, Escalate command) {
        return handOn(event, new HandOn("escalated", false, command.conversationId(), command.requestedBy(),
                command.targetQueueId(), null, null, command.context(), command.priority(), command.requiredSkills()));
    }

    /**
     * {@code conversation.transfer}: the representative who holds the conversation hands it to a representative of a
     * queue (as an escalation: at once, by an overflow rule, or waiting while the sender keeps it), or to the one it
     * names, who must be able to take it now.
     */
    public RoutingAnswer handle(EventContext event, Transfer command) {
        if (command.requestedBy().equals(command.targetParticipantId())) {
            throw new Rejection(ErrorCode.INVALID_EVENT, Subject.TARGET_PARTICIPANT,
                    "a representative cannot transfer a conversation to itself");
        }
        return handOn(event, new HandOn("transferred", true, command.conversationId(), command.requestedBy(),
                command.targetQueueId(), command.targetParticipantId(), command.waitSeconds(), command.context(),
                command.priority(), command.requiredSkills()));
    }

    /**
     * What an escalation or a transfer asks: its timeline event, whether only a representative may ask it, and the
     * fields of its command ({@code named}: the only representative that may get it, null for any; {@code
     * waitSeconds}: how long it may wait for that one, null: not at all).
     */
    private record HandOn(String timelineEvent, boolean byRepresentativeOnly, String conversationId,
            String requestedBy, String targetQueueId, String named, Integer waitSeconds, Map<String, Object> context,
            Integer priority, Skills requiredSkills) {
    }

    private RoutingAnswer handOn(EventContext event, HandOn command) {
        var tickets = lines.book();
        return swaps.retried(event, steps.run(event, command.conversationId(), conversation -> {
            ConversationSteps.requireHeldBy(conversation, command.requestedBy());
            if (command.byRepresentativeOnly()) {
                requireRepresentative(conversation);
            }
            Queue target = targets.resolve(command.targetQueueId(), conversation);
            Set<String> excluded = Set.of(command.requestedBy());
            Conversation asked = conversation.withContext(command.context()).withPriority(command.priority())
                    .withRequiredSkills(command.requiredSkills());
            Optional<Claimed> claimed = claims.claimBest(target, Claims.Need.of(asked, KindNeeded.REPRESENTATIVE),
                    excluded, command.named(), conversation.id(), event.key(), event.now());
            if (command.named() != null && claimed.isEmpty() && !mayWaitFor(command, target)) {
                throw new Rejection(ErrorCode.PARTICIPANT_UNAVAILABLE, Subject.TARGET_PARTICIPANT,
                        "that participant is not a representative of the target queue, or not available, full or"
                                + " without the required skills");
            }
            Conversation next = asked.handedOn(command.timelineEvent(), target.id(),
                    claimed.map(by -> by.participant().id()).orElse(null), event.now(), event.eventId());
            if (command.named() != null && claimed.isEmpty()) {
                // It waits in the target queue's line for the one named alone, the sender keeping it meanwhile.
                var named = new NamedWait(command.named(), event.now().plusSeconds(command.waitSeconds()));
                next = next.waitForNamed(target, named, event.now(), event.eventId(), tickets.ticket(target.id(),
                        KindNeeded.REPRESENTATIVE, next.priority(), event.now()));
                var committed = steps.commit(event, next, null, Optional.empty());
                Conversation stored = handOuts.offer(committed.conversation(), target, excluded, event.key(),
                        event.eventId(), event.now());
                return answers.answer(event, stored, false);
            }
            Routed routed = claimed.isPresent()
                    ? new Routed(next, claimed, target, KindNeeded.REPRESENTATIVE, excluded)
                    : overflowOrWait(next, target, excluded, event);
            next = routed.next();
            Assignee released = null;
            if (routed.claimed().isPresent()) {
                var by = routed.claimed().get();
                next = next.handTo(by.assignee(), routed.queue(), routed.kind(), by.participant().missedOffers(),
                        event.now(), event.eventId(), event.key());
                // Offered: the sender keeps it company until it is accepted.
                released = next.offer() == null ? conversation.assignee() : null;
            } else if (next.isEnded()) {
                released = conversation.assignee();
            } else {
                next = next.waitFor(routed.kind(), routed.queue(), event.now(), event.eventId(),
                        tickets.ticket(routed.queue().id(), routed.kind(), next.priority(), event.now()));
            }
            var committed = steps.commit(event, next, released, routed.claimed());
            Conversation stored = committed.conversation();
            if (released != null) { // handed on at once, or ended: the sender let go (or kept for its wrap-up)
                committed.release().ifPresent(release -> handOuts.releaseAndFill(release, event.key(),
                        event.eventId(), event.now()));
                var bot = routed.claimed().map(Claimed::participant).filter(p -> p.kind() == ParticipantKind.BOT);
                if (bot.isPresent()) {
                    stored = deliveries.deliverOwed(stored, bot.get()); // an after-hours bot's arrival calls
                }
            } else if (stored.offer() == null) {
                stored = handOuts.offer(stored, routed.queue(), routed.excluded(), event.key(), event.eventId(),
                        event.now());
                // Still waiting, its bot keeping it: swapped with a hand-back waiting for that bot, if one's
                // representative may take this one.
                stored = swaps.tryWith(stored, event.key(), event.eventId(), event.now());
            }
            return answers.answer(event, stored, false);
        }));
    }

    /**
     * Whether a transfer to a named representative that cannot take it now may wait for it: when it asked to
     * ({@code waitSeconds}) and the one named is a representative of the target queue (whatever its room, presence or
     * skills now: those may change while it waits).
     */
    private boolean mayWaitFor(HandOn command, Queue target) {
        return command.waitSeconds() != null && participants.find(command.named())
                .filter(p -> p.kind() == ParticipantKind.REPRESENTATIVE && p.queues().contains(target.id()))
                .isPresent();
    }

    /** Only a representative transfers: a bot that wants a person escalates. */
    private static void requireRepresentative(Conversation conversation) {
        if (conversation.assignee().kind() != ParticipantKind.REPRESENTATIVE) {
            throw new Rejection(ErrorCode.INVALID_STATE, Subject.REQUESTER,
                    "only a representative transfers a conversation; a bot escalates it (conversation.escalate)");
        }
    }

    /**
     * Where an escalation goes, what it waits for there, and who may not take it: the claim that takes it at once, if
     * any; else it waits (or, by an overflow rule, ends: {@code next} is ended then).
     */
    private record Routed(Conversation next, Optional<Claimed> claimed, Queue queue, KindNeeded kind,
            Set<String> excluded) {
    }

    /**
     * No representative of the target queue can take the escalation now: the queue's first overflow rule that holds
     * sends it to a representative of another queue, to a bot of another queue (one that has not served it), or ends
     * it with its message; with none, or with a target queue gone since the rule was set, it waits for a
     * representative of the target queue.
     */
    private Routed overflowOrWait(Conversation next, Queue target, Set<String> excluded, EventContext event) {
        var overflow = overflows.apply(target, next, event.now(), event.eventId());
        if (overflow.isPresent() && overflow.get() instanceof Overflows.Ended ended) {
            return new Routed(ended.conversation(), Optional.empty(), target, KindNeeded.REPRESENTATIVE, excluded);
        }
        if (overflow.isEmpty() || !(overflow.get() instanceof Overflows.Moved moved)) {
            return new Routed(next, Optional.empty(), target, KindNeeded.REPRESENTATIVE, excluded);
        }
        KindNeeded kind = moved.toBot() ? KindNeeded.BOT : KindNeeded.REPRESENTATIVE;
        var notTo = new HashSet<>(excluded);
        if (moved.toBot()) {
            notTo.addAll(moved.conversation().servedBy()); // never back to a bot that served it
        }
        var claimed = claims.claimBest(moved.target(), Claims.Need.of(moved.conversation(), kind), notTo, null,
                moved.conversation().id(), event.key(), event.now());
        return new Routed(moved.conversation(), claimed, moved.target(), kind, Set.copyOf(notTo));
    }
}
