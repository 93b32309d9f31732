package dev.handoff.router.domain;

/**
 * Bad input or a request the state does not allow. Thrown inside the router and turned into a {@code rejected} answer
 * at the edge; the message names the field and never carries customer context.
 */
public class Rejection extends RuntimeException {
    private final ErrorCode code;

    public Rejection(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
