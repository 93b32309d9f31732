package dev.handoff.router.domain;

/** The routing state of a conversation, as answered to callers. */
public enum ConversationStatus {
    ASSIGNED("assigned"),
    WAITING("waiting"),
    ENDED("ended");

    private final String wire;

    ConversationStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static ConversationStatus fromWire(String value) {
        for (ConversationStatus status : values()) {
            if (status.wire.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown conversation status: " + value);
    }
}
