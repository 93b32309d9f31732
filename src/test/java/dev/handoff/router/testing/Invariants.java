package dev.handoff.router.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.handoff.router.domain.Claim;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ConversationStatus;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.ParticipantStore;

/**
 * The consistency rule every concurrency test checks once things are quiet: each participant's load is the sum of the
 * units of the conversations assigned to it; every held conversation has exactly one assignee and appears, with the
 * same claim, among that participant's claims (settled or not); no other claim exists.
 */
public final class Invariants {
    private Invariants() {
    }

    public static void check(ParticipantStore participants, ConversationStore conversations,
            Collection<String> participantIds, Collection<String> conversationIds) {
        var problems = violations(participants, conversations, participantIds, conversationIds);
        if (!problems.isEmpty()) {
            throw new AssertionError("invariant broken:\n  " + String.join("\n  ", problems));
        }
    }

    public static List<String> violations(ParticipantStore participants, ConversationStore conversations,
            Collection<String> participantIds, Collection<String> conversationIds) {
        var problems = new ArrayList<String>();
        Map<String, Conversation> byId = new HashMap<>();
        for (String id : conversationIds) {
            conversations.find(id).ifPresent(c -> byId.put(id, c));
        }
        Map<String, Participant> people = new HashMap<>();
        participants.findAll(participantIds).forEach(p -> people.put(p.id(), p));

        Map<String, Map<String, Claim>> claimsOf = new HashMap<>();
        for (Participant p : people.values()) {
            var claims = new HashMap<String, Claim>();
            for (String after = null;;) {
                var page = participants.held(p, after, 100);
                page.claims().forEach(c -> claims.put(c.conversationId(), c.claim()));
                after = page.nextAfter();
                if (after == null) {
                    break;
                }
            }
            claimsOf.put(p.id(), claims);
            int claimed = claims.values().stream().mapToInt(Claim::units).sum();
            if (claimed != p.load()) {
                problems.add(p.id() + ": load " + p.load() + " but its claims hold " + claimed);
            }
            if (p.load() < 0) {
                problems.add(p.id() + ": negative load " + p.load());
            }
            claims.forEach((conversationId, claim) -> {
                var conversation = byId.get(conversationId);
                // The conversation holds it for its holder, keeps it for a wrap-up of the one that let it go, or for
                // the representative it is offered to.
                var holder = conversation == null ? null : java.util.stream.Stream.concat(
                        java.util.stream.Stream.concat(java.util.stream.Stream.ofNullable(conversation.assignee()),
                                java.util.stream.Stream.ofNullable(conversation.offer()).map(o -> o.holder())),
                        conversation.wrapUps().stream().map(w -> w.holder()))
                        .filter(h -> h.participantId().equals(p.id()) && h.claimToken().equals(claim.token()))
                        .findFirst().orElse(null);
                if (holder == null || holder.units() != claim.units()) {
                    problems.add(p.id() + ": claim for " + conversationId + " that the conversation does not hold ("
                            + describe(claim, p) + "; the conversation: "
                            + (byId.containsKey(conversationId) ? describe(byId.get(conversationId)) : "none") + ")");
                }
            });
        }
        for (Conversation c : byId.values()) {
            if (c.status() == ConversationStatus.ENDED && c.assignee() != null) {
                problems.add(c.id() + ": ended but still assigned to " + c.assignee().participantId());
            }
            if (c.status() == ConversationStatus.ASSIGNED && c.assignee() == null) {
                problems.add(c.id() + ": assigned to nobody");
            }
            if (c.status() == ConversationStatus.WAITING && c.waitingFor() == null) {
                problems.add(c.id() + ": waiting for nothing");
            }
            if (c.assignee() != null) {
                var holder = people.get(c.assignee().participantId());
                var claim = holder == null ? null : claimsOf.get(holder.id()).get(c.id());
                if (claim == null || !claim.token().equals(c.assignee().claimToken())) {
                    problems.add(c.id() + ": held by " + c.assignee().participantId() + " without its claim ("
                            + describe(c) + "; its claim there: " + (claim == null ? "none" : describe(claim, holder))
                            + ")");
                }
            }
            for (var wrapUp : c.wrapUps()) {
                var holder = people.get(wrapUp.holder().participantId());
                var claim = holder == null ? null : claimsOf.get(holder.id()).get(c.id());
                if (claim == null || !claim.token().equals(wrapUp.holder().claimToken())) {
                    problems.add(c.id() + ": wrapped up by " + wrapUp.holder().participantId() + " without its claim");
                }
            }
            if (c.offer() != null) {
                var holder = people.get(c.offer().holder().participantId());
                var claim = holder == null ? null : claimsOf.get(holder.id()).get(c.id());
                if (claim == null || !claim.token().equals(c.offer().holder().claimToken())) {
                    problems.add(c.id() + ": offered to " + c.offer().holder().participantId() + " without its claim");
                }
                if (c.status() != ConversationStatus.WAITING) {
                    problems.add(c.id() + ": offered while " + c.status().wire());
                }
            }
            if (c.pendingDelivery() != null) {
                problems.add(c.id() + ": bot calls still owed to " + c.pendingDelivery().participantId() + " ("
                        + c.status().wire() + ", timeline " + c.timeline().stream()
                                .map(e -> e.event() + ":" + e.participantId() + "@" + e.eventId()).toList() + ")");
            }
        }
        return problems;
    }

    /** A claim as a failure should show it: token, units, and whether it is still on the participant unsettled. */
    private static String describe(Claim claim, Participant on) {
        boolean unsettled = on.unsettled().values().stream().anyMatch(c -> c.token().equals(claim.token()));
        return "claim " + claim.token() + " of " + claim.units() + (unsettled ? ", unsettled" : ", settled")
                + ", load " + on.load();
    }

    /** A conversation as a failure should show it: status, holder and timeline, without customer context. */
    private static String describe(Conversation c) {
        return c.status().wire() + ", held by " + (c.assignee() == null ? "nobody"
                : c.assignee().participantId() + " with " + c.assignee().claimToken()) + ", timeline "
                + c.timeline().stream().map(e -> e.event() + ":" + e.participantId() + "@" + e.eventId()).toList();
    }
}
