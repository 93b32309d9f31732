package dev.handoff.router.application;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.handoff.router.domain.BotChannel;
import dev.handoff.router.domain.BotChannel.Status;
import dev.handoff.router.domain.BotDelivery;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.EventRecord;
import dev.handoff.router.domain.Greeting;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.ParticipantStore;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.Metrics;
import dev.handoff.router.domain.PendingDelivery;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.QueueStore;
import dev.handoff.router.domain.Speaker;
import dev.handoff.router.domain.TranscriptMessage;
import dev.handoff.router.domain.Timers;
import dev.handoff.router.domain.TranscriptStore;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Tells a bot it got a conversation (CONTRACT §3): the conversation update, then, only if that succeeded, the
 * set-context event; then records the replies, the greeting and the timeline on the conversation and clears what was
 * owed. The webhook ids derive from the owed delivery, so a repeat of the delivery sends the same ids. A bot that still
 * fails after the channel's retries loses the conversation to the next available bot of the queue, or the
 * conversation waits for one; a bot whose webhook answered 410 is also taken out of routing.
 */
@ApplicationScoped
public class BotDeliveries {
    private static final Logger LOG = Logger.getLogger(BotDeliveries.class);
    private static final int MAX_RECORD_ATTEMPTS = 5;
    /** How much of the transcript a bot that receives a conversation is given: the latest messages. */
    static final int TRANSCRIPT_FOR_BOT = 50;
    /** Bounds the bots tried for one hand-on; past it the conversation waits for a bot. */
    private static final int MAX_FALLBACKS = 5;

    private final BotChannel channel;
    private final ConversationStore conversations;
    private final ParticipantStore participants;
    private final QueueStore queues;
    private final Claims claims;
    private final BotActivities activities;
    private final TranscriptStore transcripts;
    private final Metrics metrics;
    private final Clock clock;
    private final Lines lines;
    private final Timers timers;

    public BotDeliveries(BotChannel channel, ConversationStore conversations, ParticipantStore participants,
            QueueStore queues, Claims claims, BotActivities activities, TranscriptStore transcripts, Metrics metrics,
            Clock clock, Lines lines, Timers timers) {
        this.timers = timers;
        this.lines = lines;
        this.metrics = metrics;
        this.channel = channel;
        this.conversations = conversations;
        this.participants = participants;
        this.queues = queues;
        this.claims = claims;
        this.activities = activities;
        this.transcripts = transcripts;
        this.clock = clock;
    }

    /**
     * Delivers what {@code stored} owes its bot, if anything, falling back to other bots while deliveries fail, and
     * returns the conversation as recorded afterwards.
     *
     * @param bot the bot as last read, if the caller has it (saves a read); else it is read
     */
    public Conversation deliverOwed(Conversation stored, Participant bot) {
        Conversation current = stored;
        Participant known = bot;
        for (int tries = 0; current.pendingDelivery() != null; tries++) {
            PendingDelivery owed = current.pendingDelivery();
            Participant recipient = known != null && known.id().equals(owed.participantId()) ? known
                    : participants.find(owed.participantId()).orElse(null);
            List<String> replies = new ArrayList<>();
            Status status = recipient == null || !recipient.takesBotCalls() ? Status.PERMANENT
                    : send(current, owed, recipient, replies);
            if (status == Status.DELIVERED) {
                keepReplies(current, owed, replies);
                return record(current, owed, current.delivered(owed, replies, clock.instant()), replies);
            }
            if (status == Status.GONE) {
                participants.disableWebhook(recipient.id(), recipient.webhook().url()).ifPresent(claims::mirror);
            }
            var fallback = fallBack(current, owed, tries < MAX_FALLBACKS);
            current = fallback.conversation();
            known = fallback.next();
        }
        return current;
    }

    private Status send(Conversation conversation, PendingDelivery owed, Participant bot, List<String> replies) {
        Instant now = clock.instant();
        String updateId = webhookId(owed, "conversationUpdate");
        var update = channel.call(bot.id(), bot.webhook(), updateId,
                activities.conversationUpdate(conversation, owed, bot, updateId, now));
        if (!update.ok()) {
            LOG.warnf("conversation %s: conversation update to bot %s failed: %s", conversation.id(), bot.id(),
                    update.failure());
            metrics.botCallFailed(Metrics.BotCall.ARRIVAL);
            return update.status();
        }
        replies.addAll(update.replies());
        String contextId = webhookId(owed, "omnichannelSetContext");
        // The transcript so far travels with the context, so the bot knows what was said before it came: what precedes
        // the places reserved for its own replies (a retried arrival must not show the bot its own greeting). A new
        // conversation has said nothing yet: no read.
        var said = owed.firstReply() <= 1 ? List.<TranscriptMessage>of()
                : transcripts.latest(conversation.id(), TRANSCRIPT_FOR_BOT).stream()
                        .filter(m -> m.sequence() < owed.firstReply()).toList();
        var context = channel.call(bot.id(), bot.webhook(), contextId,
                activities.setContext(conversation, bot, contextId, now, said));
        if (!context.ok()) {
            LOG.warnf("conversation %s: set-context to bot %s failed: %s", conversation.id(), bot.id(),
                    context.failure());
            metrics.botCallFailed(Metrics.BotCall.ARRIVAL);
            return context.status();
        }
        replies.addAll(context.replies());
        return Status.DELIVERED;
    }

    /** The conversation after a failed delivery, and the bot now owed the calls (null when it waits). */
    private record Fallback(Conversation conversation, Participant next) {
    }

