package dev.handoff.router.domain;

/**
 * The kind of participant a conversation needs next: a new conversation takes anyone, an escalation needs a
 * representative, a transfer back needs a bot.
 */
public enum KindNeeded {
    ANY("any"),
    BOT("bot"),
    REPRESENTATIVE("representative");

    private final String wire;

    KindNeeded(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean accepts(ParticipantKind kind) {
        return switch (this) {
            case ANY -> true;
            case BOT -> kind == ParticipantKind.BOT;
            case REPRESENTATIVE -> kind == ParticipantKind.REPRESENTATIVE;
        };
    }

    /** What takes only participants of {@code kind}. */
    public static KindNeeded only(ParticipantKind kind) {
        return kind == ParticipantKind.BOT ? BOT : REPRESENTATIVE;
    }

    /** The waiting lines a participant of this kind serves: its own kind's and the line that takes anyone. */
    public static java.util.List<KindNeeded> servedBy(ParticipantKind kind) {
        return java.util.List.of(ANY, only(kind));
    }

    public static KindNeeded fromWire(String value) {
        for (KindNeeded needed : values()) {
            if (needed.wire.equals(value)) {
                return needed;
            }
        }
        throw new IllegalArgumentException("unknown kind needed: " + value);
    }
}
