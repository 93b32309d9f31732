package dev.handoff.router.domain;

import java.util.Collection;
import java.util.List;

/**
 * Who serves each queue, one entry per queue and member, and among them who has room now: an index kept in step by
 * the steps that change a participant (claim, release, presence, upsert), each mirroring the participant's state into
 * its entries. The index suggests the best few candidates, so a routing decision reads a few members whatever the
 * queue's size; the conditional claim on the participant's own item still decides, so a stale suggestion costs a
 * look, never capacity.
 *
 * <p>A participant with room has one <em>room item</em> per queue, keyed by its rank by the queue's
 * {@link AssignmentMethod}, and one more for each skill the queue indexes that it has, kept apart by that skill's
 * level (the queue's {@link RoomLayout}; {@link RoomLayouts} tells the store each queue's): a mirror writes the new ones
 * before it deletes the old ones, so a participant with room is never missing from the index while its room changes
 * (it may show twice for a moment, or, after a crash, by an old rank until a look mends it; see {@link #mend}).
 */
public interface MemberStore {

    /**
     * Makes the participant a member of the queue, its entry mirroring {@code participant} (or a later revision
     * already mirrored there), and writes its room item again: also how a lost mirror is mended.
     */
    void join(String queueId, Participant participant);

    /** Takes the participant's entry out of the queue; nothing when it had none. */
    void leave(String queueId, String participantId);

    /**
     * Mirrors the participant's availability into its entry and room item in each of its queues, unless the entry
     * mirrors the same or a later {@link Participant#revision()} already. Entries of queues it is not a member of are
     * not made.
     */
    void mirror(Participant participant);

    /**
     * Up to {@code limit} room items of a queue's members of one kind, best first as {@code method}'s
     * {@link AssignmentMethod#rank} orders them (a strongly consistent read); room items ranked by another method (the
     * queue's before a change) are not among them. A suggestion: the participant may have changed since.
     */
    default List<Suggestion> mostRoom(String queueId, AssignmentMethod method, ParticipantKind kind, int limit) {
        return mostRoom(queueId, RoomLayout.of(method), KindNeeded.only(kind), Skills.NONE, limit);
    }

    /**
     * The same, of the kinds {@code needed} accepts, among the members whose skills (as their room items mirror
     * them) cover {@code required}: when the layout indexes none of them, up to {@code limit} of each kind, read in rank
     * order passing over those without the skills; when it indexes one ({@link RoomLayout#lookUpBy}), up to {@code
     * limit} in all, best first, from that skill's room items at the level asked or above, which hold both kinds,
     * passing over those without the other required skills (and, for one kind, those of the other). Either way the
     * look costs more the fewer of the members read qualify, never more with the queue's size alone.
     */
    List<Suggestion> mostRoom(String queueId, RoomLayout layout, KindNeeded needed, Skills required, int limit);

    /**
     * Takes out a suggestion that does not match its participant as read now, if its member's entry no longer names it
     * (a room item a crashed mirror left behind); one the entry names stays, since the mirror of a step still running
     * will replace it, and until then it keeps the participant in the index.
     */
    void mend(String queueId, Suggestion suggested);

    /**
     * One page of a queue's members in id order (a strongly consistent read).
     *
     * @param after the last id of the previous page; null for the first
     */
    MemberPage page(String queueId, String after, int limit);

    /**
     * How many members a queue has, counted from its entries (an eventually consistent read of some 150 bytes each:
     * a member that joined a moment ago may be missed).
     */
    int count(String queueId);

    /**
     * Which of these participants lack the room item their current state needs in one of their queues (the sweeper's
     * check for mirrors a crashed step left undone), as entries; participants without room need none.
     */
    List<Entry> missingRoom(Collection<Participant> participants);

    /**
     * One suggestion of the index: its participant, and the kind, rank and revision its room item was written with.
     *
     * @param foundBy the indexed skill and level whose room item suggested it; null for its kind's room item
     */
    record Suggestion(String participantId, ParticipantKind kind, String rank, long revision,
            RoomLayout.SkillLevel foundBy) {
        /** A suggestion of its kind's room item. */
        public Suggestion(String participantId, ParticipantKind kind, String rank, long revision) {
            this(participantId, kind, rank, revision, null);
        }
    }

    /** @param after the {@code after} of the next page; null on the last one */
    record MemberPage(List<String> participantIds, String after) {
    }

    /** A participant's entry in one queue. */
    record Entry(String queueId, String participantId) {
    }
}
