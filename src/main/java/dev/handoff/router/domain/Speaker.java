package dev.handoff.router.domain;

/** Who said something in a conversation: the customer, or a participant (a bot or a representative). */
public record Speaker(String id, Kind kind) {

    public enum Kind {
        CUSTOMER("customer"),
        BOT("bot"),
        REPRESENTATIVE("representative");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Kind of(ParticipantKind kind) {
            return kind == ParticipantKind.BOT ? BOT : REPRESENTATIVE;
        }

        public static Kind fromWire(String value) {
            for (Kind kind : values()) {
                if (kind.wire.equals(value)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown speaker kind: " + value);
        }
    }

    public static Speaker customer(Customer customer) {
        return new Speaker(customer.id(), Kind.CUSTOMER);
    }

    public static Speaker of(Assignee holder) {
        return new Speaker(holder.participantId(), Kind.of(holder.kind()));
    }
}
