package dev.handoff.router.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.ParticipantStore;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Bots' webhooks for message calls, read once and kept a few seconds per container: a chat turn then costs no read of
 * the bot's item. A changed webhook is seen within {@link #KEPT}, and at once after a failed call ({@link #forget}).
 * (Arrival calls and routing read the participant itself: they decide on its capacity.)
 */
@ApplicationScoped
public class BotDirectory {
    static final Duration KEPT = Duration.ofSeconds(10);

    private record Entry(Participant bot, Instant readAt) {
    }

    private final ParticipantStore participants;
    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> kept = new ConcurrentHashMap<>();

    public BotDirectory(ParticipantStore participants, Clock clock) {
        this.participants = participants;
        this.clock = clock;
    }

    public Optional<Participant> find(String botId) {
        Instant now = clock.instant();
        var entry = kept.get(botId);
        if (entry != null && entry.readAt().plus(KEPT).isAfter(now)) {
            return Optional.of(entry.bot());
        }
        var found = participants.find(botId);
        found.ifPresent(bot -> kept.put(botId, new Entry(bot, now)));
        return found;
    }

    public void forget(String botId) {
        kept.remove(botId);
    }
}
