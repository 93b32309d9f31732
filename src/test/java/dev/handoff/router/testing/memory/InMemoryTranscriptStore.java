package dev.handoff.router.testing.memory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.handoff.router.domain.TranscriptMessage;
import dev.handoff.router.domain.TranscriptStore;

/**
 * The transcript in memory, as {@code DynamoDbTranscriptStore} keeps it: one entry per conversation and sequence,
 * written over by a second write of the same sequence, pages in sequence order (a strongly consistent Query with a
 * limit), times at millisecond precision. One lock for the store.
 */
public final class InMemoryTranscriptStore implements TranscriptStore {
    private final Map<String, TreeMap<Long, TranscriptMessage>> conversations = new HashMap<>();

    @Override
    public synchronized void append(List<TranscriptMessage> messages) {
        for (var m : messages) {
            conversations.computeIfAbsent(m.conversationId(), id -> new TreeMap<>()).put(m.sequence(),
                    new TranscriptMessage(m.conversationId(), m.sequence(), StoredForm.millis(m.at()), m.from(),
                            m.text()));
        }
    }

    @Override
    public synchronized void remove(String conversationId, List<Long> sequences) {
        var messages = conversations.get(conversationId);
        if (messages != null) {
            sequences.forEach(messages::remove);
        }
    }

    @Override
    public synchronized Page page(String conversationId, long after, int limit) {
        var rest = conversations.getOrDefault(conversationId, new TreeMap<>()).tailMap(after, false);
        var page = new ArrayList<>(rest.values()).subList(0, Math.min(limit, rest.size()));
        boolean more = rest.size() > limit;
        return new Page(List.copyOf(page), more ? page.get(page.size() - 1).sequence() : null);
    }

    @Override
    public synchronized List<TranscriptMessage> latest(String conversationId, int limit) {
        var all = new ArrayList<>(conversations.getOrDefault(conversationId, new TreeMap<>()).values());
        return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
    }
}
