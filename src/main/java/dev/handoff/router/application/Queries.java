package dev.handoff.router.application;

import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import dev.handoff.router.application.Answers.ConversationView;
import dev.handoff.router.application.Answers.Held;
import dev.handoff.router.application.Answers.Counted;
import dev.handoff.router.application.Answers.InLine;
import dev.handoff.router.application.Answers.Line;
import dev.handoff.router.application.Answers.Member;
import dev.handoff.router.application.Answers.ParticipantAnswer;
import dev.handoff.router.application.Answers.QueueAnswer;
import dev.handoff.router.application.Answers.QueueListAnswer;
import dev.handoff.router.application.Answers.QueueSummary;
import dev.handoff.router.application.Answers.TranscriptAnswer;
import dev.handoff.router.application.Commands.GetConversation;
import dev.handoff.router.application.Commands.GetParticipant;
import dev.handoff.router.application.Commands.GetQueue;
import dev.handoff.router.application.Commands.GetTranscript;
import dev.handoff.router.application.Commands.ListQueues;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.MemberStore;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.ParticipantStore;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.QueueStore;
import dev.handoff.router.domain.Rejection;
import dev.handoff.router.domain.TranscriptStore;
import jakarta.enterprise.context.ApplicationScoped;

/** The read-only events: they answer state and change nothing. */
@ApplicationScoped
public class Queries {
    /** How many messages {@code conversation.get} shows: the first page of the transcript. */
    static final int VIEW_MESSAGES = 50;
    /** How many conversations of each waiting line {@code queue.get} shows. */
    static final int FIRST_WAITING = 10;

    private final ConversationStore conversations;
    private final TranscriptStore transcripts;
    private final ParticipantStore participants;
    private final QueueStore queues;
    private final MemberStore members;

    public Queries(ConversationStore conversations, TranscriptStore transcripts, ParticipantStore participants,
            QueueStore queues, MemberStore members) {
        this.members = members;
        this.conversations = conversations;
        this.transcripts = transcripts;
        this.participants = participants;
        this.queues = queues;
    }

    /** {@code conversation.get}: one strongly consistent read, and the first page of the transcript. */
    public ConversationView conversation(EventContext event, GetConversation command) {
        var found = conversations.find(command.conversationId()).orElseThrow(Rejection::noSuchConversation);
        var messages = transcripts.page(found.id(), 0, VIEW_MESSAGES).messages();
        return ConversationView.of(event.eventId(), found, messages);
    }

    /** {@code conversation.transcript}: one page; an unknown conversation is {@code not_found}. */
    public TranscriptAnswer transcript(EventContext event, GetTranscript command) {
        var page = transcripts.page(command.conversationId(), command.after(), command.limit());
        if (page.messages().isEmpty() && conversations.find(command.conversationId()).isEmpty()) {
            throw Rejection.noSuchConversation();
        }
        return TranscriptAnswer.ok(event.eventId(), command.conversationId(), page.messages(), page.nextAfter());
    }

    /**
     * {@code participant.get}: one strongly consistent read of the participant, and one Query of its claims (more when
     * many released ones are still kept): a page of the conversations it holds in the order of their ids, after
     * {@code after}.
     */
    public ParticipantAnswer participant(EventContext event, GetParticipant command) {
        var found = participants.find(command.participantId()).orElseThrow(Rejection::noSuchParticipant);
        var page = participants.held(found, command.after(), command.limit());
        var held = page.claims().stream()
                .map(c -> new Held(c.conversationId(), c.claim().units(), c.claim().claimedAt()))
                .toList();
        return ParticipantAnswer.ok(event.eventId(), found, held, page.nextAfter());
    }

    /**
     * {@code queue.get}: the queue's item, one Query for a page of member ids and one batch read of them (in the order
     * of their ids), one that counts the members (a page per some 7,000), per waiting line one Query for the first few
     * and one that counts at most a page of the index, and one that counts the assigned likewise.
     */
    public QueueAnswer queue(EventContext event, GetQueue command) {
        Queue queue = queues.find(command.queueId()).orElseThrow(Rejection::noSuchQueue);
        var page = members.page(queue.id(), command.after(), command.limit());
        var onPage = participants.findAll(page.participantIds()).stream()
                .sorted(Comparator.comparing(Participant::id))
                .map(Member::of)
                .toList();
        var lines = Arrays.stream(KindNeeded.values()).map(needed -> line(event, queue.id(), needed)).toList();
        var assigned = conversations.assignedIn(queue.id());
        return new QueueAnswer(event.eventId(), queue.id(), "ok", queue.name(), queue.unitsPerConversation(),
                queue.priority(), queue.agingPerMinute(), queue.assignment().wire(), QueueSettings.hours(queue),
                QueueSettings.overflow(queue), QueueSettings.skillRelaxation(queue),
                queue.wrapUpSeconds(), QueueSettings.offer(queue), queue.indexedSkills(), members.count(queue.id()),
                onPage, page.after(), lines, new Counted(assigned.value(), assigned.atLeast()),
                null);
    }

    private Line line(EventContext event, String queueId, KindNeeded needed) {
        var first = conversations.oldestWaiting(queueId, needed, FIRST_WAITING);
        var count = conversations.waitingIn(queueId, needed);
        // Served by priority and wait, the first is not always the one that waited longest.
        Long longest = first.stream().map(ConversationStore.WaitingEntry::since).min(Comparator.naturalOrder())
                .map(since -> Math.max(0, Duration.between(since, event.now()).toSeconds())).orElse(null);
        // Two reads, not one snapshot: some of those shown may have left the line before the count was read.
        int atLeastShown = Math.max(count.value(), first.size());
        return new Line(needed.wire(), atLeastShown, count.atLeast(), longest,
                first.stream().map(entry -> new InLine(entry.conversationId(), entry.since())).toList());
    }

    /**
     * {@code queue.list}: one page of queues, from one read of at most {@code limit} + 1 of them, and a count of each
     * one's members.
     */
    public QueueListAnswer queues(EventContext event, ListQueues command) {
        var page = queues.page(command.after(), command.limit());
        var summaries = page.queues().stream()
                .map(q -> new QueueSummary(q.id(), q.name(), q.unitsPerConversation(), q.priority(),
                        q.agingPerMinute(), q.assignment().wire(), members.count(q.id())))
                .toList();
        return new QueueListAnswer(event.eventId(), "ok", summaries, page.after(), null);
    }
}
