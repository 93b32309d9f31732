package dev.handoff.router.application;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jboss.logging.Logger;

import dev.handoff.router.domain.Assignee;
import dev.handoff.router.domain.AssignmentMethod;
import dev.handoff.router.domain.Claim;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.MemberStore;
import dev.handoff.router.domain.MemberStore.Suggestion;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.ParticipantKind;
import dev.handoff.router.domain.ParticipantStore;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.Routing;
import dev.handoff.router.domain.Skills;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Finds and claims capacity for a conversation: asks the queue's index of members with room for the best few
 * ({@link MemberStore#mostRoom}), reads them, ranks them (the domain's {@link Routing}), and claims on the best with one
 * conditional write. A lost race re-reads that participant and tries it again while it still qualifies, else moves on
 * to the next candidate; when all the few are gone, a wider look follows. The work does not grow with the queue.
 *
 * <p>The index lags the participants by design: a claim's caller settles and mirrors it ({@link #settled}) only after
 * its conversation write, so a step that crashed in between finds its claim again on retry among the same
 * suggestions, on the participant, where it stays until settled.
 */
@ApplicationScoped
public class Claims {
    private static final Logger LOG = Logger.getLogger(Claims.class);
    /** Bounds the work of one claim under heavy contention; past it the conversation waits and is handed out later. */
    static final int MAX_ATTEMPTS = 32;
    /** Candidates read first: enough that a few lost races still find room without a second look. */
    static final int FIRST_LOOK = 4;
    /** Candidates read when the first look found no room it could claim. */
    static final int WIDER_LOOK = 64;

    private final ParticipantStore participants;
    private final ConversationStore conversations;
    private final MemberStore members;

    public Claims(ParticipantStore participants, ConversationStore conversations, MemberStore members) {
        this.participants = participants;
        this.conversations = conversations;
        this.members = members;
    }

    /**
     * A claim made (or found from an earlier try of the same step), and the participant it is on.
     *
     * @param participant the participant as the claim left it
     */
    public record Claimed(Participant participant, Assignee assignee, boolean resumed) {
    }

    /**
     * What a conversation needs of whoever takes it: a kind, and the skills it requires (each at its level or above).
     *
     * @param passedOver participants never picked for it now: representatives that wrap it up (their claim for it is
     *                   held), and those that declined it or let its offer expire in this wait
     */
    public record Need(KindNeeded kind, Skills skills, Set<String> passedOver) {
        public Need(KindNeeded kind, Skills skills) {
            this(kind, skills, Set.of());
        }

        public static Need of(Conversation conversation, KindNeeded kind) {
            var passedOver = new HashSet<>(conversation.passedOver());
            conversation.wrapUps().forEach(w -> passedOver.add(w.holder().participantId()));
            return new Need(kind, conversation.requiredSkills(), Set.copyOf(passedOver));
        }
    }

    /**
     * Claims capacity in {@code queue} for a conversation that needs {@code need}.
     *
     * @param token the step's token: a claim the step made already for the conversation (an earlier try of it that
     *              crashed before its conversation write) is resumed instead of claiming twice
     * @param only  if not null, the only participant that may get it
     */
    public Optional<Claimed> claimBest(Queue queue, Need need, Set<String> notTo, String only,
            String conversationId, String token, Instant now) {
        Set<String> excluded = need.passedOver().isEmpty() ? notTo : union(notTo, need.passedOver());
        if (only != null) {
            var named = participants.find(only).filter(p -> p.queues().contains(queue.id())).stream().toList();
            return resumeOrClaim(named, queue, need, excluded, conversationId, token, now);
        }
        var looked = new HashSet<String>();
        for (int look : List.of(FIRST_LOOK, WIDER_LOOK)) {
            int asked = look + excluded.size();
            var suggested = members.mostRoom(queue.id(), queue.roomLayout(), need.kind(), need.skills(), asked);
            boolean more = suggested.size() >= asked;
            var ids = suggested.stream().map(Suggestion::participantId).filter(looked::add).toList();
            // The index suggests; the participant's own item decides, its queues included (written first on upsert).
            var read = ids.isEmpty() ? List.<Participant>of() : participants.findAll(ids);
            mendStale(queue, suggested.stream().filter(s -> ids.contains(s.participantId())).toList(), read);
            var found = read.stream().filter(p -> p.queues().contains(queue.id())).toList();
            var claimed = resumeOrClaim(found, queue, need, excluded, conversationId, token, now);
            if (claimed.isPresent() || !more) {
                return claimed;
            }
        }
        return Optional.empty();
    }

    private static Set<String> union(Set<String> some, Set<String> more) {
        var all = new HashSet<>(some);
        all.addAll(more);
        return all;
    }

    /**
     * Takes out the suggestions of participants read in this look that cannot take anything here (no room, gone, of
     * another kind or queue now) and that their entry no longer names (left by a mirror that crashed half-way): each
     * costs this decision a read and a write, and the next ones nothing. A suggestion whose participant still has room
     * is left as it is, even by an old rank: the look ranks by the participant as read, and under contention most such
     * suggestions are claims whose mirror is still to come, which a read per look would only slow down.
     */
    private void mendStale(Queue queue, List<Suggestion> suggested, List<Participant> read) {
        var byId = new HashMap<String, Participant>();
        read.forEach(p -> byId.put(p.id(), p));
        for (Suggestion suggestion : suggested) {
            Participant current = byId.get(suggestion.participantId());
            boolean claimable = current != null && current.hasRoom() && current.kind() == suggestion.kind()
                    && current.queues().contains(queue.id());
            if (!claimable) {
                members.mend(queue.id(), suggestion);
            }
        }
    }

    /**
     * Settles a claim once its conversation write landed (or the claim was found held): it moves to an item of its own
     * ({@link ParticipantStore#settle}), and the index ranks the participant with the room it has left.
     */
    public void settled(Claimed claimed, String conversationId) {
        settled(claimed.participant(), conversationId);
    }

    /** Settles the claim for {@code conversationId} on a participant as its claim left it (it is among its unsettled). */
    public void settled(Participant afterClaim, String conversationId) {
        var claim = afterClaim.unsettled().get(conversationId);
        if (claim != null) {
            participants.settle(afterClaim.id(), conversationId, claim);
        }
        members.mirror(afterClaim);
    }

    /**
     * Mirrors a participant's state into its queues' index: after a hand-out's conversation write (the participant as
     * its claim left it), and after any other change of its presence or room.
     */
    public void mirror(Participant participant) {
        members.mirror(participant);
    }

    private Optional<Claimed> resumeOrClaim(List<Participant> found, Queue queue, Need need, Set<String> excluded,
            String conversationId, String token, Instant now) {
        int units = queue.unitsPerConversation();
        AssignmentMethod method = queue.assignment();
        int wrapUp = queue.wrapUpSeconds();
        for (Participant member : found) {
            var resumed = resumed(member, conversationId, token, wrapUp);
            if (resumed.isPresent()) {
                return resumed;
            }
        }
        return claimFirst(new ArrayDeque<>(Routing.candidates(found, need.kind(), need.skills(), units, excluded,
                method)), method, need, units, wrapUp, excluded, conversationId, token, now);
    }

    /**
     * Claims on one known participant (a hand-out to the participant whose capacity just freed).
     *
     * @param wrapUpSeconds the wrap-up of the conversation's queue ({@link Queue#wrapUpSeconds}), which its holder
     *                      keeps
     * @return the claim, including one an earlier try of the same step made; empty when no claim is held
     */
    public Optional<Claimed> claimOn(Participant participant, int units, int wrapUpSeconds, String conversationId,
            String token, Instant now) {
        String claimToken = newToken(token);
        try {
            var after = participants.claim(participant, conversationId, new Claim(units, claimToken, now));
            if (after.isPresent()) {
                return Optional.of(new Claimed(after.get(), assignee(participant, units, claimToken, wrapUpSeconds),
                        false));
            }
        } catch (ParticipantStore.ItemFull full) {
            warnFull(participant);
            return Optional.empty();
        }
        return participants.find(participant.id()).flatMap(p -> resumed(p, conversationId, token, wrapUpSeconds));
    }

    /**
     * A claim in a swap ({@link Swaps}): on {@code seen} as read, which gives back {@code givesBack} units in the same
     * swap (the conversation it holds goes to the other side), so it may hold that much past its room until then.
     *
     * @return empty when the participant changed since it was read, or has no room even so
     */
    public Optional<Claimed> claimInExchange(Participant seen, int units, int wrapUpSeconds, int givesBack,
            String conversationId, String token, Instant now) {
        var resumed = resumed(seen, conversationId, token, wrapUpSeconds); // a retry of the swap takes it up again
        if (resumed.isPresent()) {
            return resumed;
        }
        String claimToken = newToken(token);
        try {
            return participants.claimInExchange(seen, conversationId, new Claim(units, claimToken, now), givesBack)
                    .map(after -> new Claimed(after, assignee(seen, units, claimToken, wrapUpSeconds), false));
        } catch (ParticipantStore.ItemFull full) {
            warnFull(seen);
            return Optional.empty();
        }
    }

    /** The claim an earlier try of the step made on {@code participant}, if it is there unsettled. */
    private static Optional<Claimed> resumed(Participant participant, String conversationId, String token,
            int wrapUpSeconds) {
        var held = participant.unsettled().get(conversationId);
        if (held == null || !held.madeBy(token)) {
            return Optional.empty();
        }
        return Optional.of(new Claimed(participant, assignee(participant, held.units(), held.token(), wrapUpSeconds),
                true));
    }

    /**
     * A token for one new claim of the step with {@code token}: never the token of a claim made before, even by the
     * same step for the same conversation on the same participant (a step that lost its write gives its claim back
     * and decides again; the claim it makes then must not be taken for the one released).
     */
    private static String newToken(String token) {
        return Claim.tokenOf(token, UUID.randomUUID().toString().substring(0, 8));
    }

    /**
     * Gives back a claim made for a conversation write that failed, unless the conversation holds it after all (the
     * write landed and only its answer was lost).
     */
    public void abandon(Assignee claimed, String conversationId) {
        boolean held = conversations.find(conversationId)
                .filter(c -> claimed.equals(c.assignee()) || c.holdsClaim(claimed))
                .isPresent();
        if (!held) {
            release(claimed, conversationId);
        }
    }

    private Optional<Claimed> claimFirst(ArrayDeque<Participant> candidates, AssignmentMethod method, Need need,
            int units, int wrapUp, Set<String> excluded, String conversationId, String token, Instant now) {
        int attempts = 0;
        String claimToken = newToken(token);
        while (!candidates.isEmpty() && attempts++ < MAX_ATTEMPTS) {
            Participant best = candidates.poll();
            try {
                var after = participants.claim(best, conversationId, new Claim(units, claimToken, now));
                if (after.isPresent()) {
                    return Optional.of(new Claimed(after.get(), assignee(best, units, claimToken, wrapUp), false));
                }
            } catch (ParticipantStore.ItemFull full) {
                // Its room is real but its item cannot record it: the next best takes the conversation, or it waits.
                warnFull(best);
                continue;
            }
            // Lost a race, or the participant changed, or our own write landed and only its answer was lost (the
            // SDK then retried it and the retry found the claim): decide again on the participant's current state.
            Optional<Participant> current = participants.find(best.id());
            var resumed = current.flatMap(p -> resumed(p, conversationId, token, wrapUp));
            if (resumed.isPresent()) {
                return resumed;
            }
            current.filter(p -> Routing.qualifies(p, need.kind(), need.skills(), units, excluded))
                    .filter(p -> !p.claiming(conversationId))
                    .ifPresent(p -> {
                        candidates.addFirst(p);
                        var reordered = Routing.candidates(candidates, need.kind(), need.skills(), units, excluded,
                                method);
                        candidates.clear();
                        candidates.addAll(reordered);
                    });
        }
        return Optional.empty();
    }

    private static void warnFull(Participant participant) {
        LOG.warnf("participant %s takes no more conversations: its item holds as many claims under way as it can"
                + " (%d)", participant.id(), participant.unsettled().size());
    }

    /**
     * The holder a claim makes; a representative with a webhook has its desk told while it holds the conversation, and
     * a representative wraps up for its queue's {@code wrapUpSeconds} once it lets it go (as the queue said when it was
     * claimed: a queue's change applies to the conversations handed out after it).
     */
    static Assignee assignee(Participant participant, int units, String token, int wrapUpSeconds) {
        boolean representative = participant.kind() == ParticipantKind.REPRESENTATIVE;
        return new Assignee(participant.id(), participant.kind(), units, token,
                representative && participant.webhook() != null, representative ? wrapUpSeconds : 0);
    }

    /**
     * Gives back a claim: of a holder the conversation no longer has, or one no conversation came to hold because its
     * conversation write lost. A claim already released is left alone.
     */
    public Optional<Participant> release(Assignee holder, String conversationId) {
        var after = participants.release(holder.participantId(), conversationId, holder.claimToken(),
                holder.units());
        after.ifPresent(members::mirror);
        return after;
    }

    /**
     * A holder that a conversation write is about to disconnect, its release marked on the participant before the
     * write ({@link ParticipantStore#markRelease}): should the step die after the write, the sweeper finds the mark and
     * finishes the release.
     *
     * @param mark empty when the participant is gone, or its item full (then the release is made unmarked after the
     *             write, as before marks existed)
     */
    public record Release(Assignee holder, String conversationId, Optional<ParticipantStore.ReleaseMark> mark) {
    }

    /** Marks the coming release of a holder, before the write that disconnects it. */
    public Release intendRelease(Assignee holder, String conversationId) {
        Optional<ParticipantStore.ReleaseMark> mark;
        try {
            mark = participants.markRelease(holder.participantId(), conversationId, holder.claimToken(),
                    holder.units());
        } catch (ParticipantStore.ItemFull full) {
            mark = Optional.empty();
        }
        return new Release(holder, conversationId, mark);
    }

    /** The write that would have disconnected the holder lost: its release is not coming. */
    public void dropRelease(Release release) {
        release.mark().ifPresent(participants::unmark);
    }

    /** Gives back the claim of a holder its conversation write disconnected, as marked before that write. */
    public Optional<Participant> release(Release release) {
        if (release.mark().isEmpty()) {
            return release(release.holder(), release.conversationId());
        }
        var after = participants.release(release.mark().get());
        after.ifPresent(members::mirror);
        return after;
    }
}
