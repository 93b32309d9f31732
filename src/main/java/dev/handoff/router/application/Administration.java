package dev.handoff.router.application;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import dev.handoff.router.application.Answers.AdminAnswer;
import dev.handoff.router.application.Commands.ChangePresence;
import dev.handoff.router.application.Commands.UpsertChannel;
import dev.handoff.router.application.Commands.UpsertParticipant;
import dev.handoff.router.application.Commands.UpsertQueue;
import dev.handoff.router.config.RouterConfig;
import dev.handoff.router.domain.Channel;
import dev.handoff.router.domain.ChannelStore;
import dev.handoff.router.domain.ErrorCode;
import dev.handoff.router.domain.EventLedger;
import dev.handoff.router.domain.Handout;
import dev.handoff.router.domain.MemberStore;
import dev.handoff.router.domain.OverflowRule;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.ParticipantStore;
import dev.handoff.router.domain.Presence;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.QueueStore;
import dev.handoff.router.domain.Rejection;
import dev.handoff.router.domain.Subject;
import dev.handoff.router.domain.Webhook;
import dev.handoff.router.domain.WebhookUrls;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Queue, participant and channel admin: {@code queue.upsert}, {@code participant.upsert}, {@code participant.presence},
 * {@code channel.upsert}. A change that gives a participant room hands waiting conversations to it, and the answer
 * lists them. Each event runs once: its record in the {@link EventLedger} makes a repeat answer the first result.
 */
@ApplicationScoped
public class Administration {
    private static final Logger LOG = Logger.getLogger(Administration.class);
    private static final int RANK_PAGE = 100;

    private final QueueStore queues;
    private final ParticipantStore participants;
    private final MemberStore members;
    private final ChannelStore channels;
    private final WebhookDirectory webhooks;
    private final HandOuts handOuts;
    private final EventLedger ledger;
    private final WebhookUrls urls;
    private final Duration lease;
    private final QueueDirectory directory;

    public Administration(QueueStore queues, ParticipantStore participants, MemberStore members,
            ChannelStore channels, HandOuts handOuts, EventLedger ledger, WebhookUrls urls, WebhookDirectory webhooks,
            QueueDirectory directory, RouterConfig config) {
        this.directory = directory;
        this.members = members;
        this.webhooks = webhooks;
        this.queues = queues;
        this.participants = participants;
        this.channels = channels;
        this.handOuts = handOuts;
        this.ledger = ledger;
        this.urls = urls;
        this.lease = config.saga().lease();
    }

    public AdminAnswer upsertQueue(EventContext event, UpsertQueue command) {
        return once(event, () -> {
            requireTargetsExist(command.settings());
            var before = queues.find(command.settings().id());
            Queue after = queues.upsert(command.settings());
            directory.changed(after);
            if (before.isPresent() && !before.get().roomLayout().equals(after.roomLayout())) {
                rankAgain(after);
            }
            return List.of();
        });
    }

    /** Each queue an overflow rule sends conversations to exists (one batch read), or nothing is stored. */
    private void requireTargetsExist(Queue settings) {
        var targets = new LinkedHashSet<String>();
        for (OverflowRule rule : settings.overflow()) {
            if (rule.then() instanceof OverflowRule.TransferToQueue to) {
                targets.add(to.queueId());
            } else if (rule.then() instanceof OverflowRule.TransferToBot bot) {
                targets.add(bot.queueId());
            }
        }
        if (targets.isEmpty()) {
            return;
        }
        queues.findAll(targets).forEach(found -> targets.remove(found.id()));
        if (!targets.isEmpty()) {
            throw new Rejection(ErrorCode.NO_SUCH_QUEUE, Subject.OVERFLOW,
                    "a rule sends conversations to a queue that does not exist: " + targets.iterator().next());
        }
    }

    /**
     * Writes the room items of a queue whose room layout changed (its assignment method, or the skills it indexes) as
     * the new layout lays them out, member by member (a page of member ids and one batch read of them per
     * {@link #RANK_PAGE}), each taking out its old ones: until then a member is out of the queue's sight, since a look
     * reads the ranks of its method only, and a look by a newly indexed skill reads that skill's room items only. What
     * a crash leaves undone, the sweeper writes (it checks each participant with room for the room items its queues'
     * layouts need).
     */
    private void rankAgain(Queue queue) {
        String after = null;
        do {
            var page = members.page(queue.id(), after, RANK_PAGE);
            if (!page.participantIds().isEmpty()) {
                participants.findAll(page.participantIds()).stream().filter(Participant::hasRoom)
                        .forEach(member -> members.join(queue.id(), member));
            }
            after = page.after();
        } while (after != null);
    }

