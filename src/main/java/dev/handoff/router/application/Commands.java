package dev.handoff.router.application;

import java.util.List;
import java.util.Map;

import dev.handoff.router.application.Answers.Answer;
import dev.handoff.router.domain.Customer;
import dev.handoff.router.domain.ParticipantKind;
import dev.handoff.router.domain.Presence;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.Skills;
import dev.handoff.router.domain.Webhook;

/**
 * The validated {@code data} of each event type (CONTRACT §1), each with the use case that handles it. Optional fields
 * are null when absent. A new command must say which use case runs it ({@link Command#runWith}), so the dispatch can
 * forget none: the compiler asks for it.
 */
public final class Commands {
    private Commands() {
    }

    public sealed interface Command permits Start, Escalate, Transfer, TransferToBot, End, UpsertQueue, UpsertParticipant,
            ChangePresence, UpsertChannel, GetConversation, Say, GetTranscript, GetParticipant, GetQueue, ListQueues,
            WrapUpDone, AnswerOffer {

        /** Runs this command's use case. */
        Answer runWith(Router useCases, EventContext event);
    }

    /**
     * @param priority       higher waits ahead in a line (CONTRACT §1); 0 by default
     * @param requiredSkills who may get it: those with each at its level or above; none by default
     */
    public record Start(String conversationId, String queueId, Customer customer, String channel,
            Map<String, Object> context, int priority, Skills requiredSkills) implements Command {
        public Start(String conversationId, String queueId, Customer customer, String channel,
                Map<String, Object> context) {
            this(conversationId, queueId, customer, channel, context, 0, Skills.NONE);
        }

        public Start(String conversationId, String queueId, Customer customer, String channel,
                Map<String, Object> context, int priority) {
            this(conversationId, queueId, customer, channel, context, priority, Skills.NONE);
        }

        @Override
        public Answer runWith(Router useCases, EventContext event) {
            return useCases.start.handle(event, this);
        }
    }

    /**
     * @param priority       the conversation's from now on; null keeps it
     * @param requiredSkills who may get it in the target queue; none by default (a requirement is for one hand-on:
     *                       the skills of the queue it came from need not exist in the next)
     */
    public record Escalate(String conversationId, String requestedBy, String targetQueueId, String reason,
            Map<String, Object> context, Integer priority, Skills requiredSkills) implements Command {
        public Escalate(String conversationId, String requestedBy, String targetQueueId, String reason,
                Map<String, Object> context) {
            this(conversationId, requestedBy, targetQueueId, reason, context, null, Skills.NONE);
        }

        public Escalate(String conversationId, String requestedBy, String targetQueueId, String reason,
                Map<String, Object> context, Integer priority) {
            this(conversationId, requestedBy, targetQueueId, reason, context, priority, Skills.NONE);
        }

        @Override
        public Answer runWith(Router useCases, EventContext event) {
            return useCases.escalate.handle(event, this);
        }
    }

    /**
     * A representative hands the conversation to a representative of a queue, or to the one it names.
     *
     * @param priority       the conversation's from now on; null keeps it
     * @param requiredSkills as {@link Escalate}'s
     */
    /**
     * @param waitSeconds with {@code targetParticipantId}: how long it may wait for that one when it has no room now;
     *                    null: it must take it now
     */
    public record Transfer(String conversationId, String requestedBy, String targetQueueId,
            String targetParticipantId, Map<String, Object> context, Integer priority, Skills requiredSkills,
            Integer waitSeconds) implements Command {
        @Override
        public Answer runWith(Router useCases, EventContext event) {
            return useCases.escalate.handle(event, this);
        }
    }

    /**
     * @param priority       the conversation's from now on; null keeps it
     * @param requiredSkills as {@link Escalate}'s
     */
    /**
     * @param waitForBot with no bot able to take it now, it waits in the target queue's line for a bot, the
     *                   representative keeping it, instead of being rejected {@code no_bot_available}
     */
    public record TransferToBot(String conversationId, String requestedBy, String targetQueueId,
            String targetParticipantId, Map<String, Object> context, Integer priority, Skills requiredSkills,
            boolean waitForBot) implements Command {
        public TransferToBot(String conversationId, String requestedBy, String targetQueueId,
                String targetParticipantId, Map<String, Object> context) {
            this(conversationId, requestedBy, targetQueueId, targetParticipantId, context, null, Skills.NONE, false);
        }

        @Override
        public Answer runWith(Router useCases, EventContext event) {
            return useCases.transfer.handle(event, this);
        }
    }

