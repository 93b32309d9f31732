package dev.handoff.router.domain;

/** Whether a participant takes new work. Only {@link #AVAILABLE} participants are routed to. */
public enum Presence {
    AVAILABLE("available"),
    BUSY("busy"),
    OFFLINE("offline"),
    /** Set by the router when a representative missed its queue's {@link OfferPolicy#declineLimit} offers in a row. */
    AWAY("away");

    private final String wire;

    Presence(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Presence fromWire(String value) {
        for (Presence presence : values()) {
            if (presence.wire.equals(value)) {
                return presence;
            }
        }
        throw new IllegalArgumentException("unknown presence: " + value);
    }
}
