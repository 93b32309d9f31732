package dev.handoff.router.application;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import dev.handoff.router.domain.Assignee;
import dev.handoff.router.domain.Claim;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.ParticipantKind;
import dev.handoff.router.domain.ParticipantStore;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.Routing;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Finds and claims capacity for a conversation: reads the queue's members, ranks them (the domain's {@link Routing}),
 * and claims on the best with one conditional write. A lost race re-reads that participant and tries it again while
 * it still qualifies, else moves on to the next candidate.
 */
@ApplicationScoped
public class Claims {
    private static final Logger LOG = Logger.getLogger(Claims.class);
    /** Bounds the work of one claim under heavy contention; past it the conversation waits and is handed out later. */
    static final int MAX_ATTEMPTS = 32;

    private final ParticipantStore participants;
    private final ConversationStore conversations;

    public Claims(ParticipantStore participants, ConversationStore conversations) {
        this.participants = participants;
        this.conversations = conversations;
    }

    /** A claim made (or found from an earlier try of the same step), and the participant it is on. */
    public record Claimed(Participant participant, Assignee assignee, boolean resumed) {
    }

    /**
     * Claims capacity in {@code queue} for a conversation.
     *
     * @param token the claim's token; a claim with this token already held for the conversation (an earlier try of
     *              the same step that crashed before its conversation write) is resumed instead of claiming twice
     * @param only  if not null, the only participant that may get it
     */
    public Optional<Claimed> claimBest(Queue queue, KindNeeded needed, Set<String> excluded, String only,
            String conversationId, String token, Instant now) {
        int units = queue.unitsPerConversation();
        var ids = only != null ? (queue.members().containsKey(only) ? List.of(only) : List.<String>of())
                : List.copyOf(queue.members().keySet());
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        // The queue's member list suggests; the participant's own queues decide (they are written first on upsert).
        List<Participant> members = participants.findAll(ids).stream()
                .filter(p -> p.queues().contains(queue.id()))
                .toList();
        for (Participant member : members) {
            var held = member.assignments().get(conversationId);
            if (held != null && token.equals(held.token())) {
                return Optional.of(new Claimed(member, assignee(member, held.units(), token), true));
            }
        }
        return claimFirst(new ArrayDeque<>(Routing.candidates(members, needed, units, excluded)), needed, units,
                excluded, conversationId, token, now);
    }

    /**
     * Claims on one known participant (a hand-out to the participant whose capacity just freed).
     *
     * @return true when the claim is held, including when an earlier try with the same token made it
     */
    public boolean claimOn(Participant participant, int units, String conversationId, String token, Instant now) {
        try {
            if (participants.claim(participant, conversationId, new Claim(units, token, now))) {
                return true;
            }
        } catch (ParticipantStore.ItemFull full) {
            warnFull(participant);
            return false;
        }
        return participants.find(participant.id())
                .map(p -> p.assignments().get(conversationId))
                .filter(held -> token.equals(held.token()))
                .isPresent();
    }

    /**
     * Gives back a claim made for a conversation write that failed, unless the conversation holds it after all (the
     * write landed and only its answer was lost).
     */
    public void abandon(Assignee claimed, String conversationId) {
        boolean held = conversations.find(conversationId)
                .map(Conversation::assignee)
                .filter(claimed::equals)
                .isPresent();
        if (!held) {
            release(claimed, conversationId);
        }
    }

    private Optional<Claimed> claimFirst(ArrayDeque<Participant> candidates, KindNeeded needed, int units,
            Set<String> excluded, String conversationId, String token, Instant now) {
        int attempts = 0;
        while (!candidates.isEmpty() && attempts++ < MAX_ATTEMPTS) {
            Participant best = candidates.poll();
            try {
                if (participants.claim(best, conversationId, new Claim(units, token, now))) {
                    return Optional.of(new Claimed(best, assignee(best, units, token), false));
                }
            } catch (ParticipantStore.ItemFull full) {
                // Its room is real but its item cannot record it: the next best takes the conversation, or it waits.
                warnFull(best);
                continue;
            }
            // Lost a race, or the participant changed, or our own write landed and only its answer was lost (the
            // SDK then retried it and the retry found the claim): decide again on the participant's current state.
            Optional<Participant> current = participants.find(best.id());
            var held = current.map(p -> p.assignments().get(conversationId)).orElse(null);
            if (held != null && token.equals(held.token())) {
                return Optional.of(new Claimed(current.get(), assignee(current.get(), held.units(), token), true));
            }
            current.filter(p -> Routing.qualifies(p, needed, units, excluded))
                    .filter(p -> !p.holds(conversationId))
                    .ifPresent(p -> {
                        candidates.addFirst(p);
                        var reordered = Routing.candidates(candidates, needed, units, excluded);
                        candidates.clear();
                        candidates.addAll(reordered);
                    });
        }
        return Optional.empty();
    }

    private static void warnFull(Participant participant) {
        LOG.warnf("participant %s takes no more conversations: its item holds as many claims as it can (%d open)",
                participant.id(), participant.assignments().size());
    }

    /** The holder a claim makes; a representative with a webhook has its desk told while it holds the conversation. */
    static Assignee assignee(Participant participant, int units, String token) {
        return new Assignee(participant.id(), participant.kind(), units, token,
                participant.kind() == ParticipantKind.REPRESENTATIVE && participant.webhook() != null);
    }

    /**
     * Gives back a claim: of a holder the conversation no longer has, or one no conversation came to hold because its
     * conversation write lost. A claim already released is left alone.
     */
    public Optional<Participant> release(Assignee holder, String conversationId) {
        return participants.release(holder.participantId(), conversationId, holder.claimToken(), holder.units());
    }
}
