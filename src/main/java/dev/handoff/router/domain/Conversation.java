package dev.handoff.router.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A customer's conversation: where it is, who holds it, what happened to it. Immutable; every transition returns the
 * next state with its timeline entries, and the store writes it conditionally on {@link #version()}.
 *
 * @param version      0 for a conversation not stored yet; the store increments it on every write
 * @param assignee     who holds it; null when nobody does (new and waiting, or ended)
 * @param waitingFor   while {@link ConversationStatus#WAITING}: the kind of participant it waits for
 * @param waitingSince while waiting: when it joined the line (orders the line)
 * @param servedBy     every bot that has held it: a transfer back never returns it to one of them unless named
 * @param undeliverable bots whose webhook calls for it failed: a fallback never picks them again
 * @param lastSequence the last transcript sequence allocated (the messages themselves live in the transcript)
 * @param events       the events that changed it, by event key (source + id), for duplicate detection
 * @param pendingDelivery webhook calls owed to the assignee bot; null when none
 * @param outbox       other calls owed to the outside, in order (see {@link Owed}); {@code lastOwed} numbers them
 * @param tellsChannel whether the customer's channel had a webhook when the conversation started: then everything
 *                     the customer should see is owed to it ({@link Owed.Notice}), numbered by
 *                     {@code lastChannelSequence}
 * @param ticket       while waiting: its number in its line, taken before it joined ({@code QueueStore#takeTicket});
 *                     its place is its ticket less the conversations that left the line since. 0 when not waiting,
 *                     or when it joined before lines gave tickets
 * @param priority     higher is served first among those waiting in a line (0 by default); kept across hand-ons
 * @param lineOrderAt  while waiting: the arrival its line serves it by, {@code waitingSince} moved earlier by its
 *                     priority ({@link Queue#lineOrderAt}); null when not waiting
 * @param requiredSkills who may get it: only participants with each of these skills at its level or above; set by
 *                     each routing event (none when it names none)
 * @param dueAt        while waiting: when its queue's rules on time waited or its next relaxation step next look at it
 *                     (a timer fires then, the sweeper as a backstop); null when none is due
 * @param requestedSkills what the last routing event required; {@code requiredSkills} is that, relaxed by the steps
 *                     of its queue's {@code skillRelaxation} that came while it waits in the line
 * @param named        while waiting: the one representative it waits for (a transfer to a named one who had no room),
 *                     until when; null: anyone of its line may take it
 * @param wrapUps      representatives that let it go and still wrap it up, their claims held (their queue's
 *                     {@code wrapUpSeconds}); whatever its status
 * @param offer        while waiting: the representative it is offered to (its queue's {@code offer}), its capacity
 *                     held, until it accepts, declines or the offer expires; meanwhile it is out of its line (its
 *                     place, {@code waitingSince} and {@code lineOrderAt}, kept for when it goes back). Null: none
 * @param passedOver   representatives that declined it or let its offer expire: never offered it again in this wait
 *                     (cleared when someone takes it)
 */
public record Conversation(String id, long version, ConversationStatus status, String queueId, Customer customer,
        String channel, boolean tellsChannel, Map<String, Object> context, Instant createdAt, Assignee assignee, KindNeeded waitingFor,
        Instant waitingSince, Set<String> servedBy, Set<String> undeliverable, List<TimelineEntry> timeline,
        long lastSequence, Map<String, EventRecord> events, PendingDelivery pendingDelivery, List<Owed> outbox,
        long lastOwed, long lastChannelSequence, long ticket, int priority, Instant lineOrderAt,
        Skills requiredSkills, Instant dueAt, Skills requestedSkills, NamedWait named, List<WrapUp> wrapUps,
        Offer offer, Set<String> passedOver) {

    /** Bounds that keep the item far below DynamoDB's 400 KB: older entries are dropped first. */
    public static final int TIMELINE_LIMIT = 200;
    public static final int EVENTS_LIMIT = 100;
    /** Representatives passed over in one wait, the latest kept: beyond these, the oldest may be offered it again. */
    public static final int PASSED_OVER_LIMIT = 50;
    /**
     * Of those, the records of messages: a chat has many, and every message writes the item, so only the latest are
     * kept (a platform's retry of a message comes within seconds or minutes). A repeat of an older message is no longer
     * recognised (CONTRACT §1).
     */
    public static final int MESSAGE_RECORDS_LIMIT = 20;
    /**
     * Transcript sequences reserved for a bot's replies to one call (its greeting, or its answer to a message): they
     * are allocated with the call, so the replies can be written before the write that records them. Replies beyond
     * these are not kept.
     */
    public static final int REPLIES_RESERVED = 10;
    /** Where a {@link #lineOrder} carries the required skills: a character no id has (CONTRACT §1's ids). */
    private static final String REQUIREMENT = "|";

    public Conversation {
        context = Collections.unmodifiableMap(new LinkedHashMap<>(context)); // keeps the order variables came in
        servedBy = Set.copyOf(servedBy);
        undeliverable = Set.copyOf(undeliverable);
        timeline = List.copyOf(timeline);
        events = Map.copyOf(events);
        outbox = List.copyOf(outbox);
        wrapUps = wrapUps == null ? List.of() : List.copyOf(wrapUps);
        // In the order they were passed over: the oldest are dropped first.
        passedOver = passedOver == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(passedOver));
        requiredSkills = requiredSkills == null ? Skills.NONE : requiredSkills;
        requestedSkills = requestedSkills == null ? requiredSkills : requestedSkills;
    }

    /** A new conversation that requires no skills. */
    public static Conversation open(String id, String queueId, Customer customer, String channel,
            boolean tellsChannel, Map<String, Object> context, int priority, Instant now, String eventId) {
        return open(id, queueId, customer, channel, tellsChannel, context, priority, Skills.NONE, now, eventId);
    }

    /** A new conversation, not yet routed: the caller assigns it or makes it wait in the same write. */
    public static Conversation open(String id, String queueId, Customer customer, String channel,
            boolean tellsChannel, Map<String, Object> context, int priority, Skills requiredSkills, Instant now,
            String eventId) {
        var started = new TimelineEntry(now, "started", eventId, queueId, null, null);
        return new Conversation(id, 0, ConversationStatus.WAITING, queueId, customer, channel, tellsChannel, context,
                now, null, null, null, Set.of(), Set.of(), List.of(started), 0, Map.of(), null, List.of(), 0, 0, 0,
                priority, null, requiredSkills, null, requiredSkills, null, List.of(), null, Set.of());
    }

    /** This state as stored at {@code storedVersion}: what a store answers after a write. */
    public Conversation withVersion(long storedVersion) {
        return new Conversation(id, storedVersion, status, queueId, customer, channel, tellsChannel, context,
                createdAt, assignee, waitingFor, waitingSince, servedBy, undeliverable, timeline, lastSequence, events,
                pendingDelivery, outbox, lastOwed, lastChannelSequence, ticket, priority, lineOrderAt, requiredSkills,
                dueAt, requestedSkills, named, wrapUps, offer, passedOver);
    }

    /**
     * The same wait, next looked at {@code at} (null: never): its queue's rules on time waited changed since it
     * joined, or the next of them is still to come.
     */
    public Conversation dueAgainAt(Instant at) {
        return change(d -> d.dueAt = at);
    }

    /**
     * Its queue's relaxation steps came while it waits: whoever has {@code relaxed} may take it now (the line's order
     * says so, so freed participants see it); the timeline says {@code relaxed}.
     */
    public Conversation relaxedTo(Skills relaxed, Instant now, String eventId) {
        return change(d -> {
            d.timeline.add(new TimelineEntry(now, "relaxed", eventId, queueId, null, null));
            d.requiredSkills = relaxed;
        });
    }

    public boolean isEnded() {
        return status == ConversationStatus.ENDED;
    }

    public boolean isHeldBy(String participantId) {
        return assignee != null && assignee.participantId().equals(participantId);
    }

    /**
     * Whether {@code holder}, which this state no longer has as its holder, keeps its claim for wrap-up: then the step
     * that let it go does not release it (its wrap-up's end does).
     */
    public boolean keepsForWrapUp(Assignee holder) {
        return holder != null && wrapUps.stream().anyMatch(w -> w.holder().sameClaim(holder));
    }

    /** Whether {@code participantId} held it at some time (as far as its timeline, the latest entries, goes back). */
    public boolean hadHolder(String participantId) {
        return timeline.stream().anyMatch(e -> e.event().equals("assigned") && participantId.equals(e.participantId()));
    }

    /** The wrap-up {@code participantId} does on it, if any. */
    public Optional<WrapUp> wrapUpOf(String participantId) {
        return wrapUps.stream().filter(w -> w.holder().participantId().equals(participantId)).findFirst();
    }

    /** The first of its wrap-ups whose time is up at {@code now}, if any. */
    public Optional<WrapUp> wrapUpDue(Instant now) {
        return wrapUps.stream().filter(w -> w.dueBy(now)).findFirst();
    }

    /**
     * A wrap-up ends (its representative said it is done, or its time is up): the timeline says {@code wrap-up-ended},
     * its desk is told, and the caller releases its claim after this state is stored.
     */
    public Conversation wrapUpEnded(WrapUp ended, Instant now, String eventId) {
        return change(d -> {
            d.timeline.add(new TimelineEntry(now, "wrap-up-ended", eventId, queueId,
                    ended.holder().participantId(), null));
            d.tellDesk(ended.holder(), now, Owed.NoticeType.WRAP_UP_ENDED, null, null, 0);
            d.wrapUps.removeIf(w -> w.holder().sameClaim(ended.holder()));
        });
    }

    /**
     * When it is next due a look by a timer: its wait's {@link #dueAt}, or the end of a wrap-up, whichever is first;
     * null when nothing is due. The store's {@code due} index is ordered by it.
     */
    public Instant nextDue() {
        // While it is offered, its wait's rules wait for the offer's answer: the offer's end is due instead.
        Instant next = offer != null ? offer.until() : dueAt;
        for (WrapUp w : wrapUps) {
            if (next == null || w.until().isBefore(next)) {
                next = w.until();
            }
        }
        return next;
    }

    /**
     * The times a timer must be set for after the write that made this state at {@code now}: the due time of a wait
     * that began in it (or the end of an offer made in it: its wait's rules wait for the offer's answer), and the end
     * of each wrap-up that began in it. Empty for those begun earlier (their timers are set).
     */
    public List<Instant> timersFrom(Instant now) {
        var due = new ArrayList<Instant>();
        if (offer != null && now.equals(offer.since())) {
            due.add(offer.until());
        } else if (dueAt != null && now.equals(waitingSince)) {
            due.add(dueAt);
        }
        wrapUps.stream().filter(w -> w.since().equals(now)).forEach(w -> due.add(w.until()));
        return due;
    }

    /** A hand-on's priority, when its event names one, replaces the conversation's for its next wait; null keeps it. */
    public Conversation withPriority(Integer next) {
        if (next == null || next == priority) {
            return this;
        }
        return change(d -> d.priority = next);
    }

    /**
     * A routing event's required skills: who may get the conversation from this hand-on on (none when the event names
     * none: a requirement is for the queue it was made for).
     */
    public Conversation withRequiredSkills(Skills required) {
        if (required.equals(requiredSkills) && required.equals(requestedSkills)) {
            return this;
        }
        return change(d -> {
            d.requiredSkills = required;
            d.requestedSkills = required;
        });
    }

    /**
     * While waiting: a string that sorts as its line is served (by {@link #lineOrderAt}, then id), by which stores
     * order their waiting lines. Zero-padded epoch milliseconds, then the id; a conversation served as if it had come
     * earlier or later than it did (a priority) carries its real arrival between them, so that a line's entries tell
     * how long each has waited ({@link #arrivalIn}). Without a priority it is the form lines had before priorities.
     */
    public String lineOrder() {
        String requirement = requiredSkills.isEmpty() ? "" : REQUIREMENT + requiredSkills.signature();
        if (lineOrderAt == null || lineOrderAt.equals(waitingSince)) {
            return String.format("%015d#%s%s", waitingSince.toEpochMilli(), id, requirement);
        }
        return String.format("%015d#%015d#%s%s", lineOrderAt.toEpochMilli(), waitingSince.toEpochMilli(), id,
                requirement);
    }

    /**
     * The skills required of whoever takes the conversation whose {@link #lineOrder} this is: after its id, which
     * never contains this mark, so that a line read in order tells who may take each without reading them.
     */
    public static Skills requirementIn(String lineOrder) {
        int mark = lineOrder.indexOf(REQUIREMENT);
        return mark < 0 ? Skills.NONE : Skills.fromSignature(lineOrder.substring(mark + REQUIREMENT.length()));
    }

    /** Whether the conversation whose {@link #lineOrder} this is waits with a priority other than 0. */
    public static boolean prioritized(String lineOrder) {
        return lineOrder.split("#", 3).length == 3;
    }

    /** The arrival the conversation whose {@link #lineOrder} this is is served by ({@link #lineOrderAt}). */
    public static Instant servedAsOf(String lineOrder) {
        return Instant.ofEpochMilli(Long.parseLong(lineOrder.split("#", 2)[0]));
    }

    /** When the conversation whose {@link #lineOrder} this is joined its line. */
    public static Instant arrivalIn(String lineOrder) {
        String[] parts = lineOrder.split("#", 3);
        return Instant.ofEpochMilli(Long.parseLong(parts.length == 3 ? parts[1] : parts[0]));
    }

    /** Each event's context is merged over what the conversation carries (CONTRACT §1). */
    public Conversation withContext(Map<String, Object> more) {
        if (more == null || more.isEmpty()) {
            return this;
        }
        return change(d -> d.context.putAll(more));
    }

    /**
     * Hands the conversation to {@code next} in {@code queue}. A previous holder is disconnected in the same step
     * (its capacity is released by the caller after this state is stored). A bot is owed its webhook calls from here.
     *
     * @param deliveryKey the key of the event the bot's calls belong to; seeds their fixed webhook ids
     */
    public Conversation assignTo(Assignee next, String queue, Instant now, String eventId, String deliveryKey) {
        return assign(next, queue, now, eventId, deliveryKey, true);
    }

    /**
     * A swap gives it to {@code next} in its queue, as {@link #assignTo} does, while the holder it leaves takes the
     * conversation {@code next} held (a hand-back and an escalation that waited on each other): the timeline says
     * {@code swapped} before {@code assigned}, and the holder it leaves does not wrap it up (it is at work on the other
     * one at once).
     */
    public Conversation swappedTo(Assignee next, Instant now, String eventId, String deliveryKey) {
        var swapped = change(d -> d.timeline.add(new TimelineEntry(now, "swapped", eventId, queueId,
                next.participantId(), assignee == null ? null : assignee.participantId())));
        return swapped.assign(next, queueId, now, eventId, deliveryKey, false);
    }

    private Conversation assign(Assignee next, String queue, Instant now, String eventId, String deliveryKey,
            boolean wrapsUp) {
        return change(d -> {
            d.timeline.add(new TimelineEntry(now, "assigned", eventId, queue, next.participantId(), null));
            if (assignee != null && !assignee.participantId().equals(next.participantId())) {
                d.disconnect(now, eventId, wrapsUp);
            }
            // The new holder's desk is shown what was said before it came; the customer is told who it talks to now.
            d.tellDesk(next, now, Owed.NoticeType.ASSIGNED, null, null, d.lastSequence);
            d.tellChannel(now, Owed.NoticeType.ASSIGNED, Speaker.of(next), null, 0);
            if (next.kind() == ParticipantKind.BOT) {
                d.servedBy.add(next.participantId());
                d.pendingDelivery = new PendingDelivery(next.participantId(), deliveryKey, eventId, queue, assignee,
                        now, d.reserveReplies());
            } else {
                d.pendingDelivery = null;
            }
            // Messages owed to the previous holder are not sent to it any more: they are in the transcript, which
            // reaches the next holder with its arrival.
            d.dropMessagesToBotsOtherThan(next);
            d.offer = null;
            d.passedOver.clear();
            d.status = ConversationStatus.ASSIGNED;
            d.queueId = queue;
            d.assignee = next;
            d.waitingFor = null;
            d.waitingSince = null;
            d.lineOrderAt = null;
            d.ticket = 0;
        });
    }

    /**
     * Puts the conversation in {@code queue}'s line for a participant of kind {@code needed}; any holder keeps it.
     *
     * @param ticket its number in that line, taken just before
     */
    public Conversation waitFor(KindNeeded needed, Queue queue, Instant now, String eventId, long ticket) {
        return waitIn(needed, queue, null, now, eventId, ticket);
    }

    /**
     * Puts the conversation in {@code queue}'s line for a representative as {@link #waitFor} does, for the one named
     * alone until {@code named.until()}, when it is looked at again (its timeline's {@code waiting} names that one).
     */
    public Conversation waitForNamed(Queue queue, NamedWait named, Instant now, String eventId, long ticket) {
        return waitIn(KindNeeded.REPRESENTATIVE, queue, named, now, eventId, ticket);
    }

    private Conversation waitIn(KindNeeded needed, Queue queue, NamedWait forOne, Instant now, String eventId,
            long ticket) {
        return change(d -> {
            d.timeline.add(new TimelineEntry(now, "waiting", eventId, queue.id(),
                    forOne == null ? null : forOne.participantId(), null));
            d.tellChannel(now, Owed.NoticeType.WAITING, null, null, 0);
            d.status = ConversationStatus.WAITING;
            d.queueId = queue.id();
            d.waitingFor = needed;
            d.waitingSince = now;
            d.lineOrderAt = queue.lineOrderAt(now, d.priority);
            d.ticket = ticket;
            d.requiredSkills = d.requestedSkills; // a line relaxes what was asked from the time it is joined
            d.named = forOne;
            d.dueAt = nextLook(queue, now, now, forOne).orElse(null);
        });
    }

    /** When it is next looked at, at {@code now}: its queue's next rule or step, or the end of its named wait. */
    public Optional<Instant> nextLook(Queue queue, Instant now) {
        return nextLook(queue, waitingSince, now, named);
    }

    private static Optional<Instant> nextLook(Queue queue, Instant since, Instant now, NamedWait named) {
        var next = queue.nextDue(since, now);
        if (named == null || !named.until().isAfter(now)) {
            return next;
        }
        return Optional.of(next.filter(at -> at.isBefore(named.until())).orElse(named.until()));
    }

    /**
     * Gives it to {@code next}, picked in {@code queue}: offered ({@link #offeredTo}) when the queue offers to its
     * kind, else assigned ({@link #assignTo}).
     *
     * @param line         where it waits for the offer's answer, when it does not wait in {@code queue}'s line yet;
     *                     null: it waits there already (a hand-out from the line)
     * @param missesBefore the offers {@code next} had missed in a row
     */
    public Conversation handTo(Assignee next, Queue queue, KindNeeded line, int missesBefore, Instant now,
            String eventId, String deliveryKey) {
        return queue.offers(next.kind()) ? offeredTo(next, queue, line, now, eventId, missesBefore)
                : assignTo(next, queue.id(), now, eventId, deliveryKey);
    }

    /**
     * Whether it holds {@code claim}: as its holder's, as a wrap-up's, or as its offer's (a claim it holds is never
     * released by the sweeper, nor given back by a step whose write lost).
     */
    public boolean holdsClaim(Assignee claim) {
        return claim.sameClaim(assignee) || keepsForWrapUp(claim) || offer != null && claim.sameClaim(offer.holder());
    }

    /**
     * Offers it to {@code representative}, picked in {@code queue} (whose {@link Queue#offer} says for how long), its
     * capacity claimed: the timeline says {@code offered}, the desk is told (with the deadline, and what was said so
     * far); the customer's channel hears nothing until it is accepted. A conversation not waiting there yet (picked at
     * once, by a start, a hand-on or a rule on time waited) starts waiting in {@code queue}'s {@code line} now, out of
     * it (no ticket: it was never in it); one from the line ({@code line} null) keeps its place for when the offer
     * goes unanswered. Its holder, if any, keeps it company meanwhile.
     *
     * @param missesBefore the offers {@code representative} had missed in a row when this one was made
     */
    public Conversation offeredTo(Assignee representative, Queue queue, KindNeeded line, Instant now,
            String eventId, int missesBefore) {
        Conversation waiting = line == null ? this : waitIn(line, queue, null, now, eventId, 0);
        var made = new Offer(representative, now, now.plusSeconds(queue.offer().timeoutSeconds()), missesBefore);
        return waiting.change(d -> {
            d.timeline.add(new TimelineEntry(now, "offered", eventId, queue.id(), representative.participantId(),
                    null));
            d.offer = made;
            // The deadline travels with the notice: it may be posted after the offer ended.
            d.tellDesk(representative, now, Owed.NoticeType.OFFERED, null, made.until().toString(), d.lastSequence);
        });
    }

    /**
     * Its representative accepted the offer: it holds the conversation from now, as {@link #assignTo} gives it (the
     * previous holder disconnected, the customer's channel told); the timeline says {@code accepted} first.
     */
    public Conversation accepted(Instant now, String eventId, String eventKey) {
        Assignee representative = offer.holder();
        return change(d -> d.timeline.add(new TimelineEntry(now, "accepted", eventId, queueId,
                representative.participantId(), null)))
                .assign(representative, queueId, now, eventId, eventKey, true);
    }

    /**
     * Its offer ends unanswered: its representative declined it, or it expired (then its desk is told {@code
     * offer-expired}). That representative is passed over from now on in this wait (a named wait for it ends too); the
     * caller releases its claim and lets the conversation go back to its line, or offers it to the next.
     */
    public Conversation offerEnded(boolean expired, Instant now, String eventId) {
        Assignee representative = offer.holder();
        String who = representative.participantId();
        return change(d -> {
            d.timeline.add(new TimelineEntry(now, expired ? "offer-expired" : "declined", eventId, queueId, who,
                    null));
            if (expired) {
                d.tellDesk(representative, now, Owed.NoticeType.OFFER_EXPIRED, null, "timeout", 0);
            }
            d.passOver(who);
            if (named != null && named.participantId().equals(who)) {
                d.timeline.add(new TimelineEntry(now, "named-wait-ended", eventId, queueId, who, null));
                d.named = null;
            }
            d.offer = null;
        });
    }

    /** After {@link #offerEnded}: back in its line, at the place it had, with a ticket of that line. */
    public Conversation backInLine(long lineTicket) {
        return change(d -> d.ticket = lineTicket);
    }

    /** Whether {@code participantId} declined it or let its offer expire in this wait. */
    public boolean passedOver(String participantId) {
        return passedOver.contains(participantId);
    }

    /** Its wait for one named representative ended: anyone of its line may take it now. */
    public Conversation unnamed(Instant now, String eventId) {
        return change(d -> {
            d.timeline.add(new TimelineEntry(now, "named-wait-ended", eventId, queueId, named.participantId(), null));
            d.named = null;
        });
    }

    /**
     * Whether a bot that frees room passes it over: a representative handing it back waits for a bot that has not
     * served it (as {@code conversation.transfer-to-bot} picks one at once).
     */
    public boolean handedBackPast(String botId) {
        return waitingFor == KindNeeded.BOT && assignee != null && assignee.kind() == ParticipantKind.REPRESENTATIVE
                && servedBy.contains(botId);
    }

    /** Whether {@code participantId} may take it, as far as a named wait goes. */
    public boolean openTo(String participantId) {
        return named == null || named.participantId().equals(participantId);
    }

    /**
     * A new conversation or an escalation that would have waited in {@code from} goes to {@code queue} by one of that
     * queue's overflow rules: the timeline says {@code overflowed} (to {@code queue}, from {@code from}); the caller
     * then routes it there.
     */
    public Conversation overflowedTo(String queue, String from, Instant now, String eventId) {
        return change(d -> {
            d.timeline.add(new TimelineEntry(now, "overflowed", eventId, queue, null, from));
            d.queueId = queue;
        });
    }

    /** Records a hand-on requested by the holder: an escalation or a transfer, before the new holder is found. */
    public Conversation handedOn(String event, String targetQueue, String to, Instant now, String eventId) {
        return change(d -> d.timeline.add(new TimelineEntry(now, event, eventId, targetQueue, to,
                assignee == null ? null : assignee.participantId())));
    }

    public Conversation end(String requestedBy, Instant now, String eventId) {
        return end(requestedBy, now, eventId, null);
    }

    /**
     * Ends it, as {@link #end(String, Instant, String)}, telling the customer's channel {@code message} with its
     * {@code ended} notice (a queue's overflow rule that ends a conversation says why); null: nothing more.
     */
    public Conversation end(String requestedBy, Instant now, String eventId, String message) {
        return change(d -> {
            d.timeline.add(new TimelineEntry(now, "ended", eventId, queueId, requestedBy, null));
            if (assignee != null) {
                d.disconnect(now, eventId, true);
            }
            if (offer != null) { // its caller releases the claim the offer held
                d.tellDesk(offer.holder(), now, Owed.NoticeType.OFFER_EXPIRED, null, "ended", 0);
                d.offer = null;
            }
            d.tellChannel(now, Owed.NoticeType.ENDED, null, message, 0);
            d.status = ConversationStatus.ENDED;
            d.assignee = null;
            d.waitingFor = null;
            d.waitingSince = null;
            d.lineOrderAt = null;
            d.ticket = 0;
            d.pendingDelivery = null;
            d.dropMessagesToBotsOtherThan(null);
        });
    }

    /**
     * Records that the bot's arrival calls went through: {@code bot-notified}, then {@code greeted} when it replied (its
     * replies are in the transcript already, at the sequences the delivery reserved). Clears the owed delivery.
     */
    public Conversation delivered(PendingDelivery delivery, List<String> replies, Instant now) {
        String bot = delivery.participantId();
        return change(d -> {
            d.timeline.add(new TimelineEntry(now, "bot-notified", delivery.eventId(), delivery.queueId(), bot, null));
            if (!replies.isEmpty()) {
                d.timeline.add(new TimelineEntry(now, "greeted", delivery.eventId(), delivery.queueId(), bot, null));
            }
            var speaker = new Speaker(bot, Speaker.Kind.BOT);
            for (int i = 0; i < Math.min(replies.size(), REPLIES_RESERVED); i++) {
                d.tellChannel(now, Owed.NoticeType.MESSAGE, speaker, replies.get(i), delivery.firstReply() + i);
            }
            d.pendingDelivery = null;
        });
    }

    /**
     * The bot owed {@code failed} could not be told after all retries: the timeline says {@code delivery-failed}, the
     * bot is disconnected (its capacity is released by the caller) and never picked for this conversation again. The
     * caller then hands it to another bot ({@link #fallBackTo}) or lets it wait for one ({@link #waitForBot}).
     */
    public Conversation deliveryFailed(PendingDelivery failed, Instant now) {
        String bot = failed.participantId();
        return change(d -> {
            d.timeline.add(new TimelineEntry(now, "delivery-failed", failed.eventId(), failed.queueId(), bot, null));
            if (isHeldBy(bot)) {
                d.timeline.add(new TimelineEntry(now, "disconnected", failed.eventId(), queueId, bot, null));
                d.assignee = null;
            }
            d.undeliverable.add(bot);
            d.pendingDelivery = null;
            d.dropMessagesToBotsOtherThan(d.assignee);
        });
    }

    /** After {@link #deliveryFailed}: the next bot, owed the calls of the same hand-on (same key, same origin). */
    public Conversation fallBackTo(Assignee next, PendingDelivery failed, Instant now) {
        Conversation assigned = assignTo(next, queueId, now, failed.eventId(), failed.eventKey());
        return assigned.change(d -> d.pendingDelivery = new PendingDelivery(next.participantId(), failed.eventKey(),
                failed.eventId(), queueId, failed.transferredFrom(), now, assigned.pendingDelivery().firstReply()));
    }

    /**
     * After {@link #deliveryFailed} with no other bot able to take it: it waits in its queue's line for a bot.
     *
     * @param queue its queue ({@link #queueId()})
     */
    public Conversation waitForBot(PendingDelivery failed, Queue queue, Instant now, long ticket) {
        return waitFor(KindNeeded.BOT, queue, now, failed.eventId(), ticket);
    }

    /**
     * Someone said something: the message takes the next transcript sequence. A customer's message to a conversation a
     * bot holds is owed to that bot (a message activity), with sequences reserved for its replies; to a representative
     * it is owed to its desk, if it has one; while nobody holds it, it is only kept in the transcript (the next holder
     * reads it there). While it is offered, the desk of the representative it is offered to is told it too. What the holder says is owed to the customer's channel.
     *
     * @return the next state; the message's sequence is {@code lastSequence() + 1} of this one
     */
    public Conversation said(Speaker from, String text, Instant now, String eventKey, String eventId) {
        long sequence = lastSequence + 1;
        return change(d -> {
            d.lastSequence = sequence;
            if (from.kind() != Speaker.Kind.CUSTOMER) {
                d.tellChannel(now, Owed.NoticeType.MESSAGE, from, text, sequence); // the holder speaks
            } else if (assignee != null && assignee.kind() == ParticipantKind.BOT) {
                d.reserveReplies(); // right after the message: its replies read in order after it
                d.owe(now, new Owed.MessageToBot(assignee.participantId(), assignee.claimToken(), sequence, text,
                        now, eventKey, eventId));
            } else {
                d.tellDesk(assignee, now, Owed.NoticeType.MESSAGE, from, text, sequence);
            }
            if (from.kind() == Speaker.Kind.CUSTOMER && offer != null) {
                // The representative it is offered to follows the customer while it decides.
                d.tellDesk(offer.holder(), now, Owed.NoticeType.MESSAGE, from, text, sequence);
            }
        });
    }

    /**
     * The bot owed a message answered it. Its replies stand when it still holds the conversation by the same claim;
     * else they are dropped (the fence: a bot that lost the conversation never speaks to the customer again) and the
     * timeline says {@code reply-dropped}.
     */
    public Conversation answeredBy(Owed owed, List<TranscriptMessage> replies, boolean repliesKept, Instant now) {
        var message = (Owed.MessageToBot) owed.call();
        return change(d -> {
            d.outbox.removeIf(entry -> entry.seq() == owed.seq());
            if (!repliesKept) {
                d.timeline.add(new TimelineEntry(now, "reply-dropped", message.eventId(), queueId,
                        message.participantId(), null));
                return;
            }
            replies.forEach(reply -> d.tellChannel(now, Owed.NoticeType.MESSAGE, reply.from(), reply.text(),
                    reply.sequence()));
        });
    }

    /** The notices owed to channels and desks, in the order they were owed. */
    public List<Owed> noticesOwed() {
        return outbox.stream().filter(entry -> entry.call() instanceof Owed.Notice).toList();
    }

    /** The notices posted (their {@link Owed#seq()}s) are owed no more. */
    public Conversation noticesPosted(Set<Long> posted) {
        return change(d -> d.outbox.removeIf(entry -> posted.contains(entry.seq())));
    }

    /** The first message owed to a bot, if any (they are delivered in order). */
    public Optional<Owed> firstMessageOwed() {
        return outbox.stream().filter(entry -> entry.call() instanceof Owed.MessageToBot).findFirst();
    }

    /** The message owed for an event, if it is still owed. */
    public Optional<Owed> messageOwedFor(String eventKey) {
        return outbox.stream().filter(entry -> entry.call() instanceof Owed.MessageToBot message
                && message.eventKey().equals(eventKey)).findFirst();
    }

    /** Whether the bot {@code message} was owed to still holds the conversation by the same claim. */
    public boolean stillHeldAsWhen(Owed.MessageToBot message) {
        return assignee != null && assignee.participantId().equals(message.participantId())
                && assignee.claimToken().equals(message.claimToken());
    }

    /**
     * The event whose step this state ends (one whose record is on it, written earlier in the same step) answers this
     * state from now on, with {@code released} as the holder a repeat of it must see released; unchanged when the
     * event has no record here (none, or it was {@code null}).
     */
    public Conversation answeringAs(String eventKey, Assignee released) {
        var record = eventKey == null ? null : events.get(eventKey);
        return record == null ? this : remember(eventKey, record.withOutcome(outcome(null)).withReleased(released));
    }

    /** Remembers an event's effect under its key, dropping the oldest records beyond {@link #EVENTS_LIMIT}. */
    public Conversation remember(String eventKey, EventRecord record) {
        return change(d -> {
            var kept = new LinkedHashMap<String, EventRecord>();
            events.entrySet().stream()
                    .sorted(Comparator.comparing(e -> e.getValue().at()))
                    .forEach(e -> kept.put(e.getKey(), e.getValue()));
            kept.remove(eventKey);
            if (record.outcome().sequence() != null) {
                dropOldestMessages(kept, MESSAGE_RECORDS_LIMIT - 1);
            }
            while (kept.size() >= EVENTS_LIMIT) {
                kept.remove(kept.keySet().iterator().next());
            }
            kept.put(eventKey, record);
            d.events = kept;
        });
    }

    /** Keeps the newest {@code keep} records of messages (oldest first in {@code records}), and every other record. */
    private static void dropOldestMessages(LinkedHashMap<String, EventRecord> records, int keep) {
        var messages = records.entrySet().stream().filter(e -> e.getValue().outcome().sequence() != null)
                .map(Map.Entry::getKey).toList();
        messages.subList(0, Math.max(0, messages.size() - keep)).forEach(records::remove);
    }

    /** What this state answers to the event that produced it. */
    public Outcome outcome(Integer position) {
        return new Outcome(status, queueId, assignee, status == ConversationStatus.WAITING ? position : null, null,
                null, null);
    }

    /**
     * The one way a state changes: a draft of this state is edited, and the next state is built from it with the
     * bounds applied. The identity (id, version, customer, channel, creation time) never changes here.
     */
    private Conversation change(Consumer<Draft> edit) {
        var draft = new Draft(this);
        edit.accept(draft);
        return new Conversation(id, version, draft.status, draft.queueId, customer, channel, tellsChannel,
                draft.context, createdAt, draft.assignee, draft.waitingFor, draft.waitingSince, draft.servedBy,
                draft.undeliverable, last(draft.timeline, TIMELINE_LIMIT), draft.lastSequence, draft.events,
                draft.pendingDelivery, draft.outbox, draft.lastOwed, draft.lastChannelSequence, draft.ticket,
                draft.priority, draft.lineOrderAt, draft.requiredSkills,
                draft.status == ConversationStatus.WAITING ? draft.dueAt : null, // only a wait falls due
                draft.requestedSkills, draft.status == ConversationStatus.WAITING ? draft.named : null,
                draft.wrapUps, draft.offer, draft.passedOver);
    }

    /** The changeable parts of a conversation, as mutable copies for one transition to edit. */
    private static final class Draft {
        ConversationStatus status;
        String queueId;
        final Map<String, Object> context;
        Assignee assignee;
        KindNeeded waitingFor;
        Instant waitingSince;
        final Set<String> servedBy;
        final Set<String> undeliverable;
        final List<TimelineEntry> timeline;
        long lastSequence;
        Map<String, EventRecord> events;
        PendingDelivery pendingDelivery;
        final List<Owed> outbox;
        long lastOwed;
        long lastChannelSequence;
        long ticket;
        int priority;
        Instant lineOrderAt;
        Skills requiredSkills;
        Instant dueAt;
        Skills requestedSkills;
        NamedWait named;
        final List<WrapUp> wrapUps;
        Offer offer;
        final Set<String> passedOver;
        private final Conversation before;

        Draft(Conversation c) {
            before = c;
            status = c.status;
            queueId = c.queueId;
            context = new LinkedHashMap<>(c.context);
            assignee = c.assignee;
            waitingFor = c.waitingFor;
            waitingSince = c.waitingSince;
            servedBy = new LinkedHashSet<>(c.servedBy);
            undeliverable = new LinkedHashSet<>(c.undeliverable);
            timeline = new ArrayList<>(c.timeline);
            lastSequence = c.lastSequence;
            events = c.events;
            pendingDelivery = c.pendingDelivery;
            outbox = new ArrayList<>(c.outbox);
            lastOwed = c.lastOwed;
            lastChannelSequence = c.lastChannelSequence;
            ticket = c.ticket;
            priority = c.priority;
            lineOrderAt = c.lineOrderAt;
            requiredSkills = c.requiredSkills;
            dueAt = c.dueAt;
            requestedSkills = c.requestedSkills;
            named = c.named;
            wrapUps = new ArrayList<>(c.wrapUps);
            offer = c.offer;
            passedOver = new LinkedHashSet<>(c.passedOver);
        }

        /** Passes {@code participantId} over, keeping the latest {@link #PASSED_OVER_LIMIT} (the item's size). */
        void passOver(String participantId) {
            passedOver.remove(participantId);
            passedOver.add(participantId);
            while (passedOver.size() > PASSED_OVER_LIMIT) {
                passedOver.remove(passedOver.iterator().next());
            }
        }

        /**
         * Its holder lets it go: the timeline says {@code disconnected} and its desk is told it is released; a
         * representative whose claim says so starts wrapping up (the timeline says {@code wrap-up-started}, its desk is
         * told), its claim kept until its wrap-up ends, unless {@code wrapsUp} says it does not. The caller clears
         * {@code assignee} or sets the next.
         */
        void disconnect(Instant now, String eventId, boolean wrapsUp) {
            Assignee holder = before.assignee;
            timeline.add(new TimelineEntry(now, "disconnected", eventId, before.queueId, holder.participantId(), null));
            tellDesk(holder, now, Owed.NoticeType.RELEASED, null, null, 0);
            if (wrapsUp && holder.kind() == ParticipantKind.REPRESENTATIVE && holder.wrapUpSeconds() > 0) {
                wrapUps.add(WrapUp.of(holder, now));
                timeline.add(new TimelineEntry(now, "wrap-up-started", eventId, before.queueId,
                        holder.participantId(), null));
                tellDesk(holder, now, Owed.NoticeType.WRAP_UP_STARTED, null, null, 0);
            }
        }

        /** Reserves the transcript sequences for a bot's replies to one call; answers the first. */
        long reserveReplies() {
            long first = lastSequence + 1;
            lastSequence += REPLIES_RESERVED;
            return first;
        }

        void owe(Instant now, Owed.Call call) {
            lastOwed++;
            outbox.add(new Owed(lastOwed, now, call));
        }

        /** Owes the customer's channel a notice, when it has a webhook; each takes the next channel sequence. */
        void tellChannel(Instant now, Owed.NoticeType type, Speaker about, String text, long transcriptSequence) {
            if (before.tellsChannel) {
                lastChannelSequence++;
                owe(now, new Owed.Notice(Owed.Audience.CHANNEL, before.channel, lastChannelSequence, type, now, about,
                        text, transcriptSequence));
            }
        }

        /** Owes a representative's desk a notice, when it has one. */
        void tellDesk(Assignee holder, Instant now, Owed.NoticeType type, Speaker about, String text,
                long transcriptSequence) {
            if (holder != null && holder.desk()) {
                owe(now, new Owed.Notice(Owed.Audience.DESK, holder.participantId(), 0, type, now, about, text,
                        transcriptSequence));
            }
        }

        /** Drops the messages owed to a bot that no longer holds the conversation by the claim they were said to. */
        void dropMessagesToBotsOtherThan(Assignee holder) {
            outbox.removeIf(entry -> entry.call() instanceof Owed.MessageToBot message && (holder == null
                    || !holder.participantId().equals(message.participantId())
                    || !holder.claimToken().equals(message.claimToken())));
        }
    }

    private static <T> List<T> last(List<T> items, int limit) {
        return items.size() <= limit ? items : items.subList(items.size() - limit, items.size());
    }
}
