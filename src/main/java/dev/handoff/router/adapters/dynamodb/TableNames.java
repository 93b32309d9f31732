package dev.handoff.router.adapters.dynamodb;

/** The physical names of the router's tables: a common prefix (per environment) and a fixed suffix per kind. */
public record TableNames(String conversations, String participants, String queues, String events,
        String transcripts, String channels, String members, String rooms, String claims) {

    public static TableNames withPrefix(String prefix) {
        return new TableNames(prefix + "conversations", prefix + "participants", prefix + "queues",
                prefix + "events", prefix + "transcripts", prefix + "channels", prefix + "members", prefix + "rooms",
                prefix + "claims");
    }
}
