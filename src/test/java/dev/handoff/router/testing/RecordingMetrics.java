package dev.handoff.router.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.Metrics;
import dev.handoff.router.domain.Owed;

/** The metrics port's calls, in order, for tests of the use cases wired by hand. */
public final class RecordingMetrics implements Metrics {
    /** One call: the method's name and its arguments. */
    public record Call(String method, List<Object> arguments) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String method) {
        return calls.stream().filter(call -> call.method().equals(method)).toList();
    }

    @Override
    public void eventHandled(String eventType, String outcome, double millis, int conditionalCheckFailures) {
        calls.add(new Call("eventHandled", List.of(eventType, outcome, millis, conditionalCheckFailures)));
    }

    @Override
    public void joinedLine(String queueId, KindNeeded line, int conversationsWaiting) {
        calls.add(new Call("joinedLine", List.of(queueId, line, conversationsWaiting)));
    }

    @Override
    public void handedOut(String queueId, KindNeeded line, long waitedSeconds) {
        calls.add(new Call("handedOut", List.of(queueId, line, waitedSeconds)));
    }

    @Override
    public void botCallFailed(BotCall call) {
        calls.add(new Call("botCallFailed", List.of(call)));
    }

    @Override
    public void noticeFailed(Owed.Audience recipient) {
        calls.add(new Call("noticeFailed", List.of(recipient)));
    }

    @Override
    public void swept(int deliveriesFinished, int claimsReleased, int conversationsHandedOut,
            int conditionalCheckFailures) {
        calls.add(new Call("swept", List.of(deliveriesFinished, claimsReleased, conversationsHandedOut,
                conditionalCheckFailures)));
    }
}
