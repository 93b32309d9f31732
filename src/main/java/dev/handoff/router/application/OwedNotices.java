package dev.handoff.router.application;

import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ConversationStatus;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.Metrics;
import dev.handoff.router.domain.NoticeChannel;
import dev.handoff.router.domain.Owed;
import dev.handoff.router.domain.TranscriptMessage;
import dev.handoff.router.domain.TranscriptStore;
import dev.handoff.router.domain.Webhook;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Posts the notices a conversation owes the customer's channel and representatives' desks (the outbox: each was
 * written in the same conditional write as the change it tells of), then writes that they are owed no more.
 * <p>
 * Order: a recipient's notices go in the order they were owed, and one is posted only once the one before it was
 * answered 2xx (by this step, or by another that then removed it); a notice that fails holds back the later ones of
 * its recipient, for the next step or the sweeper. So, among the calls a recipient receives, the first of each
 * {@code webhook-id} come in order with no gap. Two steps may post the same notice (a step and a repeat of it, or the
 * sweeper): at least once, under the same {@code webhook-id}.
 */
@ApplicationScoped
public class OwedNotices {
    private static final Logger LOG = Logger.getLogger(OwedNotices.class);
    /** Bounds one step's calls; what is left stays owed for the next step or the sweeper. */
    private static final int MAX_POSTS = 50;
    private static final int MAX_RECORD_ATTEMPTS = 5;
    /** How much of the transcript a representative's desk is shown when it gets a conversation: the latest. */
    static final int TRANSCRIPT_FOR_DESK = 50;

    private final ConversationStore conversations;
    private final TranscriptStore transcripts;
    private final WebhookDirectory webhooks;
    private final NoticeChannel channel;
    private final Metrics metrics;
    private final Lines lines;
    private final Clock clock;

    public OwedNotices(ConversationStore conversations, TranscriptStore transcripts, WebhookDirectory webhooks,
            NoticeChannel channel, Metrics metrics, Lines lines, Clock clock) {
        this.lines = lines;
        this.clock = clock;
        this.metrics = metrics;
        this.conversations = conversations;
        this.transcripts = transcripts;
        this.webhooks = webhooks;
        this.channel = channel;
    }

    /**
     * Posts what {@code stored} owes, in order per recipient, and records what went.
     *
     * @param known the conversation's place in its line (and the wait estimated for it) if the caller has read it
     *              already (saves a read); null
     * @return the conversation as stored afterwards
     */
    public Conversation post(Conversation stored, Lines.Place known) {
        var owed = stored.noticesOwed();
        if (owed.isEmpty()) {
            return stored;
        }
        var posted = new LinkedHashSet<Long>();
        var heldBack = new HashSet<String>();
        Lines.Place place = known;
        for (Owed entry : owed.subList(0, Math.min(owed.size(), MAX_POSTS))) {
            var notice = (Owed.Notice) entry.call();
            String recipient = notice.audience().name().toLowerCase(Locale.ROOT) + " " + notice.recipient();
            if (heldBack.contains(recipient)) {
                continue; // an earlier notice to it did not go: this one waits behind it
            }
            var webhook = webhookOf(notice);
            if (webhook.isEmpty()) {
                // What this instance kept may predate the webhook: look again before deciding.
                forget(notice);
                webhook = webhookOf(notice);
            }
            if (webhook.isEmpty() && notice.audience() == Owed.Audience.DESK) {
                posted.add(entry.seq()); // the representative took its desk's webhook away since: nobody to tell
                continue;
            }
            if (webhook.isEmpty()) {
                heldBack.add(recipient); // a channel is never unregistered: wait for it, as for a failed call
                continue;
            }
            if (notice.type() == Owed.NoticeType.WAITING && place == null
                    && stored.status() == ConversationStatus.WAITING && stored.offer() == null) { // offered: no place
                place = lines.place(stored, clock.instant());
            }
            var body = body(stored, notice, place);
            String webhookId = Hashing.webhookId(stored.id(), "notice", Long.toString(entry.seq()));
            var result = channel.post(recipient, webhook.get(), webhookId, body);
            if (result.ok()) {
                posted.add(entry.seq());
            } else {
                heldBack.add(recipient);
                LOG.warnf("conversation %s: %s notice to %s not delivered: %s; it stays owed", stored.id(),
                        notice.type().wire(), recipient, result.failure());
                metrics.noticeFailed(notice.audience());
                forget(notice);
            }
        }
        return posted.isEmpty() ? stored : record(stored, posted);
    }

    private void forget(Owed.Notice notice) {
        if (notice.audience() == Owed.Audience.DESK) {
            webhooks.forgetParticipant(notice.recipient());
        } else {
            webhooks.forgetChannel(notice.recipient());
        }
    }

    private Optional<Webhook> webhookOf(Owed.Notice notice) {
        return notice.audience() == Owed.Audience.CHANNEL
                ? webhooks.channel(notice.recipient()).map(found -> found.webhook())
                : webhooks.participant(notice.recipient()).map(found -> found.webhook());
    }

    private Map<String, Object> body(Conversation c, Owed.Notice notice, Lines.Place place) {
        if (notice.audience() == Owed.Audience.CHANNEL) {
            return NoticeBodies.toChannel(c, notice, c.status() == ConversationStatus.WAITING ? place : null);
        }
        boolean shown = notice.type() == Owed.NoticeType.ASSIGNED || notice.type() == Owed.NoticeType.OFFERED;
        List<TranscriptMessage> said = !shown || notice.transcriptSequence() == 0
                ? List.of()
                : transcripts.latest(c.id(), TRANSCRIPT_FOR_DESK).stream()
                        .filter(m -> m.sequence() <= notice.transcriptSequence()).toList();
        return NoticeBodies.toDesk(c, notice, said);
    }

    /**
     * Writes that the posted notices are owed no more. A step that keeps losing the write leaves them owed: they are
     * posted again later, under the same ids, which the contract allows.
     */
    private Conversation record(Conversation read, Set<Long> posted) {
        Conversation current = read;
        for (int attempt = 0; attempt < MAX_RECORD_ATTEMPTS; attempt++) {
            if (current.noticesOwed().stream().noneMatch(entry -> posted.contains(entry.seq()))) {
                return current; // recorded meanwhile by another step
            }
            try {
                return conversations.replace(current.noticesPosted(posted));
            } catch (ConversationStore.StaleWrite changed) {
                var reread = conversations.find(read.id());
                if (reread.isEmpty()) {
                    return current;
                }
                current = reread.get();
            }
        }
        return current;
    }
}
