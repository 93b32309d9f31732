package dev.handoff.router.application;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.handoff.router.application.Claims.Claimed;
import dev.handoff.router.domain.Assignee;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ConversationStatus;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.ParticipantKind;
import dev.handoff.router.domain.ParticipantStore;
import dev.handoff.router.domain.Presence;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.QueueLines;
import dev.handoff.router.domain.QueueStore;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps bots and representatives from waiting on each other. A representative handing a conversation back waits for a
 * bot while it keeps it ({@code waitForBot}); a bot escalating waits for a representative while it keeps its own. When
 * every bot and every representative is full that way, nothing frees room and nothing moves: so when one of them
 * begins waiting, a conversation waiting the other way whose holder may take it, and whose line the waiting one's
 * holder serves, is looked for, and the two holders swap conversations directly.
 *
 * <p>No transaction: each holder claims the other's conversation first, past its room by the units it is about to
 * give back, and only while it is exactly as read (its revision); then each conversation is written conditionally, the
 * other's first, and the claims they leave are released. A swap that loses a race at any write gives back what it
 * claimed and leaves both waiting as they were. One that dies before its own conversation's write is done again by a
 * retry of its event (which takes up its claims); one that dies after it leaves what any crashed hand-out leaves:
 * claims not settled and releases marked, which the sweeper finishes a lease later (the other's holder may hold one
 * conversation past its room until then, and the other goes to the one with room then).
 */
@ApplicationScoped
public class Swaps {
    private static final Logger LOG = Logger.getLogger(Swaps.class);
    /** The first conversations of each line looked at for a counterpart. */
    private static final int LOOKAHEAD = 5;
    private static final int WRITE_ATTEMPTS = 3;

    private final ConversationStore conversations;
    private final ParticipantStore participants;
    private final QueueStore queues;
    private final Claims claims;
    private final HandOuts handOuts;
    private final BotDeliveries deliveries;
    private final OwedNotices notices;
    private final Lines lines;
    private final EventAnswers answers;

    public Swaps(ConversationStore conversations, ParticipantStore participants, QueueStore queues, Claims claims,
            HandOuts handOuts, BotDeliveries deliveries, OwedNotices notices, Lines lines, EventAnswers answers) {
        this.answers = answers;
        this.conversations = conversations;
        this.participants = participants;
        this.queues = queues;
        this.claims = claims;
        this.handOuts = handOuts;
        this.deliveries = deliveries;
        this.notices = notices;
        this.lines = lines;
    }

    /**
     * Right after {@code waiting} began waiting while its holder keeps it: swaps it with a conversation waiting the
     * other way, if there is one its holder may take and whose holder may take it.
     *
     * @param eventKey the key of the event whose step made it wait: the swap's claims derive from it, and that event's
     *                 record on {@code waiting} is rewritten with the swap's outcome (a repeat answers it)
     * @return {@code waiting} as stored afterwards: swapped, or as it was
     */
    public Conversation tryWith(Conversation waiting, String eventKey, String eventId, Instant now) {
        if (!waitsKept(waiting)) {
            return waiting;
        }
        Optional<Participant> ours = participants.find(waiting.assignee().participantId());
        if (ours.isEmpty() || ours.get().presence() != Presence.AVAILABLE) {
            return waiting;
        }
        // Its holder's kind is what the other waits for: a representative holds a hand-back and takes an escalation.
        KindNeeded otherWaitsFor = ours.get().kind() == ParticipantKind.BOT ? KindNeeded.BOT : KindNeeded.REPRESENTATIVE;
        for (String queueId : ours.get().queues()) {
            for (var entry : conversations.oldestWaiting(queueId, otherWaitsFor, LOOKAHEAD)) {
                var other = conversations.find(entry.conversationId()).filter(Swaps::waitsKept)
                        .filter(c -> c.waitingFor() == otherWaitsFor && !c.id().equals(waiting.id()));
                if (other.isEmpty()) {
                    continue;
                }
                var theirs = participants.find(other.get().assignee().participantId())
                        .filter(p -> mayTake(p, waiting) && mayTake(ours.get(), other.get()));
                if (theirs.isPresent() && !theirs.get().id().equals(ours.get().id())) {
                    var swapped = swap(waiting, ours.get(), other.get(), theirs.get(), eventKey, eventId, now);
                    if (swapped.isPresent()) {
                        return swapped.get();
                    }
                }
            }
        }
        return waiting;
    }

