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

    public StartConversation(QueueStore queues, ConversationStore conversations, Claims claims, HandOuts handOuts,
            BotDeliveries deliveries, EventAnswers answers, WebhookDirectory webhooks, Lines lines) {
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
                command.context(), command.priority(), event.now(), event.eventId());
        Optional<Claimed> claimed = claims.claimBest(queue, KindNeeded.ANY, Set.of(), null, id, event.key(),
                event.now());
        Conversation next = claimed
                .map(by -> open.assignTo(by.assignee(), queue.id(), event.now(), event.eventId(), event.key()))
                .orElseGet(() -> open.waitFor(KindNeeded.ANY, queue, event.now(), event.eventId(),
                        lines.ticket(queue.id(), KindNeeded.ANY, open.priority(), event.now())));
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
        stored = claimed.isPresent() ? deliveries.deliverOwed(stored, claimed.get().participant())
                : handOuts.offer(stored, queue, Set.of(), event.key(), event.eventId(), event.now());
        return answers.answer(event, stored, false);
    }

    private RoutingAnswer repeatOf(EventContext event, Conversation existing) {
        return answers.recordOf(event, existing)
                .map(record -> answers.answerRepeat(event, existing, record))
                .orElseThrow(() -> new Rejection(ErrorCode.INVALID_STATE, Subject.CONVERSATION,
                        "a conversation with this id exists already"));
    }
}
