package dev.handoff.router.domain;

/** Who a participant is: an AI agent (bot) or a human customer service representative. */
public enum ParticipantKind {
    BOT("bot"),
    REPRESENTATIVE("representative");

    private final String wire;

    ParticipantKind(String wire) {
        this.wire = wire;
    }

    /** The name used in events, answers and storage. */
    public String wire() {
        return wire;
    }

    public static ParticipantKind fromWire(String value) {
        for (ParticipantKind kind : values()) {
            if (kind.wire.equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown participant kind: " + value);
    }
}
