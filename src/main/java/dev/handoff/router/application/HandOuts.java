package dev.handoff.router.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.handoff.router.config.RouterConfig;
import dev.handoff.router.domain.Assignee;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ConversationStatus;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.Metrics;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.ParticipantStore;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.QueueStore;
import dev.handoff.router.domain.Timers;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Gives waiting conversations to participants with room: freed capacity goes to the next conversation of the
 * participant's queues that it may serve (by queue priority, then by the conversation's priority and wait), and a
 * conversation that starts waiting is offered to whoever has room right after (which closes the race with a release
 * that looked at the line just before it joined).
 */
@ApplicationScoped
public class HandOuts {
    /**
     * Bounds one event's hand-out work (with {@link RouterConfig.HandOuts#budget()}, its time); whatever is left is
     * handed out by the next event that frees capacity, or by the sweeper.
     */
    private static final int MAX_ASSIGNMENTS = 50;
    private static final int LINE_LOOKAHEAD = 5;
    /** Bounds the participants looked at (again after each change) in one hand-out, whatever races it meets. */
    private static final int MAX_LOOKS = 4 * MAX_ASSIGNMENTS;

    private final ConversationStore conversations;
    private final ParticipantStore participants;
    private final QueueStore queues;
    private final Claims claims;
    private final BotDeliveries deliveries;
    private final OwedNotices notices;
    private final Metrics metrics;
    private final Duration budget;
    private final Clock clock;
    private final Lines lines;
    private final Timers timers;

    public HandOuts(ConversationStore conversations, ParticipantStore participants, QueueStore queues, Claims claims,
            BotDeliveries deliveries, OwedNotices notices, RouterConfig config, Metrics metrics, Clock clock,
            Lines lines, Timers timers) {
        this.timers = timers;
        this.metrics = metrics;
        this.notices = notices;
        this.conversations = conversations;
        this.participants = participants;
        this.queues = queues;
        this.claims = claims;
        this.deliveries = deliveries;
        this.budget = config.handOuts().budget();
        this.clock = clock;
        this.lines = lines;
    }

    /**
     * Offers the participants' free capacity to waiting conversations, and the capacity this frees in turn (a bot
     * disconnected when its escalation is taken) likewise.
     *
     * @param token the token of every claim made, from the event that freed the capacity
     */
    public List<Conversation> fill(List<Participant> freed, String token, String eventId, Instant now) {
        var handed = new ArrayList<Conversation>();
        var work = new ArrayDeque<>(freed);
        var queueCache = new HashMap<String, Optional<Queue>>();
        // A line found empty is not looked at again in this fill (the sweeper fills everyone with room, and members
        // of a queue share its lines): a conversation that joins it meanwhile is offered to whoever has room by its
        // own step, as always.
        var emptyLines = new HashSet<String>();
        int looks = 0;
        // Each hand-out to a bot makes its webhook calls: past the budget no new one starts, so that one event's
        // work stays bounded in time; the waiting conversations left are the sweeper's (it fills free capacity).
        Instant stopStarting = clock.instant().plus(budget);
        while (!work.isEmpty() && handed.size() < MAX_ASSIGNMENTS && looks++ < MAX_LOOKS
                && !clock.instant().isAfter(stopStarting)) {
            Participant participant = work.poll();
            if (!participant.canTake(1)) {
                continue;
            }
            for (ConversationStore.WaitingEntry waiting : nextFirst(participant, emptyLines)) {
                Optional<Conversation> found = conversations.find(waiting.conversationId());
                // A conversation the participant holds a claim for already (a crashed hand-out's, which the sweeper
                // frees) is passed over: claiming it again could only fail.
                if (found.isEmpty() || !eligible(found.get(), participant) || participant.claiming(found.get().id())) {
                    continue;
                }
                Conversation conversation = found.get();
                Optional<Queue> queue = queueCache.computeIfAbsent(conversation.queueId(), queues::find);
                int units = queue.map(Queue::unitsPerConversation).orElse(1);
                if (!participant.canTake(units)) {
                    continue;
                }
                var claimed = claims.claimOn(participant, units, queue.map(Queue::wrapUpSeconds).orElse(0),
                        conversation.id(), token, now);
                if (claimed.isEmpty()) {
                    participants.find(participant.id()).ifPresent(work::addFirst); // changed: look again
                    break;
                }
                var assignee = claimed.get().assignee();
                Conversation next = queue.isPresent()
                        ? conversation.handTo(assignee, queue.get(), null,
                                claimed.get().participant().missedOffers(), now, eventId, token)
                        : conversation.assignTo(assignee, conversation.queueId(), now, eventId, token);
                var release = lettingGo(conversation, next).map(holder -> claims.intendRelease(holder,
                        conversation.id()));
                Conversation stored;
                try {
                    stored = conversations.replace(next);
                } catch (ConversationStore.StaleWrite changed) {
                    release.ifPresent(claims::dropRelease);
                    claims.abandon(assignee, conversation.id());
                    continue;
                }
                claims.settled(claimed.get(), conversation.id());
                lines.moved(conversation, stored, now);
                // The holder that kept it company may wrap up from now, or it is offered: a timer for the end (no
                // answer sets it here).
                stored.timersFrom(now).forEach(at -> timers.set(stored.id(), at));
                handed.add(stored);
                if (conversation.waitingSince() != null && conversation.waitingFor() != null) {
                    // The line is read in the order it is served: without priorities, what it waited is the longest
                    // wait this participant could end.
                    metrics.handedOut(conversation.queueId(), conversation.waitingFor(),
                            Duration.between(conversation.waitingSince(), now).toSeconds());
                }
                release.flatMap(claims::release).ifPresent(work::add);
                notices.post(deliveries.deliverOwed(stored, participant), null);
                work.addFirst(claimed.get().participant()); // its room as the claim left it: more may follow
                break;
            }
        }
        return handed;
    }