    /** Whether it waits in a line for a bot or a representative while a holder of the other kind keeps it. */
    private static boolean waitsKept(Conversation c) {
        return c.status() == ConversationStatus.WAITING && c.assignee() != null && c.waitingFor() != null
                && c.offer() == null // offered: it waits for that representative's answer
                && c.waitingFor() != KindNeeded.ANY && !c.waitingFor().accepts(c.assignee().kind());
    }

    /** Whether {@code p} could take {@code c} but for its room: of its line's queue and kind, qualified, allowed. */
    private static boolean mayTake(Participant p, Conversation c) {
        return p.presence() == Presence.AVAILABLE && c.waitingFor().accepts(p.kind()) && p.queues().contains(c.queueId())
                && p.qualifiesFor(c.requiredSkills()) && c.openTo(p.id()) && !c.undeliverable().contains(p.id())
                && !c.handedBackPast(p.id()) && c.wrapUpOf(p.id()).isEmpty();
    }

    /**
     * Each holder claims the other's conversation (the representative first), then ours is written, then the other;
     * empty when any of that lost a race before ours changed hands (what was claimed given back).
     */
    private Optional<Conversation> swap(Conversation waiting, Participant ours, Conversation other, Participant theirs,
            String eventKey, String eventId, Instant now) {
        String token = eventKey + "/swap";
        Optional<Queue> ourQueue = queues.find(waiting.queueId());
        Optional<Queue> otherQueue = queues.find(other.queueId());
        if (ourQueue.isEmpty() || otherQueue.isEmpty()) {
            return Optional.empty();
        }
        // The representative's claim first, whichever side began: two swaps of the same pair, begun by each side at
        // once, then meet at the same first claim, and the one that loses it holds nothing.
        Side theyTake = new Side(theirs, ourQueue.get(), other.assignee().units(), waiting.id());
        Side weTake = new Side(ours, otherQueue.get(), waiting.assignee().units(), other.id());
        boolean theirsFirst = theirs.kind() == ParticipantKind.REPRESENTATIVE;
        var first = claim(theirsFirst ? theyTake : weTake, token, now);
        if (first.isEmpty()) {
            return Optional.empty();
        }
        var second = claim(theirsFirst ? weTake : theyTake, token, now);
        if (second.isEmpty()) {
            claims.abandon(first.get().assignee(), (theirsFirst ? theyTake : weTake).conversationId());
            return Optional.empty();
        }
        Claimed theirClaim = theirsFirst ? first.get() : second.get();
        Claimed ourClaim = theirsFirst ? second.get() : first.get();
        // Ours first: once it is written, the event's record answers the swap, and a retry of the event after a crash
        // here finds it done; what the other's write would have done the sweeper finishes (below).
        var ourStored = handOver(waiting, theirClaim, eventKey, token, eventId, now);
        if (ourStored.isEmpty()) {
            claims.abandon(ourClaim.assignee(), other.id());
            return Optional.empty();
        }
        var otherStored = handOver(other, ourClaim, null, token, eventId, now);
        if (otherStored.isEmpty()) {
            // The other changed meanwhile (it ended, or was handed out): its holder is let go by that change, so the
            // room it took past its room for ours comes back with it.
            LOG.infof("swap of %s and %s: %s changed meanwhile, only %s was swapped", waiting.id(), other.id(),
                    other.id(), waiting.id());
        } else {
            notices.post(deliveries.deliverOwed(otherStored.get(), ourClaim.participant()), null);
        }
        return Optional.of(deliveries.deliverOwed(ourStored.get(), theirClaim.participant()));
    }

