package dev.handoff.router.domain;

/** The rejection codes of CONTRACT §2. A rejected event is answered, never thrown, and stores nothing. */
public enum ErrorCode {
    INVALID_EVENT("invalid_event"),
    UNKNOWN_TYPE("unknown_type"),
    ID_REUSED("id_reused"),
    NOT_FOUND("not_found"),
    NO_SUCH_QUEUE("no_such_queue"),
    NOT_ASSIGNEE("not_assignee"),
    INVALID_STATE("invalid_state"),
    NO_BOT_AVAILABLE("no_bot_available"),
    PARTICIPANT_UNAVAILABLE("participant_unavailable"),
    OFFER_EXPIRED("offer_expired");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
