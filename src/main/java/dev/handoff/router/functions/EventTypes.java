package dev.handoff.router.functions;

import java.util.Set;

/** The event types of CONTRACT §1; each is also the name of the function exported for it alone. */
public final class EventTypes {
    public static final String START = "conversation.start";
    public static final String ESCALATE = "conversation.escalate";
    public static final String TRANSFER_TO_BOT = "conversation.transfer-to-bot";
    public static final String END = "conversation.end";
    public static final String QUEUE_UPSERT = "queue.upsert";
    public static final String PARTICIPANT_UPSERT = "participant.upsert";
    public static final String PARTICIPANT_PRESENCE = "participant.presence";
    public static final String CONVERSATION_GET = "conversation.get";

    public static final Set<String> ALL = Set.of(START, ESCALATE, TRANSFER_TO_BOT, END, QUEUE_UPSERT,
            PARTICIPANT_UPSERT, PARTICIPANT_PRESENCE, CONVERSATION_GET);

    /** Types whose answer is the admin answer ({@code ok} or {@code rejected}, with {@code assigned}). */
    static final Set<String> ADMIN = Set.of(QUEUE_UPSERT, PARTICIPANT_UPSERT, PARTICIPANT_PRESENCE);

    private EventTypes() {
    }
}
