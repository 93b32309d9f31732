package dev.handoff.router.adapters.dynamodb;

/** Attribute names of the router's items, in one place. Times are stored as epoch milliseconds. */
final class Attr {
    // keys
    static final String CONVERSATION_ID = "conversationId";
    static final String PARTICIPANT_ID = "participantId";
    static final String QUEUE_ID = "queueId";
    static final String EVENT_KEY = "eventKey";
    static final String CHANNEL_ID = "channelId";

    // conversation
    static final String VERSION = "version";
    static final String STATUS = "status";
    static final String CUSTOMER = "customer";
    static final String CUSTOMER_ID = "id";
    static final String CUSTOMER_NAME = "name";
    static final String CUSTOMER_LOCALE = "locale";
    static final String CHANNEL = "channel";
    static final String CONTEXT = "context";
    static final String CREATED_AT = "createdAt";
    static final String ASSIGNEE = "assignee";
    static final String WAITING_FOR = "waitingFor";
    static final String WAITING_SINCE = "waitingSince";
    /** Index partition key, present only while waiting: {@code queueId#kindNeeded}. */
    static final String WAIT_LINE = "waitLine";
    /**
     * Index sort key, present only while waiting: zero-padded epoch ms, then the id, so arrival order is total; with a
     * priority, the arrival it is served by first, then the real one ({@code Conversation#lineOrder}).
     */
    static final String WAIT_ORDER = "waitOrder";
    /** Present only while waiting: its number in its line (its place is this less the line's {@link #LINE_LEFT}). */
    static final String TICKET = "ticket";
    /** A conversation's priority; absent when 0. */
    static final String PRIORITY = "priority";
    /** Index partition key, present only while assigned: the queue id, so a queue's assigned ones can be counted. */
    static final String HELD_IN = "heldIn";
    /** Index partition key, present only while a bot's calls are owed: always {@code owed}. */
    static final String OWED_LINE = "owedLine";
    /** Index sort key, present only while a bot's calls are owed: zero-padded epoch ms, then the id. */
    static final String OWED_ORDER = "owedOrder";
    /**
     * Index partition key, present only while something falls due ({@code Conversation#nextDue}: a wait, or a
     * wrap-up's end): always {@code due}.
     */
    static final String DUE_LINE = "dueLine";
    /**
     * Index sort key, present only while something falls due: zero-padded epoch ms of when, then the id. A wait's due
     * time is read back from it when the conversation has no wrap-ups (else from {@link #WAIT_DUE}).
     */
    static final String DUE_ORDER = "dueOrder";
    /**
     * A wait's due time (epoch ms), written only when wrap-ups or an offer share the {@link #DUE_ORDER} with it (an
     * offer's end comes first while it lasts).
     */
    static final String WAIT_DUE = "waitDue";
    /** Representatives wrapping a conversation up: a list of maps of the assignee's fields, since and until. */
    static final String WRAP_UPS = "wrapUps";
    static final String SINCE = "since";
    /** A conversation's offer to a representative: a map of the assignee's fields, since, until and misses. */
    static final String OFFER = "offer";
    static final String MISSES_BEFORE = "missesBefore";
    /**
     * While offered, a waiting conversation is out of its line's index ({@link #WAIT_ORDER} unwritten): the time its
     * line serves it by is kept here for when it goes back.
     */
    static final String LINE_ORDER_AT = "lineOrderAt";
    /** Representatives that declined the conversation, or let its offer expire, in this wait: a list, oldest first. */
    static final String PASSED_OVER = "passedOver";
    /** On a queue: its offer's timeout in seconds (present: it offers), and its decline limit (absent: none). */
    static final String OFFER_TIMEOUT = "offerTimeoutSeconds";
    static final String DECLINE_LIMIT = "declineLimit";
    /** On a participant: offers missed in a row, and the last offer counted (so that each counts once). */
    static final String MISSED_OFFERS = "missedOffers";
    static final String LAST_MISSED = "lastMissedOffer";
    static final String UNTIL = "until";
    /** On an assignee: the seconds of wrap-up its claim is held for once it lets the conversation go. */
    static final String WRAP_UP_SECONDS = "wrapUpSeconds";
    static final String SERVED_BY = "servedBy";
    static final String UNDELIVERABLE = "undeliverable";
    static final String TIMELINE = "timeline";
    /** The last transcript sequence allocated. */
    static final String LAST_SEQUENCE = "lastSequence";
    /** Calls owed to the outside, in order (the outbox). */
    static final String OUTBOX = "outbox";
    static final String LAST_OWED = "lastOwed";
    /** Whether the customer's channel is told (it had a webhook when the conversation started). */
    static final String TELLS_CHANNEL = "tellsChannel";
    static final String LAST_CHANNEL_SEQUENCE = "lastChannelSequence";
    /** On an assignee: whether its desk is told. */
    static final String DESK = "desk";
    // an owed notice: to whom, what, about whom, and the transcript place it concerns
    static final String AUDIENCE = "audience";
    static final String RECIPIENT = "recipient";
    static final String NOTICE = "notice";
    static final String ABOUT = "about";
    static final String TRANSCRIPT_SEQUENCE = "transcriptSequence";
    static final String SEQ = "seq";
    static final String TYPE = "type";
    static final String FIRST_REPLY = "firstReply";
    static final String EVENTS = "events";
    static final String PENDING_DELIVERY = "pendingDelivery";

