package dev.handoff.router.domain;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The room layout of each queue ({@link RoomLayout}: its assignment method and indexed skills), as the room index needs
 * it at every mirror of a participant into its queues. An implementation may keep what it read for a few seconds: a
 * room item laid out by settings just replaced is out of its queue's sight, and is written again by the participant's
 * next mirror or the sweeper.
 */
public interface RoomLayouts {

    /** The layout of each of these queues that exists; the others are absent. */
    Map<String, RoomLayout> of(Collection<String> queueIds);

    /** The layout of one queue: the default for a queue that does not exist. */
    default RoomLayout of(String queueId) {
        return of(List.of(queueId)).getOrDefault(queueId, RoomLayout.DEFAULT);
    }
}
