package dev.handoff.router.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import dev.handoff.router.application.Claims.Claimed;
import dev.handoff.router.domain.Assignee;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ConversationStatus;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.DueTimer;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.OverflowRule;
import dev.handoff.router.domain.ParticipantKind;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.QueueStore;
import dev.handoff.router.domain.Skills;
import dev.handoff.router.domain.Timers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A waiting conversation whose wait falls due ({@link Conversation#dueAt}). Its queue's first rule on time waited that
 * holds ({@code maxWaitSeconds}) applies, as an overflow rule does to one that would wait: to a representative (or
 * anyone, as it waited) of another queue, to a bot of another queue that has not served it, or to an end with the
 * rule's message; with nobody there to take it, it waits in that queue's line, from then on by that queue's rules. The
 * holder that kept it company meanwhile (a bot that escalated, say) is released once someone else has it, or when it
 * ends. Else the queue's relaxation steps whose time came relax what it requires ({@code skillRelaxation}), and it is
 * offered at once to whoever qualifies then. Before any of that, the wrap-ups on it whose time is up end ({@link
 * WrapUps}), and an offer whose deadline passed ends ({@link Offers}): the same timers and the same index serve all
 * three; while it is offered, its wait's own rules wait for the offer's answer.
 *
 * <p>Fired by a timer ({@link Timers}) or by the sweeper. It is a step on the conversation like an event's, with an
 * event of its own derived from the due time ({@link #SOURCE}): the conversation's write is conditional on its version,
 * and a wait no longer due (handed out, moved, ended, or due later since) is left alone, so a timer that fires twice, or
 * late, or together with the sweeper, acts once.
 */
@ApplicationScoped
public class WaitDeadlines {
    private static final Logger LOG = Logger.getLogger(WaitDeadlines.class);
    /** The {@code source} of the steps timers take: in the conversation's timeline and event records. */
    public static final String SOURCE = "/router/timers";
    /** A timer that arrives this much or more before its time is set again for the rest (SQS delays 15 min at most). */
    private static final Duration EARLY = Duration.ofSeconds(1);
    private static final int SWEEP_PAGE = 100;

    private final ConversationStore conversations;
    private final QueueStore queues;
    private final ConversationSteps steps;
    private final Claims claims;
    private final HandOuts handOuts;
    private final Overflows overflows;
    private final BotDeliveries deliveries;
    private final EventAnswers answers;
    private final Lines lines;
    private final Timers timers;
    private final Clock clock;
    private final WrapUps wrapUps;
    private final Offers offers;

    public WaitDeadlines(ConversationStore conversations, QueueStore queues, ConversationSteps steps, Claims claims,
            HandOuts handOuts, Overflows overflows, BotDeliveries deliveries, EventAnswers answers, Lines lines,
            Timers timers, Clock clock, WrapUps wrapUps, Offers offers) {
        this.offers = offers;
        this.wrapUps = wrapUps;
        this.conversations = conversations;
        this.queues = queues;
        this.steps = steps;
        this.claims = claims;
        this.handOuts = handOuts;
        this.overflows = overflows;
        this.deliveries = deliveries;
        this.answers = answers;
        this.lines = lines;
        this.timers = timers;
        this.clock = clock;
    }

    /** The process's own timers fired (dev mode, tests). */
    void onDue(@Observes DueTimer due) {
        fired(due);
    }

    /**
     * A timer fired: one early by a second or more is set again for the rest; else the conversation is looked at.
     *
     * @return whether the conversation's wait was due and acted on
     */
    public boolean fired(DueTimer due) {
        if (due.dueAt().isAfter(clock.instant().plus(EARLY))) {
            timers.set(due.conversationId(), due.dueAt());
            return false;
        }
        return lookAt(due.conversationId(), due.dueAt());
    }

    /**
     * The sweeper's backstop: looks at the waits due by {@code cutoff} (a lease ago, so that their timers fire first),
     * a page of them, the earliest first.
     *
     * @return how many it acted on
     */
    public int lookAtDue(Instant cutoff) {
        int acted = 0;
        for (String conversationId : conversations.dueBy(cutoff, SWEEP_PAGE)) {
            try {
                if (lookAt(conversationId)) {
                    acted++;
                }
            } catch (ConcurrentChange | InProgress busy) {
                // Busy with others' steps (a redelivered timer's, say): the next sweep looks again; the rest of this
                // sweep goes on.
                LOG.infof("wait of %s left to the next sweep: %s", conversationId, busy.getClass().getSimpleName());
            }
        }
        return acted;
    }

    /**
     * Applies what is due to the conversation's wait, if it is still due now.
     *
     * @return whether it was
     */
    public boolean lookAt(String conversationId) {
        return lookAt(conversationId, null);
    }

    /**
     * As {@link #lookAt(String)}; a timer set for {@code firedFor} that finds its conversation no longer due, but
     * changed by its own earlier firing (a delivery that died after its write), finishes what that one left (the
     * release of the holder it let go, a bot's calls), as an event's repeat does.
     */
    private boolean lookAt(String conversationId, Instant firedFor) {
        Instant now = clock.instant();
        var found = conversations.find(conversationId);
        if (found.isEmpty()) {
            return false;
        }
        // One read for all three: ending a wrap-up changes neither the status nor the wait's due time that decide
        // below, and the wait's own step reads the conversation again before it writes. An offer that expired leaves
        // the wait as read (offered: not due), and sets a timer for the wait's due time itself.
        boolean wrapUpsEnded = wrapUps.endDue(found.get(), firedFor, now) > 0;
        boolean offerExpired = offers.expireDue(found.get(), firedFor, now);
        return lookAtWait(found.get(), firedFor, now) || wrapUpsEnded || offerExpired;
    }

    private boolean lookAtWait(Conversation found, Instant firedFor, Instant now) {
        String conversationId = found.id();
        boolean due = isDue(found, now);
        Instant dueAt = due ? found.dueAt() : firedFor;
        if (dueAt == null) {
            return false;
        }
        // One event per due time: a repeat of it (the timer twice, or with the sweeper) is answered from its record.
        var event = timerStep(conversationId, "due:" + dueAt.toEpochMilli(), now);
        if (!due && !found.events().containsKey(event.key())) {
            return false; // handed out, moved or ended by something else, or due later
        }
        var tickets = lines.book();
        var answered = steps.run(event, conversationId, conversation -> {
            if (!isDue(conversation, now)) {
                return null; // handed out, moved or ended meanwhile, or due later
            }
            Optional<Queue> queue = queues.find(conversation.queueId());
            Optional<OverflowRule> rule = queue.flatMap(q -> q.passedWait(conversation.waitingSince(), now));
            var overflow = rule.flatMap(r -> overflows.apply(queue.get(), r, conversation, now, event.eventId()));
            if (overflow.isPresent()) {
                return overflowed(event, conversation, overflow.get(), tickets);
            }
            Instant again = queue.flatMap(q -> conversation.nextLook(q, now)).filter(at -> at.isAfter(now))
                    .orElse(null);
            Skills relaxed = queue.map(q -> q.relaxed(conversation.requestedSkills(), conversation.waitingSince(), now))
                    .orElse(conversation.requiredSkills());
            boolean namedWaitEnded = conversation.named() != null && !conversation.named().until().isAfter(now);
            if (queue.isPresent() && (namedWaitEnded || !relaxed.equals(conversation.requiredSkills()))) {
                return opened(event, conversation, queue.get(), relaxed, namedWaitEnded, again);
            }
            // The queue's rules changed since it joined (or the queue a rule names is gone): it waits on, due again
            // at what its rules say now.
            steps.commit(event, conversation.dueAgainAt(again), null, Optional.empty());
            if (again != null) {
                timers.set(conversationId, again);
            }
            return null;
        });
        return answered != null;
    }

    /**
     * A relaxation step came, or its wait for one named representative ended: the conversation waits on in its line,
     * for whoever has what it requires now (the line's order carries it, so a participant freed later sees it too),
     * and is offered at once to whoever with room does.
     */
    private Answers.RoutingAnswer opened(EventContext event, Conversation waiting, Queue queue, Skills relaxed,
            boolean namedWaitEnded, Instant nextDue) {
        Conversation next = relaxed.equals(waiting.requiredSkills()) ? waiting
                : waiting.relaxedTo(relaxed, event.now(), event.eventId());
        if (namedWaitEnded) {
            next = next.unnamed(event.now(), event.eventId());
        }
        var committed = steps.commit(event, next.dueAgainAt(nextDue), null, Optional.empty());
        if (nextDue != null) {
            timers.set(waiting.id(), nextDue);
        }
        Set<String> excluded = waiting.assignee() == null ? Set.of() : Set.of(waiting.assignee().participantId());
        Conversation stored = handOuts.offer(committed.conversation(), queue, excluded, event.key(), event.eventId(),
                event.now());
        if (stored.status() == ConversationStatus.WAITING && stored.offer() == null) {
            return Answers.RoutingAnswer.of(event.eventId(), stored.id(), stored.outcome(null), null, false);
        }
        return answers.answer(event, stored, false); // handed out: its channel and desks are told
    }

    private Answers.RoutingAnswer overflowed(EventContext event, Conversation waiting, Overflows.Overflow overflow,
            Lines.TicketBook tickets) {
        Instant now = event.now();
        Assignee holder = waiting.assignee();
        Conversation next;
        Queue queue;
        Optional<Claimed> claimed = Optional.empty();
        Set<String> excluded = new HashSet<>();
        if (holder != null) {
            excluded.add(holder.participantId());
        }
        if (overflow instanceof Overflows.Moved moved) {
            queue = moved.target();
            KindNeeded kind = moved.toBot() ? KindNeeded.BOT : waiting.waitingFor();
            if (moved.toBot()) {
                excluded.addAll(moved.conversation().servedBy()); // never back to a bot that served it
            }
            claimed = claims.claimBest(queue, Claims.Need.of(moved.conversation(), kind), excluded, null,
                    waiting.id(), event.key(), now);
            next = claimed.isPresent()
                    ? moved.conversation().handTo(claimed.get().assignee(), queue, kind,
                            claimed.get().participant().missedOffers(), now, event.eventId(), event.key())
                    : moved.conversation().waitFor(kind, queue, now, event.eventId(),
                            tickets.ticket(queue.id(), kind, waiting.priority(), now));
        } else {
            queue = null;
            next = ((Overflows.Ended) overflow).conversation();
        }
        Assignee released = next.status() == ConversationStatus.WAITING ? null : holder;
        var committed = steps.commit(event, next, released, claimed);
        Conversation stored = committed.conversation();
        lines.leftUnserved(waiting);
        committed.release().ifPresent(
                release -> handOuts.releaseAndFill(release, event.key(), event.eventId(), now));
        var bot = claimed.map(Claimed::participant).filter(p -> p.kind() == ParticipantKind.BOT);
        if (bot.isPresent()) {
            stored = deliveries.deliverOwed(stored, bot.get());
        } else if (stored.status() == ConversationStatus.WAITING && stored.offer() == null && queue != null) {
            stored = handOuts.offer(stored, queue, Set.copyOf(excluded), event.key(), event.eventId(), now);
        }
        return answers.answer(event, stored, false);
    }

    /**
     * The event of a step a timer takes on a conversation (a wait's look, a wrap-up's end, an offer's expiry): its id
     * derived from what fell due and when, so that a repeat (the timer twice, or with the sweeper) is answered from the
     * record the first left.
     */
    static EventContext timerStep(String conversationId, String eventId, Instant now) {
        return new EventContext(Hashing.sha256Hex(32, SOURCE, conversationId, eventId), eventId, SOURCE,
                Hashing.sha256Hex(64, SOURCE, conversationId, eventId), now);
    }

    private static boolean isDue(Conversation conversation, Instant now) {
        // While offered, its wait's rules wait for the offer's answer: its end looks at the wait again.
        return conversation.status() == ConversationStatus.WAITING && conversation.offer() == null
                && conversation.dueAt() != null
                && !conversation.dueAt().isAfter(now);
    }
}
