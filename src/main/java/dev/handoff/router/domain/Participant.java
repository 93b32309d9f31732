package dev.handoff.router.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A bot or a representative with a capacity in units, the load it carries and the conversations that make up that load.
 *
 * @param load           units currently held; always the sum of {@code assignments}' units
 * @param assignments    conversation id to the claim it holds here
 * @param lastAssignedAt when it last received a conversation; ties in remaining capacity go to the one idle longest
 * @param webhook        for bots: where calls go; null for representatives
 */
public record Participant(String id, ParticipantKind kind, String name, int capacity, int load, List<String> queues,
        Presence presence, Webhook webhook, Map<String, Claim> assignments, Instant lastAssignedAt) {

    public Participant {
        queues = List.copyOf(queues);
        assignments = Map.copyOf(assignments);
    }

    public int remaining() {
        return capacity - load;
    }

    /** Whether a new conversation of {@code units} may be claimed here now. */
    public boolean canTake(int units) {
        return presence == Presence.AVAILABLE && load + units <= capacity;
    }

    public boolean holds(String conversationId) {
        return assignments.containsKey(conversationId);
    }
}
