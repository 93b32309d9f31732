package dev.handoff.router.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import dev.handoff.router.config.RouterConfig;
import dev.handoff.router.domain.BotChannel;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.Metrics;
import dev.handoff.router.domain.Owed;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.Speaker;
import dev.handoff.router.domain.TranscriptMessage;
import dev.handoff.router.domain.TranscriptStore;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Delivers the customer's messages owed to the bot that holds the conversation, in order, and keeps its replies. The
 * fence: replies are kept only while the bot still holds the conversation by the claim it held when the message was
 * said; a bot that lost it meanwhile (a representative took over) has its replies dropped, and the timeline says
 * {@code reply-dropped}. A message is in the transcript before the bot is called, its replies are written at the
 * sequences reserved for them before the write that records them, so a crash anywhere leaves what a retry or the
 * sweeper finishes the same way.
 */
@ApplicationScoped
public class OwedMessages {
    private static final Logger LOG = Logger.getLogger(OwedMessages.class);
    /** Bounds one step's work; what is left stays owed for the next step or the sweeper. */
    private static final int MAX_DELIVERIES = 20;
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private final ConversationStore conversations;
    private final TranscriptStore transcripts;
    private final WebhookDirectory bots;
    private final BotChannel channel;
    private final BotActivities activities;
    private final Duration lease;
    private final Metrics metrics;
    private final Clock clock;

    public OwedMessages(ConversationStore conversations, TranscriptStore transcripts, WebhookDirectory bots,
            BotChannel channel, BotActivities activities, RouterConfig config, Metrics metrics, Clock clock) {
        this.metrics = metrics;
        this.conversations = conversations;
        this.transcripts = transcripts;
        this.bots = bots;
        this.channel = channel;
        this.activities = activities;
        this.lease = config.saga().lease();
        this.clock = clock;
    }

    /**
     * Delivers what the conversation owes its bot, in order: the messages of {@code eventKey} (the caller's own), and
     * those whose step is presumed dead; a message another step is still delivering is waited for.
     *
     * @param eventKey   the event whose message the caller said; null for the sweeper, which takes only abandoned ones
     * @param firstOfItsEvent false for a repeat of the event: it delivers the event's message only once the first
     *                   delivery is presumed dead, and else waits for it (so the bot hears the message once)
     * @return the replies kept for the message of {@code eventKey}; empty when none, or when it was not delivered
     * @throws InProgress when what must go first is still being delivered after the longest wait: retry later
     */
    public Delivery deliver(Conversation stored, String eventKey, boolean firstOfItsEvent) {
        Conversation current = stored;
        List<TranscriptMessage> repliesToCaller = List.of();
        var requests = new ArrayList<BotRequests.Requested>();
        Instant waitUntil = clock.instant().plus(MAX_WAIT);
        int deliveries = 0;
        while (deliveries < MAX_DELIVERIES) {
            var first = current.firstMessageOwed();
            if (first.isEmpty()) {
                return new Delivery(current, repliesToCaller, requests);
            }
            var owed = first.get();
            var message = (Owed.MessageToBot) owed.call();
            boolean own = message.eventKey().equals(eventKey)
                    && (firstOfItsEvent || owed.abandoned(clock.instant(), lease));
            // The bot's arrival calls go first; and a message another live step is delivering goes before ours.
            boolean earlierWork = current.pendingDelivery() != null
                    || !own && !owed.abandoned(clock.instant(), lease);
            if (earlierWork) {
                if (eventKey == null || current.messageOwedFor(eventKey).isEmpty()) {
                    return new Delivery(current, repliesToCaller, requests); // the step that owes it delivers it
                }
                if (clock.instant().isAfter(waitUntil)) {
                    throw new InProgress("conversation " + current.id() + ": an earlier delivery is still at work");
                }
                pause(); // another step is delivering an earlier message: ours goes after it
                current = conversations.find(current.id()).orElse(current);
                continue;
            }
            deliveries++;
            var delivered = deliverOne(current, owed, own);
            if (delivered == null) {
                // the bot did not take it: it stays owed, for a retry or the sweeper
                return new Delivery(current, repliesToCaller, requests);
            }
            if (own) {
                repliesToCaller = delivered.replies();
            }
            if (delivered.request() != null) {
                requests.add(delivered.request());
            }
            current = delivered.conversation();
        }
        return new Delivery(current, repliesToCaller, requests);
    }

