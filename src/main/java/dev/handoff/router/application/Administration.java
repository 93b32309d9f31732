package dev.handoff.router.application;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;

import dev.handoff.router.application.Answers.AdminAnswer;
import dev.handoff.router.application.Answers.Handed;
import dev.handoff.router.application.Answers.Holder;
import dev.handoff.router.application.Commands.ChangePresence;
import dev.handoff.router.application.Commands.UpsertParticipant;
import dev.handoff.router.application.Commands.UpsertQueue;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ErrorCode;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.ParticipantStore;
import dev.handoff.router.domain.Presence;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.QueueStore;
import dev.handoff.router.domain.Rejection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Queue and participant admin: {@code queue.upsert}, {@code participant.upsert}, {@code participant.presence}. A change
 * that gives a participant room hands waiting conversations to it, and the answer lists them.
 */
@ApplicationScoped
public class Administration {
    private final QueueStore queues;
    private final ParticipantStore participants;
    private final HandOuts handOuts;

    public Administration(QueueStore queues, ParticipantStore participants, HandOuts handOuts) {
        this.queues = queues;
        this.participants = participants;
        this.handOuts = handOuts;
    }

    public AdminAnswer upsertQueue(EventContext event, UpsertQueue command) {
        queues.upsert(command.queueId(), command.name(), command.unitsPerConversation());
        return AdminAnswer.ok(event.eventId(), List.of());
    }

    /**
     * Writes the participant first, then its queues' member lists: routing trusts the participant's own list, so a
     * crash in between routes nowhere new, and the retry completes the member lists.
     */
    public AdminAnswer upsertParticipant(EventContext event, UpsertParticipant command) {
        var wanted = new LinkedHashSet<>(command.queues());
        var existing = queues.findAll(wanted).stream().map(Queue::id).toList();
        if (existing.size() != wanted.size()) {
            var missing = new LinkedHashSet<>(wanted);
            existing.forEach(missing::remove);
            throw new Rejection(ErrorCode.NO_SUCH_QUEUE, "data.queues: no queue has the id " + missing.iterator().next());
        }
        var settings = new Participant(command.participantId(), command.kind(), command.name(), command.capacity(), 0,
                List.copyOf(wanted), command.presence(), command.webhook(), java.util.Map.of(), null);
        var upserted = participants.upsert(settings);
        for (String queueId : wanted) {
            queues.addMember(queueId, command.participantId(), command.kind());
        }
        var left = new HashSet<>(upserted.previousQueues());
        left.removeAll(wanted);
        left.forEach(queueId -> queues.removeMember(queueId, command.participantId()));
        return AdminAnswer.ok(event.eventId(), handOut(event, upserted.participant()));
    }

    public AdminAnswer changePresence(EventContext event, ChangePresence command) {
        Participant changed = participants.changePresence(command.participantId(), command.presence())
                .orElseThrow(() -> new Rejection(ErrorCode.NOT_FOUND, "data.participantId: no participant has this id"));
        return AdminAnswer.ok(event.eventId(), handOut(event, changed));
    }

    private List<Handed> handOut(EventContext event, Participant participant) {
        if (participant.presence() != Presence.AVAILABLE) {
            return List.of();
        }
        return handOuts.fill(List.of(participant), event.key(), event.eventId(), event.now()).stream()
                .map(Administration::handed)
                .toList();
    }

    private static Handed handed(Conversation conversation) {
        return new Handed(conversation.id(), Holder.of(conversation.assignee()));
    }
}
