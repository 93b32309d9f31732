package dev.handoff.router.domain;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A bot or a representative with a capacity in units and the load it carries. The claims that make up that load are
 * each an item of their own once settled ({@link ParticipantStore#settle}), so the participant stays small however
 * many conversations it holds; only claims still being made are on it.
 *
 * @param load           units currently held; always the sum of its claims' units, settled or not
 * @param unsettled      conversation id to a claim made here whose conversation write may not have landed yet: it
 *                       stays on the participant until settled, so that a step retried after a crash finds it again
 * @param lastAssignedAt when it last received a conversation; ties in remaining capacity go to the one idle longest
 * @param webhook        a bot's: where its calls go (required); a representative's: its desk (CONTRACT §3c), null when
 *                       it registered none. Bot calls go only to bots ({@link #takesBotCalls()})
 * @param revision       counts the writes to the participant's item: its entries in its queues' member lists mirror
 *                       one revision, and an older one never overwrites a newer ({@link MemberStore#mirror})
 * @param lastReleasedAt when a conversation it held last ended for it (released); null if never
 * @param skills         what it can do, each at a level: it gets only conversations whose required skills these cover
 * @param missedOffers   offers it declined or let expire in a row (a queue's {@link OfferPolicy}): an accept, or a
 *                       change of its presence, sets it back to 0
 */
public record Participant(String id, ParticipantKind kind, String name, int capacity, int load, List<String> queues,
        Presence presence, Webhook webhook, Map<String, Claim> unsettled, Instant lastAssignedAt, long revision,
        Instant lastReleasedAt, Skills skills, int missedOffers) {

    public Participant {
        queues = List.copyOf(queues);
        unsettled = Map.copyOf(unsettled);
        skills = skills == null ? Skills.NONE : skills;
    }

    /** A participant that missed no offer. */
    public Participant(String id, ParticipantKind kind, String name, int capacity, int load, List<String> queues,
            Presence presence, Webhook webhook, Map<String, Claim> unsettled, Instant lastAssignedAt, long revision,
            Instant lastReleasedAt, Skills skills) {
        this(id, kind, name, capacity, load, queues, presence, webhook, unsettled, lastAssignedAt, revision,
                lastReleasedAt, skills, 0);
    }

    /** A participant without skills. */
    public Participant(String id, ParticipantKind kind, String name, int capacity, int load, List<String> queues,
            Presence presence, Webhook webhook, Map<String, Claim> unsettled, Instant lastAssignedAt, long revision,
            Instant lastReleasedAt) {
        this(id, kind, name, capacity, load, queues, presence, webhook, unsettled, lastAssignedAt, revision,
                lastReleasedAt, Skills.NONE);
    }

    /** The same participant with these skills. */
    public Participant withSkills(Skills changed) {
        return new Participant(id, kind, name, capacity, load, queues, presence, webhook, unsettled, lastAssignedAt,
                revision, lastReleasedAt, changed, missedOffers);
    }

    /** A participant none of whose conversations was released yet. */
    public Participant(String id, ParticipantKind kind, String name, int capacity, int load, List<String> queues,
            Presence presence, Webhook webhook, Map<String, Claim> unsettled, Instant lastAssignedAt, long revision) {
        this(id, kind, name, capacity, load, queues, presence, webhook, unsettled, lastAssignedAt, revision, null);
    }

    /** A participant not yet written (revision 0). */
    public Participant(String id, ParticipantKind kind, String name, int capacity, int load, List<String> queues,
            Presence presence, Webhook webhook, Map<String, Claim> unsettled, Instant lastAssignedAt) {
        this(id, kind, name, capacity, load, queues, presence, webhook, unsettled, lastAssignedAt, 0);
    }

    /**
     * This participant just after a claim on it landed, as the claim's write answered: its load and revision then,
     * and the claim among its unsettled ones.
     */
    public Participant afterClaim(String conversationId, Claim claim, int loadAfter, long revisionAfter) {
        var held = new HashMap<>(unsettled);
        held.put(conversationId, claim);
        return new Participant(id, kind, name, capacity, loadAfter, queues, presence, webhook, held,
                claim.claimedAt(), revisionAfter, lastReleasedAt, skills, missedOffers);
    }

    /** When a conversation was last given to it or ended for it, whichever came later; null if neither ever. */
    public Instant lastActiveAt() {
        if (lastReleasedAt == null) {
            return lastAssignedAt;
        }
        return lastAssignedAt == null || lastReleasedAt.isAfter(lastAssignedAt) ? lastReleasedAt : lastAssignedAt;
    }

    /** Whether routing may suggest it for a new conversation now: available with room for one unit at least. */
    public boolean hasRoom() {
        return canTake(1);
    }

    public int remaining() {
        return capacity - load;
    }

    /** Whether a new conversation of {@code units} may be claimed here now. */
    public boolean canTake(int units) {
        return presence == Presence.AVAILABLE && load + units <= capacity;
    }

    /** Whether it may get a conversation that requires {@code required}: it has each at that level or above. */
    public boolean qualifiesFor(Skills required) {
        return skills.covers(required);
    }

    /** Whether a claim for the conversation is being made here (not settled yet): another one could only fail. */
    public boolean claiming(String conversationId) {
        return unsettled.containsKey(conversationId);
    }

    /**
     * Whether a bot's calls (its arrival, the customer's messages) may be made to its webhook: only a bot's. A
     * representative's webhook is its desk, which never gets them, even for a conversation it held as a bot.
     */
    public boolean takesBotCalls() {
        return kind == ParticipantKind.BOT && webhook != null;
    }
}
