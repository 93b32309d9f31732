package dev.handoff.router.application;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.handoff.router.domain.Assignee;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.Customer;
import dev.handoff.router.domain.Handout;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.Skills;
import dev.handoff.router.domain.Greeting;
import dev.handoff.router.domain.TranscriptMessage;
import dev.handoff.router.domain.Outcome;
import dev.handoff.router.domain.TimelineEntry;

/** The answers of CONTRACT §2, as serialized to callers. Null fields are written as null, as the contract shows. */
public final class Answers {
    private Answers() {
    }

    /** Every answer has these. */
    public sealed interface Answer permits RoutingAnswer, AdminAnswer, ConversationView, MessageAnswer,
            TranscriptAnswer, ParticipantAnswer, QueueAnswer, QueueListAnswer {
        String status();

        /** What went wrong when {@link #status()} is {@code rejected}; null otherwise. */
        Error error();
    }

    /** Why an event was rejected: the code, and a message naming the contract's field (written by the edge). */
    public record Error(String code, String message) {
    }

    public record Holder(String participantId, String kind) {
        static Holder of(Assignee assignee) {
            return assignee == null ? null : new Holder(assignee.participantId(), assignee.kind().wire());
        }
    }

    /**
     * The answer of a routing event.
     *
     * @param delivery what happened to the webhook calls of a bot this event gave the conversation to; null if none
     */
    /**
     * @param estimatedWaitSeconds while waiting: how long it may still wait at the pace of its line's latest hand-outs;
     *                             null when the line has handed out nothing yet
     * @param offer                while waiting, out of its line: the representative it is offered to; else null
     */
    public record RoutingAnswer(String eventId, String conversationId, String status, boolean duplicate,
            String queueId, Holder assignee, Integer position, Integer estimatedWaitSeconds, Greeting greeting,
            Delivery delivery, OfferShown offer, Error error) implements Answer {

        public static RoutingAnswer of(String eventId, String conversationId, Outcome outcome, Lines.Place place,
                boolean duplicate) {
            Delivery delivery = outcome.delivery() == null ? null : new Delivery(outcome.delivery().wire());
            return new RoutingAnswer(eventId, conversationId, outcome.status().wire(), duplicate, outcome.queueId(),
                    Holder.of(outcome.assignee()), place == null ? null : place.position(),
                    place == null ? null : place.estimatedWaitSeconds(), outcome.greeting(), delivery, null, null);
        }

        /** The same answer, saying who the conversation is offered to (it waits for that one's answer). */
        public RoutingAnswer offered(dev.handoff.router.domain.Offer made) {
            return new RoutingAnswer(eventId, conversationId, status, duplicate, queueId, assignee, position,
                    estimatedWaitSeconds, greeting, delivery, OfferShown.of(made), error);
        }

        public static RoutingAnswer rejected(String eventId, String conversationId, Error error) {
            return new RoutingAnswer(eventId, conversationId, "rejected", false, null, null, null, null, null, null,
                    null, error);
        }
    }

    /** A conversation's offer to a representative, as answers show it: to whom, since when, until when. */
    public record OfferShown(String participantId, Instant since, Instant until) {
        static OfferShown of(dev.handoff.router.domain.Offer o) {
            return o == null ? null : new OfferShown(o.holder().participantId(), o.since(), o.until());
        }
    }

    /** Whether the bot's webhook calls went through: {@code delivered} or {@code failed}. */
    public record Delivery(String status) {
    }

    /** The answer of queue and participant admin events. */
    public record AdminAnswer(String eventId, String status, boolean duplicate, List<Handed> assigned, Error error)
            implements Answer {

        public static AdminAnswer ok(String eventId, List<Handout> assigned, boolean duplicate) {
            return new AdminAnswer(eventId, "ok", duplicate, assigned.stream().map(Handed::of).toList(), null);
        }

        public static AdminAnswer rejected(String eventId, Error error) {
            return new AdminAnswer(eventId, "rejected", false, List.of(), error);
        }
    }

    /** A conversation an admin change handed out, as answered: {@link Handout} in the contract's shape. */
    public record Handed(String conversationId, Holder assignee) {
        static Handed of(Handout handout) {
            return new Handed(handout.conversationId(),
                    new Holder(handout.participantId(), handout.kind().wire()));
        }
    }

    /** The answer of {@code conversation.get}. */
    public record ConversationView(String eventId, String conversationId, String status, String queueId,
            Customer customer, Holder assignee, Map<String, Object> context, Instant createdAt, Integer priority,
            Map<String, Integer> requiredSkills, List<WrapUpShown> wrapUps, OfferShown offer, List<Said> messages,
            List<TimelineEntry> timeline, Error error) implements Answer {

        /** @param firstMessages the first page of its transcript */
        public static ConversationView of(String eventId, Conversation c, List<TranscriptMessage> firstMessages) {
            return new ConversationView(eventId, c.id(), c.status().wire(), c.queueId(), c.customer(),
                    Holder.of(c.assignee()), c.context(), c.createdAt(), c.priority(), shown(c.requiredSkills()),
                    c.wrapUps().stream().map(WrapUpShown::of).toList(), OfferShown.of(c.offer()),
                    Said.of(firstMessages), c.timeline(), null);
        }

        public static ConversationView rejected(String eventId, String conversationId, Error error) {
            return new ConversationView(eventId, conversationId, "rejected", null, null, null, null, null, null,
                    null, null, null, null, null, error);
        }
    }

    /** A representative wrapping a conversation up, as {@code conversation.get} shows it: its capacity held until. */
    public record WrapUpShown(String participantId, Instant since, Instant until) {
        static WrapUpShown of(dev.handoff.router.domain.WrapUp w) {
            return new WrapUpShown(w.holder().participantId(), w.since(), w.until());
        }
    }

