package dev.handoff.router.domain;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The assignment method of each queue, as the room index needs it at every mirror of a participant into its queues
 * (its room items are ranked by their queue's method). An implementation may keep what it read for a few seconds: a
 * room item ranked by a method just replaced is out of its queue's sight, and is written again by the participant's
 * next mirror or the sweeper.
 */
public interface AssignmentMethods {

    /** The method of each of these queues that exists; the others are absent. */
    Map<String, AssignmentMethod> of(Collection<String> queueIds);

    /** The method of one queue: the default for a queue that does not exist. */
    default AssignmentMethod of(String queueId) {
        return of(List.of(queueId)).getOrDefault(queueId, AssignmentMethod.HIGHEST_CAPACITY);
    }
}
