package dev.handoff.router.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.handoff.router.config.RouterConfig;
import dev.handoff.router.domain.Assignee;
import dev.handoff.router.domain.Claim;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.MemberStore;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.ParticipantStore;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Finishes what crashed steps left behind, for a schedule: bot calls (arrivals and messages) and notices to channels
 * and desks still owed past the lease; releases cut short (marked before the write that disconnected their holder:
 * finished if that write landed, dropped if not); claims not settled, which their conversation holds (settled then)
 * or not (a step died between its claim and its conversation write: released); waiting conversations that capacity
 * could serve (a hand-out that died, or a line read from a lagging index); lines' counters left too high (a ticket
 * taken by a step that died before its write, a departure not counted); the room items of participants with room that a
 * crashed step left unwritten; waits, wrap-ups and offers due whose timer was lost; and escalations and hand-backs
 * that waited on each other without being swapped ({@link Swaps#sweep}). Every step is a conditional write or
 * idempotent, so sweepers may run concurrently with each other and with everything else.
 */
@ApplicationScoped
public class Sweeper {
    private static final int MAX_DELIVERIES = 100;
    /**
     * No new owed delivery is started after this much of a sweep: one delivery can take two calls with their retries,
     * and the sweep must end within its function's timeout; what is left waits for the next sweep.
     */
    private static final Duration DELIVERY_BUDGET = Duration.ofSeconds(10);

    private final ConversationStore conversations;
    private final ParticipantStore participants;
    private final MemberStore members;
    private final Claims claims;
    private final BotDeliveries deliveries;
    private final HandOuts handOuts;
    private final OwedMessages owedMessages;
    private final BotRequests botRequests;
    private final OwedNotices notices;
    private final Duration lease;
    private final Clock clock;
    private final Lines lines;
    private final WaitDeadlines deadlines;
    private final Swaps swaps;

    public Sweeper(ConversationStore conversations, ParticipantStore participants, MemberStore members, Claims claims,
            BotDeliveries deliveries, HandOuts handOuts, OwedMessages owedMessages, BotRequests botRequests,
            OwedNotices notices, RouterConfig config, Clock clock, Lines lines, WaitDeadlines deadlines, Swaps swaps) {
        this.swaps = swaps;
        this.deadlines = deadlines;
        this.members = members;
        this.notices = notices;
        this.conversations = conversations;
        this.participants = participants;
        this.claims = claims;
        this.deliveries = deliveries;
        this.handOuts = handOuts;
        this.owedMessages = owedMessages;
        this.botRequests = botRequests;
        this.lease = config.saga().lease();
        this.clock = clock;
        this.lines = lines;
    }

    /**
     * What one sweep did.
     *
     * @param entriesMended room items written again for participants with room that lacked them
     * @param waitsDue      conversations due a lease ago or more (their timer lost) and acted on now: a wait by its
     *                      queue's rules on time waited, or a wrap-up's end
     * @param swapsMade     escalations and hand-backs that waited on each other a lease or more, swapped now
     */
    public record Report(int deliveriesFinished, int claimsReleased, int conversationsHandedOut, int entriesMended,
            int waitsDue, int swapsMade) {
    }

    public Report sweep() {
        Instant now = clock.instant();
        int delivered = finishOwedDeliveries(now);
        Map<String, Participant> everyone = new LinkedHashMap<>();
        participants.findEveryone().forEach(p -> everyone.put(p.id(), p));
        Instant cutoff = now.minus(lease); // younger claims and releases may belong to a step still running
        int released = 0;
        for (Participant after : participants.finishReleases(cutoff, this::isHeld)) {
            claims.mirror(after);
            everyone.put(after.id(), after);
            released++;
        }
        for (Participant participant : List.copyOf(everyone.values())) {
            for (var unsettled : participant.unsettled().entrySet()) {
                String conversationId = unsettled.getKey();
                Claim claim = unsettled.getValue();
                if (!claim.claimedAt().isBefore(cutoff)) {
                    continue;
                }
                if (isHeld(conversationId, participant.id(), claim.token())) {
                    // Its conversation holds it: the step that made it died before settling it.
                    participants.settle(participant.id(), conversationId, claim);
                    continue;
                }
                var holder = new Assignee(participant.id(), participant.kind(), claim.units(), claim.token());
                var after = claims.release(holder, conversationId);
                if (after.isPresent()) {
                    released++;
                    everyone.put(after.get().id(), after.get());
                }
            }
        }
        int mended = mendMemberEntries(everyone.values());
        int due = deadlines.lookAtDue(cutoff);
        int swapped = swaps.sweep(lines.recount(cutoff, now), cutoff, now);
        String token = "sweep-" + UUID.randomUUID();
        var withRoom = new ArrayList<>(everyone.values().stream().filter(p -> p.canTake(1)).toList());
        // The hand-out budget may stop a sweep before it reaches everyone: a different order each sweep lets no
        // participant wait behind the same others forever.
        Collections.shuffle(withRoom);
        int handed = handOuts.fill(withRoom, token, token, now).size();
        return new Report(delivered, released, handed, mended, due, swapped);
    }

    /**
     * Puts right the room items that participants with room lack (a mirror that a crashed step left undone): without
     * one, routing does not see their room until their next change. One batch read per 100 items. A room item that
     * shows room its participant lacks needs no sweep: the next decision it misleads mends it. (An entry left in a
     * queue its participant has left is taken out by the retry of the {@code participant.upsert} that crashed;
     * meanwhile routing passes it over, since the participant's own list of queues decides.)
     */
    private int mendMemberEntries(Collection<Participant> everyone) {
        var byId = new HashMap<String, Participant>();
        everyone.forEach(p -> byId.put(p.id(), p));
        var missing = members.missingRoom(everyone);
        missing.forEach(entry -> members.join(entry.queueId(), byId.get(entry.participantId())));
        return missing.size();
    }

    private int finishOwedDeliveries(Instant now) {
        int finished = 0;
        Instant stopStarting = clock.instant().plus(DELIVERY_BUDGET);
        for (String id : conversations.owedDeliveries(MAX_DELIVERIES)) {
            if (clock.instant().isAfter(stopStarting)) {
                break;
            }
            var found = conversations.find(id);
            if (found.isEmpty()) {
                continue;
            }
            Conversation conversation = found.get();
            if (conversation.pendingDelivery() != null && conversation.pendingDelivery().abandoned(now, lease)) {
                conversation = deliveries.deliverOwed(conversation, null);
                finished++;
            }
            // Messages to the bot whose step died: after the bot's arrival calls, in order.
            if (conversation.pendingDelivery() == null && conversation.firstMessageOwed()
                    .filter(owed -> owed.abandoned(now, lease)).isPresent()) {
                var delivery = owedMessages.deliver(conversation, null, false);
                conversation = delivery.conversation();
                botRequests.act(delivery.requests(), now);
                finished++;
            }
            // Notices whose step died (or whose recipient failed): in order, after what the bot said.
            if (conversation.noticesOwed().stream().anyMatch(owed -> owed.abandoned(now, lease))) {
                notices.post(conversation, null);
                finished++;
            }
        }
        return finished;
    }

    /**
     * Whether the conversation holds the claim: its holder's, one it keeps for a representative's wrap-up, or its
     * offer's.
     */
    private boolean isHeld(String conversationId, String participantId, String claimToken) {
        var claim = new Assignee(participantId, null, 0, claimToken);
        return conversations.find(conversationId).filter(c -> c.holdsClaim(claim)).isPresent();
    }
}