    /**
     * The sweeper's backstop: escalations that have waited since {@code cutoff} or longer while their bot keeps them
     * are looked at again for a hand-back to swap with. Two that began waiting at once may each have missed the other
     * (on DynamoDB an index read may lag the write it follows), or a representative was away when they began. A look
     * at the first of each representative line someone waits in, by the counters the sweep read already.
     *
     * @param lines every queue's lines, as the sweep read their counters
     * @return how many swaps it made
     */
    public int sweep(Map<String, QueueLines> lines, Instant cutoff, Instant now) {
        int swapped = 0;
        for (var queue : lines.entrySet()) {
            if (queue.getValue().get(KindNeeded.REPRESENTATIVE).waiting() <= 0) {
                continue;
            }
            for (var entry : conversations.oldestWaiting(queue.getKey(), KindNeeded.REPRESENTATIVE, LOOKAHEAD)) {
                var kept = conversations.find(entry.conversationId()).filter(Swaps::waitsKept)
                        .filter(c -> c.waitingSince().isBefore(cutoff));
                if (kept.isEmpty()) {
                    continue;
                }
                // One token per state looked at: a sweep that dies in a swap has it taken up by the next.
                String token = "sweep-swap:" + kept.get().id() + ":" + kept.get().version();
                if (tryWith(kept.get(), token, token, now) != kept.get()) {
                    swapped++;
                }
            }
        }
        return swapped;
    }

    /**
     * A repeat of the event that made a conversation wait while its holder keeps it, answered {@code waiting}: its swap
     * is tried again (the first delivery may have died in it, before its conversation's write; the claims it made are
     * taken up again), and the repeat answers what that did.
     */
    public Answers.RoutingAnswer retried(EventContext event, Answers.RoutingAnswer answer) {
        if (!answer.duplicate() || !"waiting".equals(answer.status())) {
            return answer;
        }
        var current = conversations.find(answer.conversationId()).filter(Swaps::waitsKept);
        if (current.isEmpty()) {
            return answer;
        }
        Conversation swapped = tryWith(current.get(), event.key(), event.eventId(), event.now());
        return swapped == current.get() ? answer : answers.answer(event, swapped, true);
    }

    /** One side of a swap: who takes which conversation, of which queue, giving back how many units. */
    private record Side(Participant taker, Queue queue, int givesBack, String conversationId) {
    }

    private Optional<Claimed> claim(Side side, String token, Instant now) {
        return claims.claimInExchange(side.taker(), side.queue().unitsPerConversation(), side.queue().wrapUpSeconds(),
                side.givesBack(), side.conversationId(), token, now);
    }

    /**
     * Writes {@code conversation} as taken by {@code by}, its holder let go (its release marked before the write and
     * made after it), retrying a write that lost to a change that left it waiting as it was (a message said, say).
     *
     * @param recordKey the event whose record on it answers the swap from now on (with the holder it lets go, whose
     *                  release a repeat finishes); null for none
     */
    private Optional<Conversation> handOver(Conversation conversation, Claimed by, String recordKey, String token,
            String eventId, Instant now) {
        Conversation current = conversation;
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            var release = claims.intendRelease(current.assignee(), current.id());
            Conversation stored;
            // The bot that takes ours owes its calls to the event (its greeting is that event's answer's).
            Conversation next = current.swappedTo(by.assignee(), now, eventId, recordKey != null ? recordKey : token)
                    .answeringAs(recordKey, current.assignee());
            try {
                stored = conversations.replace(next);
            } catch (ConversationStore.StaleWrite changed) {
                claims.dropRelease(release);
                Assignee keeping = current.assignee();
                var reread = conversations.find(current.id()).filter(Swaps::waitsKept)
                        .filter(c -> keeping.sameClaim(c.assignee()) && c.waitingFor() == conversation.waitingFor());
                if (reread.isEmpty()) {
                    claims.abandon(by.assignee(), conversation.id());
                    return Optional.empty();
                }
                current = reread.get();
                continue;
            }
            claims.settled(by, conversation.id());
            lines.moved(current, stored, now);
            handOuts.releaseAndFill(release, token, eventId, now);
            return Optional.of(stored);
        }
        claims.abandon(by.assignee(), conversation.id());
        return Optional.empty();
    }
}

