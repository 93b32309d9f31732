package dev.handoff.router.application;

import java.util.Optional;
import java.util.Set;

import dev.handoff.router.application.Answers.RoutingAnswer;
import dev.handoff.router.application.Claims.Claimed;
import dev.handoff.router.application.Commands.Start;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.ErrorCode;
import dev.handoff.router.domain.EventRecord;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.QueueStore;
import dev.handoff.router.domain.Rejection;
import dev.handoff.router.domain.Subject;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code conversation.start}: creates the conversation and routes it to whoever in its queue has the most room, or puts
 * it in the queue's line (with a ticket of it). On the happy path: read the queue and the conversation id together,
 * ask the room index for a few candidates and read them, claim, create the conversation, settle and mirror the claim
 * (the README's Architecture section counts them). Whether its channel has a webhook to tell is read from the
 * {@link WebhookDirectory} (a read every few seconds per container, not per start).
 */
@ApplicationScoped
public class StartConversation {
    private final QueueStore queues;
    private final ConversationStore conversations;
    private final Claims claims;
    private final HandOuts handOuts;
    private final BotDeliveries deliveries;
    private final EventAnswers answers;
    private final WebhookDirectory webhooks;
    private final Lines lines;
    private final Overflows overflows;

    public StartConversation(QueueStore queues, ConversationStore conversations, Claims claims, HandOuts handOuts,
            BotDeliveries deliveries, EventAnswers answers, WebhookDirectory webhooks, Lines lines,
            Overflows overflows) {
        this.overflows = overflows;
        this.lines = lines;
        this.webhooks = webhooks;
        this.queues = queues;
        this.conversations = conversations;
        this.claims = claims;
        this.handOuts = handOuts;
        this.deliveries = deliveries;
        this.answers = answers;
    }

    public RoutingAnswer handle(EventContext event, Start command) {
        // Without an id from the caller, the id derives from the event: a repeat then finds its conversation.
        String id = command.conversationId() != null ? command.conversationId()
                : "c-" + Hashing.sha256Hex(24, event.source(), event.eventId());
        var found = queues.findForStart(command.queueId(), id);
        if (found.conversation().isPresent()) {
            return repeatOf(event, found.conversation().get());
        }
        Queue queue = found.queue().orElseThrow(
                () -> new Rejection(ErrorCode.NO_SUCH_QUEUE, Subject.QUEUE, "no queue has this id"));

        boolean tellsChannel = webhooks.channel(command.channel()).isPresent();
        Conversation open = Conversation.open(id, queue.id(), command.customer(), command.channel(), tellsChannel,
                command.context(), command.priority(), command.requiredSkills(), event.now(), event.eventId());
        Routed routed = route(open, queue, event);
        Optional<Claimed> claimed = routed.claimed();
        Conversation next = routed.next();
        next = next.remember(event.key(),
                new EventRecord(event.eventId(), event.bodyHash(), event.now(), next.outcome(null), null));

        Conversation stored;
        try {
            stored = conversations.create(next);
        } catch (ConversationStore.AlreadyStored raced) {
            // A concurrent delivery of this event (or another event naming this id) created it first.
            claimed.ifPresent(by -> claims.abandon(by.assignee(), id));
            return repeatOf(event, conversations.find(id).orElseThrow(() -> raced));
        }
        claimed.ifPresent(by -> claims.settled(by, id));
        if (claimed.isPresent()) {
            stored = deliveries.deliverOwed(stored, claimed.get().participant());
        } else if (!stored.isEnded()) {
            stored = handOuts.offer(stored, routed.queue(), Set.of(), event.key(), event.eventId(), event.now());
        }
        return answers.answer(event, stored, false);
    }

    /** The new conversation as routed, the claim that takes it if any, and the queue it went to. */
    private record Routed(Conversation next, Optional<Claimed> claimed, Queue queue) {
    }

    /**
     * Gives the new conversation to the best member of its queue with room; with none, to what the queue's first
     * overflow rule that holds says (another queue, a bot of another queue, or an end), else to its line. A ticket is
     * taken only in the line it joins.
     */
    private Routed route(Conversation open, Queue queue, EventContext event) {
        var claimed = claim(open, queue, KindNeeded.ANY, event);
        if (claimed.isPresent()) {
            return assigned(open, queue, KindNeeded.ANY, claimed.get(), event);
        }
        var overflow = overflows.apply(queue, open, event.now(), event.eventId());
        if (overflow.isPresent() && overflow.get() instanceof Overflows.Ended ended) {
            return new Routed(ended.conversation(), Optional.empty(), queue);
        }
        if (overflow.isPresent() && overflow.get() instanceof Overflows.Moved moved) {
            KindNeeded needed = moved.toBot() ? KindNeeded.BOT : KindNeeded.ANY;
            var there = claim(moved.conversation(), moved.target(), needed, event);
            return there.isPresent() ? assigned(moved.conversation(), moved.target(), needed, there.get(), event)
                    : waiting(moved.conversation(), moved.target(), needed, event);
        }
        return waiting(open, queue, KindNeeded.ANY, event);
    }

    private Optional<Claimed> claim(Conversation open, Queue queue, KindNeeded needed, EventContext event) {
        return claims.claimBest(queue, Claims.Need.of(open, needed), Set.of(), null, open.id(), event.key(),
                event.now());
    }

    /** Given (or offered) to the participant claimed; {@code line}: where it waits for an offer's answer. */
    private static Routed assigned(Conversation open, Queue queue, KindNeeded line, Claimed by, EventContext event) {
        return new Routed(open.handTo(by.assignee(), queue, line, by.participant().missedOffers(), event.now(),
                event.eventId(), event.key()), Optional.of(by), queue);
    }

    private Routed waiting(Conversation open, Queue queue, KindNeeded needed, EventContext event) {
        long ticket = lines.ticket(queue.id(), needed, open.priority(), event.now());
        return new Routed(open.waitFor(needed, queue, event.now(), event.eventId(), ticket), Optional.empty(), queue);
    }

    private RoutingAnswer repeatOf(EventContext event, Conversation existing) {
        return answers.recordOf(event, existing)
                .map(record -> answers.answerRepeat(event, existing, record))
                .orElseThrow(() -> new Rejection(ErrorCode.INVALID_STATE, Subject.CONVERSATION,
                        "a conversation with this id exists already"));
    }
}
