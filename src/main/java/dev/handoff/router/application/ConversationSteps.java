package dev.handoff.router.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import dev.handoff.router.application.Answers.RoutingAnswer;
import dev.handoff.router.domain.Assignee;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.ErrorCode;
import dev.handoff.router.domain.EventRecord;
import dev.handoff.router.domain.Rejection;
import dev.handoff.router.domain.Subject;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What every event on an existing conversation goes through: read it, answer a repeat from the record the event left,
 * else run the event's step; when the step's conditional write loses against a concurrent change, read again and
 * decide again.
 */
@ApplicationScoped
public class ConversationSteps {
    private static final int MAX_ATTEMPTS = 5;

    private final ConversationStore conversations;
    private final EventAnswers answers;
    private final Claims claims;

    public ConversationSteps(ConversationStore conversations, EventAnswers answers, Claims claims) {
        this.conversations = conversations;
        this.answers = answers;
        this.claims = claims;
    }

    /**
     * @param step decides and writes on the conversation as read; throws {@link ConversationStore.StaleWrite} (after
     *             undoing any claim it made) when its write lost
     */
    public RoutingAnswer run(EventContext event, String conversationId, Function<Conversation, RoutingAnswer> step) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Conversation conversation = conversations.find(conversationId)
                    .orElseThrow(Rejection::noSuchConversation);
            var record = answers.recordOf(event, conversation);
            if (record.isPresent()) {
                return answers.answerRepeat(event, conversation, record.get());
            }
            try {
                return step.apply(conversation);
            } catch (ConversationStore.StaleWrite changed) {
                // Someone else wrote the conversation between our read and our write: decide again on fresh state.
            }
        }
        throw new ConcurrentChange("conversation " + conversationId + " kept changing; retry the event");
    }

    /**
     * The steps of a timer set for one time that changed the conversation already (their timeline entries say {@code
     * timelineEvent}, their event ids start with {@code eventIdPrefix}), repeated: each is answered from its record,
     * after finishing what it may have left when it died (the release of the holder it let go).
     *
     * @return the events of those steps, for the caller to finish what else they left
     */
    public List<EventContext> repeatTimerSteps(Conversation found, String timelineEvent, String eventIdPrefix,
            Instant now) {
        var repeated = new ArrayList<EventContext>();
        for (var entry : found.timeline()) {
            if (entry.event().equals(timelineEvent) && entry.eventId().startsWith(eventIdPrefix)) {
                var earlier = WaitDeadlines.timerStep(found.id(), entry.eventId(), now);
                run(earlier, found.id(), conversation -> null);
                repeated.add(earlier);
            }
        }
        return repeated;
    }

    /**
     * Writes what a step decided on the conversation as read, with the event's record (its answer and the holder it
     * releases after this write). When the write loses, the claim made for it is given back and {@link
     * ConversationStore.StaleWrite} is thrown, so that {@link #run} decides again on fresh state.
     *
     * @param released the holder this step disconnects; null if none. Its release is marked before the write (and the
     *                 mark dropped if the write loses); the caller makes it with {@link Committed#release()}. One that
     *                 {@code next} keeps for wrap-up is not released now (its wrap-up's end releases it)
     * @param claim    capacity claimed for this step's new holder, if any: settled and mirrored into its queues' index
     *                 once the write landed
     */
    public Committed commit(EventContext event, Conversation next, Assignee disconnected,
            Optional<Claims.Claimed> claim) {
        Assignee released = next.keepsForWrapUp(disconnected) ? null : disconnected;
        Conversation recorded = next.remember(event.key(), new EventRecord(event.eventId(), event.bodyHash(),
                event.now(), next.outcome(null), released));
        var release = Optional.ofNullable(released).map(holder -> claims.intendRelease(holder, next.id()));
        Conversation stored;
        try {
            stored = conversations.replace(recorded);
        } catch (ConversationStore.StaleWrite changed) {
            release.ifPresent(claims::dropRelease);
            claim.ifPresent(claimed -> claims.abandon(claimed.assignee(), next.id()));
            throw changed;
        }
        claim.ifPresent(claimed -> claims.settled(claimed, next.id()));
        return new Committed(stored, release);
    }

    /**
     * A step's write that landed: the conversation as stored, and the release of the holder it disconnected (marked
     * before the write), for the caller to make.
     */
    public record Committed(Conversation conversation, Optional<Claims.Release> release) {
    }

    /** The checks every hand-on shares: the conversation is live, held by the requester, and not in a line. */
    public static void requireHeldBy(Conversation conversation, String requestedBy) {
        if (conversation.isEnded()) {
            throw Rejection.conversationEnded();
        }
        if (!conversation.isHeldBy(requestedBy)) {
            throw new Rejection(ErrorCode.NOT_ASSIGNEE, Subject.REQUESTER,
                    "only the conversation's current assignee may request this");
        }
        if (conversation.waitingFor() != null) {
            throw new Rejection(ErrorCode.INVALID_STATE, Subject.CONVERSATION,
                    "the conversation is waiting for a representative already");
        }
    }
}
