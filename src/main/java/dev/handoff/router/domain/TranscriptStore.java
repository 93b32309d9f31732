package dev.handoff.router.domain;

import java.util.List;

/**
 * Every message of every conversation, in order, one item each, outside the conversation item (so that item's writes
 * stay small however long the conversation runs).
 */
public interface TranscriptStore {

    /**
     * Writes messages. Each sequence belongs to the one write of its conversation that allocated it, so writing the same
     * message again (a retry, the sweeper) is harmless and needs no condition.
     */
    void append(List<TranscriptMessage> messages);

    /** Removes messages written for a reply that was then dropped (the bot lost the conversation meanwhile). */
    void remove(String conversationId, List<Long> sequences);

    /**
     * One page of a conversation's messages after a sequence, in order.
     *
     * @param after  0 for the first page
     * @param limit  1 to 100
     */
    Page page(String conversationId, long after, int limit);

    /** The latest {@code limit} messages of a conversation, in order. */
    List<TranscriptMessage> latest(String conversationId, int limit);

    /** @param nextAfter the {@code after} of the next page; null when this is the last one */
    record Page(List<TranscriptMessage> messages, Long nextAfter) {
    }
}
