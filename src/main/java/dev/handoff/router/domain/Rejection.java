package dev.handoff.router.domain;

/**
 * Bad input or a request the state does not allow. Thrown inside the router and turned into a {@code rejected} answer
 * at the edge, which names the field behind {@link #subject()}; the reason never carries customer context.
 */
public class Rejection extends RuntimeException {
    private final ErrorCode code;
    private final Subject subject;
    private final String reason;

    /**
     * @param subject what the rejection is about; null when it is about no one field (the edge's own decoding
     *                rejections name their field in the reason)
     */
    public Rejection(ErrorCode code, Subject subject, String reason) {
        super(subject == null ? reason : subject + ": " + reason, null, false, false);
        this.code = code;
        this.subject = subject;
        this.reason = reason;
    }

    /** The same source and id came with another body (CONTRACT §1). */
    public static Rejection idReused() {
        return new Rejection(ErrorCode.ID_REUSED, Subject.EVENT,
                "this source and id were already used by an event with another body");
    }

    public static Rejection noSuchConversation() {
        return new Rejection(ErrorCode.NOT_FOUND, Subject.CONVERSATION, "no conversation has this id");
    }

    public static Rejection noSuchParticipant() {
        return new Rejection(ErrorCode.NOT_FOUND, Subject.PARTICIPANT, "no participant has this id");
    }

    public static Rejection noSuchQueue() {
        return new Rejection(ErrorCode.NOT_FOUND, Subject.QUEUE, "no queue has this id");
    }

    public static Rejection conversationEnded() {
        return new Rejection(ErrorCode.INVALID_STATE, Subject.CONVERSATION, "the conversation has ended");
    }

    public ErrorCode code() {
        return code;
    }

    public Subject subject() {
        return subject;
    }

    public String reason() {
        return reason;
    }
}
