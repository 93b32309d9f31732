package dev.handoff.router.domain;

/** How the webhook calls of a bot that an event handed the conversation to ended (CONTRACT §2, {@code delivery}). */
public enum BotDelivery {
    /** The bot answered both calls 2xx, with or without a greeting. */
    DELIVERED("delivered"),
    /** No bot could be told: the conversation waits for one. */
    FAILED("failed");

    private final String wire;

    BotDelivery(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static BotDelivery fromWire(String value) {
        for (BotDelivery delivery : values()) {
            if (delivery.wire.equals(value)) {
                return delivery;
            }
        }
        throw new IllegalArgumentException("unknown bot delivery: " + value);
    }
}
