package dev.handoff.router.testing.memory;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.handoff.router.domain.Channel;
import dev.handoff.router.domain.ChannelStore;

/** Channels in a map, as the DynamoDB store keeps them (one item per channel, replaced whole). */
public final class InMemoryChannelStore implements ChannelStore {
    private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();

    @Override
    public Optional<Channel> find(String channelId) {
        return Optional.ofNullable(channels.get(channelId));
    }

    @Override
    public Channel upsert(Channel channel) {
        channels.put(channel.id(), channel);
        return channel;
    }
}
