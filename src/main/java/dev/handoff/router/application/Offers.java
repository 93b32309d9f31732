package dev.handoff.router.application;

import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import dev.handoff.router.application.Answers.RoutingAnswer;
import dev.handoff.router.application.Commands.AnswerOffer;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ConversationStatus;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.ErrorCode;
import dev.handoff.router.domain.Offer;
import dev.handoff.router.domain.OfferPolicy;
import dev.handoff.router.domain.ParticipantStore;
import dev.handoff.router.domain.Presence;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.QueueStore;
import dev.handoff.router.domain.Rejection;
import dev.handoff.router.domain.Subject;
import dev.handoff.router.domain.Timers;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The answers to an offer ({@link Offer}): {@code conversation.accept} makes its representative the holder;
 * {@code conversation.decline}, or its deadline passing (a timer, or the sweeper), sends the conversation on to the
 * next representative that qualifies (never one that declined or missed it in this wait), or back to its place in its
 * line. Each is a step on the conversation, conditional on its version, so of an accept, a decline and an expiry that
 * race, exactly one ends the offer and the others find it gone. A representative that missed its queue's
 * {@link OfferPolicy#declineLimit} offers in a row is set {@code away}.
 */
@ApplicationScoped
public class Offers {
    private final ConversationStore conversations;
    private final ConversationSteps steps;
    private final QueueStore queues;
    private final ParticipantStore participants;
    private final Claims claims;
    private final HandOuts handOuts;
    private final EventAnswers answers;
    private final Lines lines;
    private final Timers timers;
    private final OwedNotices notices;

    public Offers(ConversationStore conversations, ConversationSteps steps, QueueStore queues,
            ParticipantStore participants, Claims claims, HandOuts handOuts, EventAnswers answers, Lines lines,
            Timers timers, OwedNotices notices) {
        this.notices = notices;
        this.conversations = conversations;
        this.steps = steps;
        this.queues = queues;
        this.participants = participants;
        this.claims = claims;
        this.handOuts = handOuts;
        this.answers = answers;
        this.lines = lines;
        this.timers = timers;
    }

    /**
     * {@code conversation.accept}: by the representative it is offered to, before its deadline. The previous holder
     * (the bot that kept the customer company) is let go, and the customer's channel told who it talks to now.
     */
    public RoutingAnswer accept(EventContext event, AnswerOffer command) {
        return steps.run(event, command.conversationId(), conversation -> {
            Offer offer = offerTo(conversation, command.participantId());
            if (offer.expiredBy(event.now())) {
                throw new Rejection(ErrorCode.OFFER_EXPIRED, Subject.PARTICIPANT,
                        "the offer expired before it was accepted");
            }
            Conversation next = conversation.accepted(event.now(), event.eventId(), event.key());
            var committed = steps.commit(event, next, conversation.assignee(), Optional.empty());
            if (offer.missesBefore() > 0) {
                participants.acceptedOffer(command.participantId()); // it missed some before: no more in a row
            }
            var answer = answers.answer(event, committed.conversation(), false);
            committed.release().ifPresent(
                    release -> handOuts.releaseAndFill(release, event.key(), event.eventId(), event.now()));
            return answer;
        });
    }

    /** {@code conversation.decline}: by the representative it is offered to (late or not, the offer ends). */
    public RoutingAnswer decline(EventContext event, AnswerOffer command) {
        var tickets = lines.book();
        var answer = steps.run(event, command.conversationId(), conversation -> {
            offerTo(conversation, command.participantId());
            return withdraw(event, conversation, false, tickets);
        });
        if (answer.duplicate()) {
            finishEnded(event, command.conversationId());
        }
        return answer;
    }

    /**
     * The offer on a conversation whose deadline passed at {@code now}, ended in a step of its own (event id from its
     * representative and deadline, source {@link WaitDeadlines#SOURCE}); a timer set for {@code firedFor} whose step
     * ended it already, but may have died before all of it was done, finishes what is left, as an event's repeat does.
     *
     * @param found the conversation as just read
     * @return whether it ended one
     */
    boolean expireDue(Conversation found, Instant firedFor, Instant now) {
        String conversationId = found.id();
        if (firedFor != null) {
            // Steps of this timer's time that expired an offer: their repeats, then the miss and the next offer.
            steps.repeatTimerSteps(found, "offer-expired", eventPrefix(firedFor), now)
                    .forEach(earlier -> finishEnded(earlier, conversationId));
        }
        Offer due = found.offer();
        if (due == null || !due.expiredBy(now)) {
            return false;
        }
        var event = event(conversationId, eventPrefix(due.until()) + due.holder().participantId(), now);
        var tickets = lines.book();
        var answered = steps.run(event, conversationId, conversation -> {
            Offer current = conversation.offer();
            if (current == null || !current.holder().sameClaim(due.holder()) || !current.expiredBy(now)) {
                return null; // answered meanwhile
            }
            return withdraw(event, conversation, true, tickets);
        });
        return answered != null;
    }

    /**
     * The offer ends unanswered: the conversation goes back to its place in its line (with a ticket of it), its
     * representative's claim is released after the write, the miss counted (and its presence set {@code away} at its
     * queue's limit), and the conversation offered at once to the next that qualifies and has room.
     */
    private RoutingAnswer withdraw(EventContext event, Conversation conversation, boolean expired,
            Lines.TicketBook tickets) {
        Instant now = event.now();
        Offer offer = conversation.offer();
        Conversation ended = conversation.offerEnded(expired, now, event.eventId());
        Conversation next = ended.backInLine(tickets.ticket(ended.queueId(), ended.waitingFor(), ended.priority(),
                now));
        var committed = steps.commit(event, next, offer.holder(), Optional.empty());
        Optional<Queue> queue = queues.find(conversation.queueId());
        countMiss(offer.holder().participantId(), conversation.id(), event.eventId(), queue);
        Conversation stored = offerToNext(event, committed.conversation(), queue);
        var answer = answers.answer(event, stored, false);
        committed.release().ifPresent(release -> handOuts.releaseAndFill(release, event.key(), event.eventId(), now));
        return answer;
    }

    /**
     * Counts the miss of the offer a step ended (once, by the step's event), and sets its representative {@code away}
     * when it reaches its queue's limit, before its claim is released (so that its room is offered to no one).
     */
    private void countMiss(String participantId, String conversationId, String eventId, Optional<Queue> queue) {
        var counted = participants.missedOffer(participantId, conversationId + "/" + eventId);
        var policy = queue.map(Queue::offer);
        if (counted.isPresent() && policy.isPresent() && policy.get().reached(counted.get().missedOffers())
                && counted.get().presence() == Presence.AVAILABLE) {
            participants.changePresence(participantId, Presence.AWAY).ifPresent(claims::mirror);
        }
    }

    /**
     * Offers the conversation, back in its line, to the next representative with room that qualifies (by the step's
     * token, so that a repeat resumes the claim it made); with none, its wait's rules, which waited for the offer's
     * answer, are due again.
     */
    private Conversation offerToNext(EventContext event, Conversation waiting, Optional<Queue> queue) {
        Conversation stored = waiting;
        if (queue.isPresent()) {
            Set<String> excluded = new HashSet<>();
            if (stored.assignee() != null) {
                excluded.add(stored.assignee().participantId());
            }
            stored = handOuts.offer(stored, queue.get(), Set.copyOf(excluded), event.key(), event.eventId(),
                    event.now());
        }
        if (stored.offer() == null && stored.dueAt() != null) {
            timers.set(stored.id(), stored.dueAt());
        }
        return stored;
    }

    /**
     * A repeat of a step that ended an offer unanswered finishes what the step may have died before: the miss counted,
     * and the conversation, if it still waits in its line, offered to the next (its notices posted, its timer set).
     */
    private void finishEnded(EventContext event, String conversationId) {
        var found = conversations.find(conversationId);
        var ended = found.flatMap(c -> c.timeline().stream()
                .filter(e -> event.eventId().equals(e.eventId())
                        && (e.event().equals("declined") || e.event().equals("offer-expired")))
                .findFirst());
        if (ended.isEmpty()) {
            return;
        }
        var queue = queues.find(ended.get().queueId());
        countMiss(ended.get().participantId(), conversationId, event.eventId(), queue);
        Conversation current = found.get();
        if (current.status() == ConversationStatus.WAITING && current.offer() == null
                && current.waitingFor() != null && current.queueId().equals(ended.get().queueId())) {
            Conversation stored = offerToNext(event, current, queue);
            if (stored.offer() != null) {
                timers.set(stored.id(), stored.offer().until());
            }
            notices.post(stored, null);
        }
    }

    /** The offer on the conversation to {@code participantId}; rejected when there is none to it. */
    private static Offer offerTo(Conversation conversation, String participantId) {
        if (conversation.isEnded()) {
            throw Rejection.conversationEnded();
        }
        if (conversation.isHeldBy(participantId)) {
            throw new Rejection(ErrorCode.INVALID_STATE, Subject.PARTICIPANT,
                    "the participant holds the conversation already");
        }
        if (conversation.offer() == null || !conversation.offer().isTo(participantId)) {
            throw new Rejection(ErrorCode.NOT_ASSIGNEE, Subject.PARTICIPANT,
                    "the conversation is not offered to this participant");
        }
        return conversation.offer();
    }

    private static String eventPrefix(Instant until) {
        return "offer:" + until.toEpochMilli() + ":";
    }

    private static EventContext event(String conversationId, String eventId, Instant now) {
        return WaitDeadlines.timerStep(conversationId, eventId, now);
    }
}