    /**
     * Right after a conversation started waiting: if someone with room serves its line now, gives it to them.
     *
     * @return the conversation as stored afterwards
     */
    public Conversation offer(Conversation waiting, Queue queue, Set<String> excluded, String token,
            String eventId, Instant now) {
        String only = waiting.named() == null ? null : waiting.named().participantId();
        var claimed = claims.claimBest(queue, Claims.Need.of(waiting, waiting.waitingFor()), excluded, only,
                waiting.id(), token, now);
        if (claimed.isEmpty()) {
            return waiting;
        }
        var by = claimed.get();
        Conversation assigned = waiting.handTo(by.assignee(), queue, null,
                by.participant().missedOffers(), now, eventId, token);
        // The holder that kept it company is let go now, unless it wraps up (then its wrap-up's end releases it), or
        // keeps it company while it is offered.
        Assignee released = lettingGo(waiting, assigned).orElse(null);
        Conversation next = assigned.answeringAs(token, released);
        var release = Optional.ofNullable(released).map(holder -> claims.intendRelease(holder, waiting.id()));
        Conversation stored;
        try {
            stored = conversations.replace(next);
        } catch (ConversationStore.StaleWrite changed) {
            release.ifPresent(claims::dropRelease);
            claims.abandon(by.assignee(), waiting.id());
            return conversations.find(waiting.id()).orElse(waiting);
        }
        claims.settled(by, waiting.id());
        lines.moved(waiting, stored, now);
        release.ifPresent(marked -> releaseAndFill(marked, token, eventId, now));
        return deliveries.deliverOwed(stored, by.participant());
    }

    /**
     * Releases a holder's claim on a conversation and offers the participant's room to the waiting lines. When the claim
     * was released already (by an earlier try whose hand-out may have died with it), the room is offered all the same.
     */
    public List<Conversation> releaseAndFill(Assignee holder, String conversationId, String token, String eventId,
            Instant now) {
        return fillAfter(claims.release(holder, conversationId), holder, token, eventId, now);
    }

    /** The same, for a release marked before the write that disconnected its holder. */
    public List<Conversation> releaseAndFill(Claims.Release release, String token, String eventId, Instant now) {
        return fillAfter(claims.release(release), release.holder(), token, eventId, now);
    }

    private List<Conversation> fillAfter(Optional<Participant> released, Assignee holder, String token,
            String eventId, Instant now) {
        return released.or(() -> participants.find(holder.participantId()))
                .map(freed -> fill(List.of(freed), token, eventId, now))
                .orElse(List.of());
    }

    /**
     * The holder a hand-out of {@code before} lets go in {@code after}: none while it keeps it company through an
     * offer, or keeps its claim for wrap-up.
     */
    private static Optional<Assignee> lettingGo(Conversation before, Conversation after) {
        return Optional.ofNullable(before.assignee())
                .filter(holder -> after.offer() == null && !after.keepsForWrapUp(holder));
    }

    private static boolean eligible(Conversation conversation, Participant participant) {
        if (conversation.status() != ConversationStatus.WAITING || conversation.waitingFor() == null
                || conversation.offer() != null
                || !conversation.waitingFor().accepts(participant.kind())
                || conversation.isHeldBy(participant.id())) {
            return false;
        }
        return !conversation.undeliverable().contains(participant.id())
                && conversation.wrapUpOf(participant.id()).isEmpty() // its claim for it is held for wrap-up
                && !conversation.handedBackPast(participant.id()) && !conversation.passedOver(participant.id())
                && participant.qualifiesFor(conversation.requiredSkills()) && conversation.openTo(participant.id());
    }

    /**
     * The first conversations of the lines the participant serves, in the order it serves them: its queues by their
     * priority, highest first, then each conversation by its place in its line (arrival moved by its priority, which
     * compares across queues as it does within one). A look at each line its counters say someone may wait in (one
     * batch read of its queues), none at the others.
     */
    private List<ConversationStore.WaitingEntry> nextFirst(Participant participant, Set<String> emptyLines) {
        var all = new ArrayList<InLine>();
        var notEmpty = lines.notEmpty(participant.queues());
        for (String queueId : participant.queues()) {
            for (KindNeeded line : KindNeeded.servedBy(participant.kind())) {
                String name = Lines.key(queueId, line);
                // A line with nobody for these skills may still have someone for others'.
                String emptyFor = name + "|" + participant.skills().signature();
                if (emptyLines.contains(emptyFor) || !notEmpty.containsKey(name)) {
                    continue;
                }
                var waiting = conversations.oldestWaiting(queueId, line, LINE_LOOKAHEAD, participant.skills());
                if (waiting.isEmpty()) {
                    emptyLines.add(emptyFor);
                }
                waiting.forEach(entry -> all.add(new InLine(entry, notEmpty.get(name))));
            }
        }
        all.sort(InLine.SERVED_FIRST);
        return all.stream().map(InLine::entry).toList();
    }

    /** A waiting conversation and its queue's priority. */
    private record InLine(ConversationStore.WaitingEntry entry, int queuePriority) {
        static final Comparator<InLine> SERVED_FIRST = Comparator.comparingInt(InLine::queuePriority).reversed()
                .thenComparing(inLine -> inLine.entry().order());
    }
}
