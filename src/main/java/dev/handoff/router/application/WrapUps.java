package dev.handoff.router.application;

import java.time.Instant;
import java.util.Optional;

import dev.handoff.router.application.Answers.RoutingAnswer;
import dev.handoff.router.application.Commands.WrapUpDone;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.ErrorCode;
import dev.handoff.router.domain.Rejection;
import dev.handoff.router.domain.Subject;
import dev.handoff.router.domain.WrapUp;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The end of a representative's wrap-up ({@link WrapUp}): when it says it is done ({@code participant.wrap-up-done}) or
 * when its time is up (a timer, or the sweeper). Either is a step on the conversation: the wrap-up leaves it in a
 * conditional write that marks the claim's release first, then the claim is released and the room offered to the lines
 * its representative serves. So the one that comes second finds no wrap-up and changes nothing.
 */
@ApplicationScoped
public class WrapUps {
    private final ConversationStore conversations;
    private final ConversationSteps steps;
    private final HandOuts handOuts;
    private final EventAnswers answers;

    public WrapUps(ConversationStore conversations, ConversationSteps steps, HandOuts handOuts,
            EventAnswers answers) {
        this.conversations = conversations;
        this.steps = steps;
        this.handOuts = handOuts;
        this.answers = answers;
    }

    /**
     * {@code participant.wrap-up-done}: by the representative wrapping up. One whose wrap-up ended already (its time
     * was up) is answered as the conversation is, with nothing changed: the desk may say it is done late.
     */
    public RoutingAnswer done(EventContext event, WrapUpDone command) {
        return steps.run(event, command.conversationId(), conversation -> {
            var wrapUp = conversation.wrapUpOf(command.participantId());
            if (wrapUp.isEmpty()) {
                if (conversation.isHeldBy(command.participantId())) {
                    throw new Rejection(ErrorCode.INVALID_STATE, Subject.PARTICIPANT,
                            "the participant still holds the conversation: its wrap-up begins when it lets it go");
                }
                if (!conversation.hadHolder(command.participantId())) {
                    throw new Rejection(ErrorCode.NOT_ASSIGNEE, Subject.PARTICIPANT,
                            "the participant never held the conversation");
                }
                return RoutingAnswer.of(event.eventId(), conversation.id(), conversation.outcome(null), null, false);
            }
            return end(event, conversation, wrapUp.get());
        });
    }

    /**
     * The wrap-ups of a conversation whose time is up at {@code now}, each ended in a step of its own (event id from
     * its holder and end, source {@link WaitDeadlines#SOURCE}); a timer set for {@code firedFor} whose step ended one
     * already, but may have died before its release, finishes that release, as an event's repeat does.
     *
     * @param found the conversation as just read
     * @return how many it ended
     */
    int endDue(Conversation found, Instant firedFor, Instant now) {
        int ended = 0;
        String conversationId = found.id();
        if (firedFor != null) {
            // Steps of this timer's time that ended a wrap-up: their repeats finish what they left.
            steps.repeatTimerSteps(found, "wrap-up-ended", eventPrefix(firedFor), now);
        }
        Optional<WrapUp> due = found.wrapUpDue(now);
        while (due.isPresent()) {
            WrapUp wrapUp = due.get();
            var event = event(conversationId, eventPrefix(wrapUp.until()) + wrapUp.holder().participantId(), now);
            var answered = steps.run(event, conversationId, conversation -> conversation
                    .wrapUpOf(wrapUp.holder().participantId())
                    .filter(current -> current.holder().sameClaim(wrapUp.holder()) && current.dueBy(now))
                    .map(current -> end(event, conversation, current))
                    .orElse(null)); // ended meanwhile (its representative said it is done)
            if (answered != null) {
                ended++;
            }
            due = conversations.find(conversationId).flatMap(c -> c.wrapUpDue(now))
                    .filter(next -> !next.holder().sameClaim(wrapUp.holder()));
        }
        return ended;
    }

    private RoutingAnswer end(EventContext event, Conversation conversation, WrapUp wrapUp) {
        Conversation next = conversation.wrapUpEnded(wrapUp, event.now(), event.eventId());
        var committed = steps.commit(event, next, wrapUp.holder(), Optional.empty());
        // Its desk hears that its wrap-up ended before it hears of the conversation its freed room is handed.
        var answer = answers.answer(event, committed.conversation(), false);
        committed.release().ifPresent(
                release -> handOuts.releaseAndFill(release, event.key(), event.eventId(), event.now()));
        return answer;
    }

    private static String eventPrefix(Instant until) {
        return "wrap-up:" + until.toEpochMilli() + ":";
    }

    private static EventContext event(String conversationId, String eventId, Instant now) {
        return WaitDeadlines.timerStep(conversationId, eventId, now);
    }
}
