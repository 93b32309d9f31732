package dev.handoff.router.domain;

import java.time.Instant;

/**
 * One message of a conversation's transcript, kept outside the conversation item.
 *
 * @param sequence its place in the conversation: increasing, allocated by the conversation's write that recorded it
 *                 (so one writer owns each), with gaps where sequences were reserved for replies that did not come
 */
public record TranscriptMessage(String conversationId, long sequence, Instant at, Speaker from, String text) {
}
