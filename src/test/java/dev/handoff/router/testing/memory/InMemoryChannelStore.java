package dev.handoff.router.testing.memory;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.handoff.router.domain.Channel;
import dev.handoff.router.domain.ChannelStore;

/** Channels in a map, with the writes of {@code DynamoDbChannelStore}: an upsert replaces the whole channel. */
public final class InMemoryChannelStore implements ChannelStore {
    private final Map<String, Channel> channels = new HashMap<>();

    @Override
    public synchronized Optional<Channel> find(String channelId) {
        return Optional.ofNullable(channels.get(channelId));
    }

    @Override
    public synchronized Channel upsert(Channel channel) {
        channels.put(channel.id(), channel);
        return channel;
    }
}