    // nested in conversation
    static final String AT = "at";
    static final String EVENT = "event";
    static final String EVENT_ID = "eventId";
    static final String FROM = "from";
    static final String TEXT = "text";
    static final String KIND = "kind";
    static final String UNITS = "units";
    static final String CLAIM_TOKEN = "claim";
    static final String BODY_HASH = "bodyHash";
    static final String OUTCOME = "outcome";
    static final String RELEASED = "released";
    static final String POSITION = "position";
    static final String GREETING = "greeting";
    /** How the bot's calls ended: {@code delivered} or {@code failed}. */
    static final String DELIVERY = "delivery";
    /** Written before 0.2.0 instead of {@link #DELIVERY}; still read. */
    static final String DELIVERY_FAILED = "deliveryFailed";
    static final String TRANSFERRED_FROM = "transferredFrom";
    static final String OWED_SINCE = "owedSince";

    // participant
    static final String NAME = "name";
    static final String CAPACITY = "capacity";
    static final String LOAD = "load";
    static final String QUEUES = "queues";
    static final String PRESENCE = "presence";
    /** A participant's or a channel's webhook: its URL and its secret, as given. */
    static final String WEBHOOK_URL = "webhookUrl";
    static final String WEBHOOK_SECRET = "webhookSecret";
    /**
     * A participant's claims not yet settled into claim items, by conversation id. The name is from when every claim
     * was kept here: such an item's claims are then all unsettled, and the sweeper settles those conversations hold.
     */
    static final String UNSETTLED = "assignments";
    /** A participant's releases under way, by conversation id and token: who gives the units back, how many, since. */
    static final String RELEASING = "releasing";
    static final String LAST_ASSIGNED_AT = "lastAssignedAt";
    /** When a claim of the participant was last given back (most-idle ranks by the later of the two). */
    static final String LAST_RELEASED_AT = "lastReleasedAt";
    /** A participant's skills, and a copy on its room items for looks that require some: name to level. */
    static final String SKILLS = "skills";
    /** A conversation's required skills: name to level. */
    static final String REQUIRED_SKILLS = "requiredSkills";
    /** What the last routing event required, when its queue's relaxation steps have relaxed it since. */
    static final String REQUESTED_SKILLS = "requestedSkills";
    /** While a conversation waits for one named representative: that one's id, and until when (epoch ms). */
    static final String NAMED_FOR = "namedFor";
    static final String NAMED_UNTIL = "namedUntil";
    /** A queue's relaxation steps: a list of maps of {@link #AFTER_SECONDS}, {@link #LOWER_BY}, {@link #DROP}. */
    static final String SKILL_RELAXATION = "skillRelaxation";
    static final String AFTER_SECONDS = "afterSeconds";
    static final String LOWER_BY = "lowerBy";
    /** The skills a step drops: a list of names, or absent with {@link #DROP_ALL}. */
    static final String DROP = "drop";
    static final String DROP_ALL = "dropAll";
    /** Set when the bot's webhook answered 410; an upsert clears it. */
    static final String WEBHOOK_DISABLED = "webhookDisabled";
    static final String CLAIMED_AT = "claimedAt";
    /** Counts the writes to a participant's item; a member entry holds the one it mirrors. */
    static final String REVISION = "revision";