    /**
     * Takes the conversation from the bot that could not be told: claims the next available bot of the queue (never
     * one that failed it before), or lets it wait for one; writes that, then releases the failed bot. The claim's
     * token derives from the failed delivery, so a repeat of this step resumes it instead of claiming twice.
     */
    private Fallback fallBack(Conversation stored, PendingDelivery failed, boolean mayTryAnother) {
        Conversation current = stored;
        String token = failed.eventKey() + "/after/" + failed.participantId();
        var tickets = lines.book();
        for (int attempt = 0; attempt < MAX_RECORD_ATTEMPTS; attempt++) {
            if (!failed.equals(current.pendingDelivery())) {
                return new Fallback(current, null); // handled meanwhile by a concurrent repeat
            }
            Instant now = clock.instant();
            Conversation failedOver = current.deliveryFailed(failed, now);
            String conversationId = current.id();
            Optional<Queue> queue = queues.find(current.queueId());
            // Offered to a representative meanwhile (it escalated while its calls were retried): it waits for that
            // one's answer, no other bot.
            boolean offered = current.offer() != null;
            Optional<Claims.Claimed> next = mayTryAnother && !offered
                    ? queue.flatMap(settings -> claims.claimBest(settings, Claims.Need.of(failedOver, KindNeeded.BOT),
                            failedOver.undeliverable(), null, conversationId, token, now))
                    : Optional.empty();
            // Its queue's settings order its place in the line; a queue gone meanwhile leaves the defaults.
            String queueId = current.queueId();
            Queue settings = queue.orElseGet(() -> new Queue(queueId, queueId, 1));
            Conversation decided = offered ? failedOver
                    : next.map(by -> failedOver.fallBackTo(by.assignee(), failed, now))
                            .orElseGet(() -> failedOver.waitForBot(failed, settings, now, tickets.ticket(
                                    failedOver.queueId(), KindNeeded.BOT, failedOver.priority(), now)));
            // With another bot to try, the delivery is still under way: its own record says how it ends.
            decided = withOutcomeOnEvent(decided, failed.eventKey(), null, next.isEmpty() ? BotDelivery.FAILED : null);
            var release = Optional.of(current).filter(c -> c.isHeldBy(failed.participantId()))
                    .map(c -> claims.intendRelease(c.assignee(), c.id()));
            try {
                Conversation written = conversations.replace(decided);
                lines.moved(current, written, now);
                // It waits for a bot now, by its queue's rules.
                written.timersFrom(now).forEach(at -> timers.set(conversationId, at));
                next.ifPresent(by -> claims.settled(by, conversationId));
                release.ifPresent(claims::release);
                return new Fallback(written, next.map(Claims.Claimed::participant).orElse(null));
            } catch (ConversationStore.StaleWrite changed) {
                release.ifPresent(claims::dropRelease);
                next.ifPresent(by -> claims.abandon(by.assignee(), conversationId));
                current = conversations.find(stored.id()).orElse(current);
            }
        }
        throw new ConcurrentChange("conversation " + stored.id() + " kept changing while falling back");
    }

    /**
     * Writes the bot's replies (its greeting) to the transcript at the sequences its arrival reserved, before the write
     * that records the delivery: a crash in between makes the delivery again, and writes the same places again.
     */
    private void keepReplies(Conversation conversation, PendingDelivery owed, List<String> replies) {
        Instant now = clock.instant();
        var messages = new ArrayList<TranscriptMessage>();
        for (int i = 0; i < Math.min(replies.size(), Conversation.REPLIES_RESERVED); i++) {
            messages.add(new TranscriptMessage(conversation.id(), owed.firstReply() + i, now,
                    new Speaker(owed.participantId(), Speaker.Kind.BOT), replies.get(i)));
        }
        if (!messages.isEmpty()) {
            transcripts.append(messages);
        }
    }

    private Conversation record(Conversation stored, PendingDelivery owed, Conversation delivered,
            List<String> replies) {
        Conversation current = stored;
        Conversation next = delivered;
        for (int attempt = 0; attempt < MAX_RECORD_ATTEMPTS; attempt++) {
            if (!owed.equals(current.pendingDelivery())) {
                return current; // recorded meanwhile by a concurrent repeat of the same delivery
            }
            var greeting = replies.isEmpty() ? null : new Greeting(owed.participantId(), replies.get(0));
            next = withOutcomeOnEvent(next, owed.eventKey(), greeting, BotDelivery.DELIVERED);
            try {
                return conversations.replace(next);
            } catch (ConversationStore.StaleWrite changed) {
                Optional<Conversation> reread = conversations.find(stored.id());
                if (reread.isEmpty()) {
                    return current;
                }
                current = reread.get();
                next = current.delivered(owed, replies, clock.instant());
            }
        }
        throw new ConcurrentChange("conversation " + stored.id() + " kept changing while recording a delivery");
    }

    /**
     * Brings the answer of the event that handed the conversation on up to date: where it is now, the greeting, and
     * how the bot's calls ended. Hand-outs made by another conversation's event have no record here.
     */
    private static Conversation withOutcomeOnEvent(Conversation next, String eventKey, Greeting greeting,
            BotDelivery delivery) {
        EventRecord event = next.events().get(eventKey);
        if (event == null) {
            return next;
        }
        return next.remember(eventKey, event.withOutcome(next.outcome(null).withDelivery(greeting, delivery)));
    }

    static String webhookId(PendingDelivery owed, String step) {
        return Hashing.webhookId(owed.eventKey(), owed.participantId(), step);
    }
}