    /**
     * A message of the transcript, as answered.
     *
     * @param participantId who said it: a participant's id, or the customer's
     * @param kind          {@code customer}, {@code bot} or {@code representative}
     */
    public record Said(long sequence, Instant at, String participantId, String kind, String text) {
        static List<Said> of(List<TranscriptMessage> messages) {
            return messages.stream().map(m -> new Said(m.sequence(), m.at(), m.from().id(), m.from().kind().wire(),
                    m.text())).toList();
        }
    }

    /**
     * The answer of {@code conversation.message}: the message's place in the transcript and, when a bot holds the
     * conversation, the replies it gave to it (also in the transcript, right after it).
     */
    public record MessageAnswer(String eventId, String conversationId, String status, boolean duplicate,
            Long sequence, List<Said> replies, Error error) implements Answer {

        public static MessageAnswer accepted(String eventId, String conversationId, long sequence,
                List<TranscriptMessage> replies, boolean duplicate) {
            return new MessageAnswer(eventId, conversationId, "accepted", duplicate, sequence, Said.of(replies), null);
        }

        public static MessageAnswer rejected(String eventId, String conversationId, Error error) {
            return new MessageAnswer(eventId, conversationId, "rejected", false, null, null, error);
        }
    }

    /** The answer of {@code conversation.transcript}: one page, and the {@code after} of the next, if any. */
    public record TranscriptAnswer(String eventId, String conversationId, String status, List<Said> messages,
            Long after, Error error) implements Answer {

        public static TranscriptAnswer ok(String eventId, String conversationId, List<TranscriptMessage> messages,
                Long after) {
            return new TranscriptAnswer(eventId, conversationId, "ok", Said.of(messages), after, null);
        }

        public static TranscriptAnswer rejected(String eventId, String conversationId, Error error) {
            return new TranscriptAnswer(eventId, conversationId, "rejected", null, null, error);
        }
    }

    /**
     * The answer of {@code participant.get}: its settings and load, whether it has a webhook (never the webhook
     * itself: its URL may carry a token, and its secret signs the calls), and one page of the conversations it holds.
     *
     * @param after the {@code after} of the next page of {@code conversations}; null on the last one
     */
    public record ParticipantAnswer(String eventId, String participantId, String status, String kind, String name,
            String presence, Integer capacity, Integer load, List<String> queues, Map<String, Integer> skills,
            Boolean hasWebhook, Integer missedOffers, List<Held> conversations, String after, Error error)
            implements Answer {

        /** @param page the conversations of this page, in the order of their ids */
        public static ParticipantAnswer ok(String eventId, Participant p, List<Held> page, String after) {
            return new ParticipantAnswer(eventId, p.id(), "ok", p.kind().wire(), p.name(), p.presence().wire(),
                    p.capacity(), p.load(), p.queues(), shown(p.skills()), p.webhook() != null, p.missedOffers(), page,
                    after, null);
        }

        public static ParticipantAnswer rejected(String eventId, String participantId, Error error) {
            return new ParticipantAnswer(eventId, participantId, "rejected", null, null, null, null, null, null, null,
                    null, null, null, null, error);
        }
    }

    /** Skills as answered: name to level, in the order of their names; empty for none. */
    static Map<String, Integer> shown(Skills skills) {
        return skills.levels();
    }

    /** A conversation a participant holds, and the claim it holds it by (its token stays inside). */
    public record Held(String conversationId, int units, Instant claimedAt) {
    }

    /**
     * The answer of {@code queue.get}: its settings, one page of its members with their load, its three waiting lines
     * and how many of its conversations are assigned. Counts come from bounded reads: {@code countIsAtLeast} says
     * when a count is a lower bound.
     *
     * @param after the {@code after} of the next page of {@code members}; null on the last one
     */
    public record QueueAnswer(String eventId, String queueId, String status, String name,
            Integer unitsPerConversation, Integer priority, Double agingPerMinute, String assignment,
            Map<String, Object> hours, List<Map<String, Object>> overflow, List<Map<String, Object>> skillRelaxation,
            Integer wrapUpSeconds, Map<String, Object> offer, List<String> indexedSkills, Integer memberCount,
            List<Member> members, String after, List<Line> waiting, Counted assigned, Error error) implements Answer {

        public static QueueAnswer rejected(String eventId, String queueId, Error error) {
            return new QueueAnswer(eventId, queueId, "rejected", null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, error);
        }
    }

    /** A queue's member as {@code queue.get} shows it. */
    public record Member(String participantId, String kind, String name, String presence, int capacity, int load) {

        public static Member of(Participant p) {
            return new Member(p.id(), p.kind().wire(), p.name(), p.presence().wire(), p.capacity(), p.load());
        }
    }

    /**
     * One waiting line of a queue: the kind of participant its conversations need, how many wait, the longest wait
     * among the first few (null when none waits; without priorities, the first's) and the first few in the order they
     * will be served.
     */
    public record Line(String needed, int count, boolean countIsAtLeast, Long longestWaitSeconds,
            List<InLine> first) {
    }

    /** A waiting conversation, and since when it waits in this line. */
    public record InLine(String conversationId, Instant waitingSince) {
    }

    /** A count from a bounded read. */
    public record Counted(int count, boolean countIsAtLeast) {
    }

    /** The answer of {@code queue.list}: one page of queues. */
    public record QueueListAnswer(String eventId, String status, List<QueueSummary> queues, String after, Error error)
            implements Answer {

        public static QueueListAnswer rejected(String eventId, Error error) {
            return new QueueListAnswer(eventId, "rejected", null, null, error);
        }
    }

    public record QueueSummary(String queueId, String name, int unitsPerConversation, int priority,
            double agingPerMinute, String assignment, int memberCount) {
    }
}
