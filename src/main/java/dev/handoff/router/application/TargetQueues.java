package dev.handoff.router.application;

import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ErrorCode;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.QueueStore;
import dev.handoff.router.domain.Rejection;
import dev.handoff.router.domain.Subject;
import jakarta.enterprise.context.ApplicationScoped;

/** The queue a hand-on goes to: the one the event names, else the conversation's own. */
@ApplicationScoped
public class TargetQueues {
    private final QueueStore queues;

    public TargetQueues(QueueStore queues) {
        this.queues = queues;
    }

    public Queue resolve(String targetQueueId, Conversation conversation) {
        String id = targetQueueId != null ? targetQueueId : conversation.queueId();
        return queues.find(id).orElseThrow(() -> targetQueueId != null
                ? new Rejection(ErrorCode.NO_SUCH_QUEUE, Subject.TARGET_QUEUE, "no queue has this id")
                : new Rejection(ErrorCode.NO_SUCH_QUEUE, Subject.CONVERSATION,
                        "the conversation's queue no longer exists"));
    }
}
