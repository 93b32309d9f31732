package dev.handoff.router.application;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import dev.handoff.router.config.RouterConfig;
import dev.handoff.router.domain.Channel;
import dev.handoff.router.domain.ChannelStore;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.ParticipantStore;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The webhooks of bots, desks and channels for the calls made during a chat, read once and kept a few seconds per
 * container: a chat turn then costs no read of their items. A changed webhook is seen within {@link #KEPT}, at once in
 * the container that changed it, and after a failed call ({@link #forgetParticipant}). A channel found unregistered
 * is kept so too, so that conversations of a channel without a webhook cost no read. (Arrival calls and routing read
 * the participant itself: they decide on its capacity.) How long: {@code router.webhook.directory-kept}.
 */
@ApplicationScoped
public class WebhookDirectory {
    private final Kept<Participant> participants;
    private final Kept<Channel> channels;

    public WebhookDirectory(ParticipantStore participants, ChannelStore channels, RouterConfig config, Clock clock) {
        Duration kept = config.webhook().directoryKept();
        this.participants = Kept.ofOne(participants::find, kept, clock);
        this.channels = Kept.ofOne(channels::find, kept, clock);
    }

    public Optional<Participant> participant(String participantId) {
        return participants.find(participantId);
    }

    public void forgetParticipant(String participantId) {
        participants.forget(participantId);
    }

    /** The channel, if it is registered. */
    public Optional<Channel> channel(String channelId) {
        return channelId == null ? Optional.empty() : channels.find(channelId);
    }

    public void forgetChannel(String channelId) {
        channels.forget(channelId);
    }
}
