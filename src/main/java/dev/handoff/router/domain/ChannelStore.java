package dev.handoff.router.domain;

import java.util.Optional;

/** Registered channels and their webhooks. */
public interface ChannelStore {

    Optional<Channel> find(String channelId);

    /** Registers the channel or replaces its webhook. */
    Channel upsert(Channel channel);
}