    // claims: one item per participant (the partition key) and conversation (the sort key)
    /** {@code held}, or {@code released}: then kept until {@link #EXPIRES_AT}, so a late settle cannot bring it back. */
    static final String CLAIM_STATE = "state";
    /** The release (its owner id) that marked a claim item released. */
    static final String RELEASED_BY = "releasedBy";

    // rooms: the partition (queue id + "#" + kind) and sort key (the rank by its queue's AssignmentMethod, then the
    // revision that wrote it) of a member's room item; a member's entry holds those of its own while it has room, and
    // the skill#level of each room item it has by an indexed skill (partition: its room item's + "#" + skill#level)
    static final String ROOM_IN = "roomIn";
    static final String ROOM_RANK = "roomRank";
    static final String ROOM_SKILLS = "roomSkills";
    /** A queue's skills its room index keeps apart, level by level. */
    static final String INDEXED_SKILLS = "indexedSkills";

    // transcripts: a message's place in its conversation (the sort key)
    static final String SEQUENCE = "sequence";

    // admin event records
    static final String LEASE_UNTIL = "leaseUntil";
    /** The delivery (attempt id) that holds an admin event's record. */
    static final String OWNER = "owner";
    /** Epoch seconds; the events' and claims' TTL attribute (it only cleans up; conditions decide expiry). */
    static final String EXPIRES_AT = "expiresAt";
    static final String ASSIGNED = "assigned";

    // queue
    static final String UNITS_PER_CONVERSATION = "unitsPerConversation";
    /** Prefixes of a line's counters on its queue's item, followed by the kind needed ({@code joined#any}). */
    static final String LINE_JOINED = "joined#";
    /**
     * A line's latest hand-out times, {@code out#<kind's initial><i>}, {@code out#r0} the latest for the
     * representatives' line: what a wait is estimated from.
     */
    static final String LINE_HANDED_OUT = "out#";
    static final String LINE_LEFT = "left#";
    static final String LINE_TICKET_AT = "ticketAt#";
    /** Of those joined and left, the conversations with a priority ({@code pjoined#any}). */
    static final String LINE_PRIORITIZED_JOINED = "pjoined#";
    static final String LINE_PRIORITIZED_LEFT = "pleft#";
    /** A queue's priority among its members' queues (absent: 0) and its line's aging (absent: 1 point a minute). */
    static final String AGING_PER_MINUTE = "agingPerMinute";
    /** A queue's opening hours (absent: always open) and overflow rules (absent: none), as maps. */
    static final String HOURS = "hours";
    static final String OVERFLOW = "overflow";
    static final String TIME_ZONE = "timeZone";
    static final String WEEKLY = "weekly";
    static final String DAY = "day";
    static final String OPEN = "open";
    static final String CLOSE = "close";
    static final String CLOSED_DATES = "closedDates";
    static final String WHEN = "when";
    static final String COUNT = "count";
    static final String THEN = "then";
    static final String TARGET = "target";
    static final String MESSAGE = "message";
    /** A queue's assignment method, by its wire name (absent: highest-capacity). */
    static final String ASSIGNMENT = "assignment";

    private Attr() {
    }
}