    /**
     * What a delivery gave the caller: the conversation as last read or written (it owes the channel the replies kept),
     * the replies to its own message, and what the bots asked for in the replies kept (to escalate, to end), for the
     * caller to do once it has answered for the messages.
     */
    public record Delivery(Conversation conversation, List<TranscriptMessage> replies,
            List<BotRequests.Requested> requests) {
    }

    /** The conversation after one message was delivered, the replies kept, and what the bot asked for. */
    private record Delivered(Conversation conversation, List<TranscriptMessage> replies,
            BotRequests.Requested request) {
    }

    /** @param own whether the caller said it (and so wrote it to the transcript already) */
    private Delivered deliverOne(Conversation current, Owed owed, boolean own) {
        var message = (Owed.MessageToBot) owed.call();
        if (!own) {
            // Whoever said it may have died before writing it: the message is written (again) before the bot hears it.
            transcripts.append(List.of(new TranscriptMessage(current.id(), message.sequence(), message.at(),
                    Speaker.customer(current.customer()), message.text())));
        }
        var bot = bots.participant(message.participantId()).filter(Participant::takesBotCalls);
        if (bot.isEmpty()) {
            return null;
        }
        String webhookId = Hashing.webhookId(current.id(), "owed", Long.toString(owed.seq()));
        var result = channel.call(bot.get().id(), bot.get().webhook(), webhookId,
                activities.message(current, bot.get(), message, webhookId));
        if (!result.ok()) {
            bots.forgetParticipant(message.participantId());
            LOG.warnf("conversation %s: message %d to bot %s not delivered: %s", current.id(), message.sequence(),
                    message.participantId(), result.failure());
            metrics.botCallFailed(Metrics.BotCall.MESSAGE);
            return null;
        }
        Instant now = clock.instant();
        var replies = new ArrayList<TranscriptMessage>();
        var texts = result.replies();
        for (int i = 0; i < Math.min(texts.size(), Conversation.REPLIES_RESERVED); i++) {
            replies.add(new TranscriptMessage(current.id(), message.sequence() + 1 + i, now,
                    new Speaker(message.participantId(), Speaker.Kind.BOT), texts.get(i)));
        }
        if (texts.size() > Conversation.REPLIES_RESERVED) {
            LOG.warnf("conversation %s: bot %s replied %d messages to one; the first %d are kept", current.id(),
                    message.participantId(), texts.size(), Conversation.REPLIES_RESERVED);
        }
        var recorded = record(current, owed, replies, now);
        var request = recorded.kept() && !result.signals().isEmpty()
                ? new BotRequests.Requested(current.id(), message.participantId(), webhookId, result.signals())
                : null; // a bot that lost the conversation asks for nothing any more (the fence)
        return new Delivered(recorded.conversation(), recorded.kept() ? replies : List.of(), request);
    }

    /** The conversation after a delivery was recorded, and whether the bot's answer stood (the fence). */
    private record Recorded(Conversation conversation, boolean kept) {
    }

    /**
     * Writes the replies, then records the delivery on the conversation: under the fence, re-checked on every try of
     * the write, so replies written while the bot still held it are taken back if it lost it before the write.
     */
    private Recorded record(Conversation read, Owed owed, List<TranscriptMessage> replies, Instant now) {
        var message = (Owed.MessageToBot) owed.call();
        Conversation current = read;
        boolean written = false;
        for (int attempt = 0; attempt < 5; attempt++) {
            boolean kept = current.stillHeldAsWhen(message);
            if (kept && !written && !replies.isEmpty()) {
                transcripts.append(replies);
                written = true;
            }
            if (!kept && written) {
                transcripts.remove(current.id(), replies.stream().map(TranscriptMessage::sequence).toList());
                written = false;
            }
            try {
                var stored = conversations.replace(current.answeredBy(owed, replies, kept, now));
                return new Recorded(stored, kept);
            } catch (ConversationStore.StaleWrite changed) {
                current = conversations.find(read.id()).orElse(current);
            }
        }
        throw new ConcurrentChange("conversation " + read.id() + " kept changing while recording a bot's reply");
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis()); // waiting for another invocation's bot call, which takes time
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InProgress("interrupted while waiting for an earlier message's delivery");
        }
    }
}