    public record End(String conversationId, String requestedBy) implements Command {
        @Override
        public Answer runWith(Router useCases, EventContext event) {
            return useCases.end.handle(event, this);
        }
    }

    /** A representative accepts ({@code conversation.accept}) or declines a conversation offered to it. */
    public record AnswerOffer(String conversationId, String participantId, boolean accepts) implements Command {
        @Override
        public Answer runWith(Router useCases, EventContext event) {
            return accepts ? useCases.offers.accept(event, this) : useCases.offers.decline(event, this);
        }
    }

    /** A representative is done wrapping up a conversation it let go: its capacity for it is freed. */
    public record WrapUpDone(String participantId, String conversationId) implements Command {
        @Override
        public Answer runWith(Router useCases, EventContext event) {
            return useCases.wrapUps.done(event, this);
        }
    }

    /** @param settings the queue as it is to be */
    public record UpsertQueue(Queue settings) implements Command {
        public UpsertQueue(String queueId, String name, int unitsPerConversation) {
            this(new Queue(queueId, name, unitsPerConversation));
        }

        @Override
        public Answer runWith(Router useCases, EventContext event) {
            return useCases.admin.upsertQueue(event, this);
        }
    }

    /** @param skills what it can do (CONTRACT §1); an upsert replaces them, so absent means none */
    public record UpsertParticipant(String participantId, ParticipantKind kind, String name, int capacity,
            List<String> queues, Presence presence, Webhook webhook, Skills skills) implements Command {
        /** A participant without skills. */
        public UpsertParticipant(String participantId, ParticipantKind kind, String name, int capacity,
                List<String> queues, Presence presence, Webhook webhook) {
            this(participantId, kind, name, capacity, queues, presence, webhook, Skills.NONE);
        }

        @Override
        public Answer runWith(Router useCases, EventContext event) {
            return useCases.admin.upsertParticipant(event, this);
        }
    }

    public record ChangePresence(String participantId, Presence presence) implements Command {
        @Override
        public Answer runWith(Router useCases, EventContext event) {
            return useCases.admin.changePresence(event, this);
        }
    }

    public record UpsertChannel(String channelId, Webhook webhook) implements Command {
        @Override
        public Answer runWith(Router useCases, EventContext event) {
            return useCases.admin.upsertChannel(event, this);
        }
    }

    public record GetConversation(String conversationId) implements Command {
        @Override
        public Answer runWith(Router useCases, EventContext event) {
            return useCases.queries.conversation(event, this);
        }
    }

    /** @param from the customer's id or a participant's */
    public record Say(String conversationId, String from, String text) implements Command {
        @Override
        public Answer runWith(Router useCases, EventContext event) {
            return useCases.messages.say(event, this);
        }
    }

    /** @param after 0 for the first page */
    public record GetTranscript(String conversationId, long after, int limit) implements Command {
        @Override
        public Answer runWith(Router useCases, EventContext event) {
            return useCases.queries.transcript(event, this);
        }
    }

    /** @param after a conversation id: the page starts after it; null for the first page */
    public record GetParticipant(String participantId, String after, int limit) implements Command {
        @Override
        public Answer runWith(Router useCases, EventContext event) {
            return useCases.queries.participant(event, this);
        }
    }

    /** @param after a participant id: the page of members starts after it; null for the first page */
    public record GetQueue(String queueId, String after, int limit) implements Command {
        @Override
        public Answer runWith(Router useCases, EventContext event) {
            return useCases.queries.queue(event, this);
        }
    }

    /** @param after a queue id: the page starts after it; null for the first page */
    public record ListQueues(String after, int limit) implements Command {
        @Override
        public Answer runWith(Router useCases, EventContext event) {
            return useCases.queries.queues(event, this);
        }
    }
}
