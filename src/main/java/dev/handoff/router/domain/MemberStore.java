package dev.handoff.router.domain;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Who serves each queue, one entry per queue and member, and among them who has room now: an index kept in step by
 * the steps that change a participant (claim, release, presence, upsert), each mirroring the participant's state into
 * its entries. The index suggests the best few candidates, so a routing decision reads a few members whatever the
 * queue's size; the conditional claim on the participant's own item still decides, so a stale entry costs a retry,
 * never capacity.
 */
public interface MemberStore {

    /**
     * Makes the participant a member of the queue, its entry mirroring {@code participant} (or a later revision
     * already mirrored there).
     */
    void join(String queueId, Participant participant);

    /** Takes the participant's entry out of the queue; nothing when it had none. */
    void leave(String queueId, String participantId);

    /**
     * Mirrors the participant's availability into its entry in each of its queues, unless the entry mirrors the same
     * or a later {@link Participant#revision()} already. Entries of queues it is not a member of are not made.
     */
    void mirror(Participant participant);

    /**
     * Suggests up to {@code limit} members of a kind with room, best first as {@link Routing#rank} orders them. A
     * suggestion: it may lag a step that crashed before mirroring, until that step's retry or the sweeper.
     */
    List<String> mostRoom(String queueId, ParticipantKind kind, int limit);

    /**
     * One page of a queue's members in id order (a strongly consistent read).
     *
     * @param after the last id of the previous page; null for the first
     */
    MemberPage page(String queueId, String after, int limit);

    /**
     * How many members a queue has, counted from its entries (an eventually consistent read of some 110 bytes each:
     * a member that joined a moment ago may be missed).
     */
    int count(String queueId);

    /**
     * The revision each of these participants' entries mirrors, one per queue it lists, strongly consistent; an entry
     * that does not exist is absent (the sweeper's check for entries a crashed step left behind).
     */
    Map<Entry, Long> mirrored(Collection<Participant> participants);

    /** @param after the {@code after} of the next page; null on the last one */
    record MemberPage(List<String> participantIds, String after) {
    }

    /** A participant's entry in one queue. */
    record Entry(String queueId, String participantId) {
    }
}