    public AdminAnswer upsertParticipant(EventContext event, UpsertParticipant command) {
        return once(event, () -> upsert(event, command));
    }

    public AdminAnswer changePresence(EventContext event, ChangePresence command) {
        return once(event, () -> {
            Participant changed;
            try {
                changed = participants.changePresence(command.participantId(), command.presence())
                        .orElseThrow(Rejection::noSuchParticipant);
            } catch (ParticipantStore.WebhookGone gone) {
                throw new Rejection(ErrorCode.INVALID_STATE, Subject.PARTICIPANT,
                        "its webhook answered 410 Gone: register it again with participant.upsert");
            }
            members.mirror(changed);
            return handOut(event, changed);
        });
    }

    /** Registers a channel or replaces its webhook; a URL the policy refuses is rejected and nothing is stored. */
    public AdminAnswer upsertChannel(EventContext event, UpsertChannel command) {
        return once(event, () -> {
            refuseUncallable(command.webhook());
            channels.upsert(new Channel(command.channelId(), command.webhook()));
            webhooks.forgetChannel(command.channelId()); // this instance's next conversations are told at once
            return List.of();
        });
    }

    /**
     * Runs an admin event's work once. A rejection or a failure drops the in-progress record, so that a rejected event
     * leaves nothing and a retry after a transient fault runs again at once.
     */
    private AdminAnswer once(EventContext event, Supplier<List<Handout>> work) {
        String attempt = UUID.randomUUID().toString();
        var earlier = ledger.begin(event.key(), attempt, event.bodyHash(), event.now(), lease);
        if (earlier.isPresent()) {
            var record = earlier.get();
            if (!event.bodyHash().equals(record.bodyHash())) {
                throw Rejection.idReused();
            }
            if (!record.completed()) {
                throw new InProgress("event " + event.eventId() + " is being handled by another delivery");
            }
            return AdminAnswer.ok(event.eventId(), record.assigned(), true);
        }
        List<Handout> assigned;
        try {
            assigned = work.get();
        } catch (RuntimeException failed) {
            forgetQuietly(event, attempt);
            throw failed;
        }
        ledger.complete(event.key(), attempt, assigned);
        return AdminAnswer.ok(event.eventId(), assigned, false);
    }

    private void forgetQuietly(EventContext event, String attempt) {
        try {
            ledger.forget(event.key(), attempt);
        } catch (RuntimeException unreachable) {
            // The record's lease runs out instead; the retry proceeds then.
            LOG.warnf("could not drop the record of event %s: %s", event.eventId(),
                    unreachable.getClass().getSimpleName());
        }
    }

    /**
     * Writes the participant first, then its entries in its queues' member lists: routing trusts the participant's own
     * list, so a crash in between routes nowhere new, and the retry (or the sweeper) completes the member lists.
     */
    private List<Handout> upsert(EventContext event, UpsertParticipant command) {
        if (command.webhook() != null) {
            refuseUncallable(command.webhook());
        }
        var wanted = new LinkedHashSet<>(command.queues());
        var existing = queues.findAll(wanted).stream().map(Queue::id).toList();
        if (existing.size() != wanted.size()) {
            var missing = new LinkedHashSet<>(wanted);
            existing.forEach(missing::remove);
            throw new Rejection(ErrorCode.NO_SUCH_QUEUE, Subject.PARTICIPANT_QUEUES,
                    "no queue has the id " + missing.iterator().next());
        }
        var settings = new Participant(command.participantId(), command.kind(), command.name(), command.capacity(), 0,
                List.copyOf(wanted), command.presence(), command.webhook(), Map.of(), null, 0, null, command.skills());
        var upserted = participants.upsert(settings);
        webhooks.forgetParticipant(settings.id());
        for (String queueId : wanted) {
            members.join(queueId, upserted.participant());
        }
        var left = new HashSet<>(upserted.previousQueues());
        left.removeAll(wanted);
        left.forEach(queueId -> members.leave(queueId, command.participantId()));
        return handOut(event, upserted.participant());
    }

    /** A webhook is registered only with a URL the router may call (checked again before each call). */
    private void refuseUncallable(Webhook webhook) {
        urls.refusal(webhook.url()).ifPresent(why -> {
            throw new Rejection(ErrorCode.INVALID_EVENT, Subject.WEBHOOK_URL, why);
        });
    }

    private List<Handout> handOut(EventContext event, Participant participant) {
        if (participant.presence() != Presence.AVAILABLE) {
            return List.of();
        }
        // Offered (a queue with offer) is not given yet: its representative's accept gives it.
        return handOuts.fill(List.of(participant), event.key(), event.eventId(), event.now()).stream()
                .filter(handed -> handed.offer() == null)
                .map(Handout::of)
                .toList();
    }
}
