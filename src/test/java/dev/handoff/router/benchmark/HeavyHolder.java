package dev.handoff.router.benchmark;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import dev.handoff.router.domain.Claim;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.ParticipantKind;
import dev.handoff.router.domain.ParticipantStore;
import dev.handoff.router.domain.Presence;
import dev.handoff.router.domain.MemberStore;
import dev.handoff.router.testing.World;

/**
 * What a claim costs on a participant that already holds many conversations (issue 12): one representative holding
 * {@code held} conversations (claims written and settled through the store, as routing does), then measured
 * {@code conversation.start}s it takes, each ended unmeasured. Settled claims are items of their own, so the claim's
 * writes should not grow with what the participant holds; if a claim is refused (an item that cannot grow), it holds
 * what it could, and the report says so.
 */
final class HeavyHolder extends RoutingScenario {
    static final String PREFIX = "start on a participant holding ";

    private final int held;
    private final ParticipantStore participants;
    private final MemberStore members;
    private int reached = -1;
    private String stoppedBy;

    HeavyHolder(int held, EventDriver driver, Supplier<World> worlds, ParticipantStore participants,
            MemberStore members) {
        super(PREFIX + held, driver, worlds);
        this.held = held;
        this.participants = participants;
        this.members = members;
    }

    int held() {
        return held;
    }

    /** How many it held when measured: {@link #held()}, unless its item could not take them all. */
    int reached() {
        return reached;
    }

    /** Why it holds fewer than {@link #held()}; null when it holds them all. */
    String stoppedBy() {
        return stoppedBy;
    }

    @Override
    public String description() {
        return "a `conversation.start` taken by a representative already holding " + held
                + " conversations, then an unmeasured `conversation.end`";
    }

    @Override
    public int eventsPerUnit() {
        return 1;
    }

    @Override
    public void prepare(int callers) {
        if (reached >= 0) {
            return;
        }
        freshWorld();
        world.queue("queue");
        String queueId = world.id("queue");
        String id = world.id("holder");
        Participant holder = participants.upsert(new Participant(id, ParticipantKind.REPRESENTATIVE, "Holder",
                held + 10_000, 0, List.of(queueId), Presence.AVAILABLE, null, Map.of(), null)).participant();
        members.join(queueId, holder);
        reached = 0;
        for (int i = 0; i < held; i++) {
            try {
                String conversation = world.id(String.format("held-%05d", i));
                // The claim's condition is checked on the stored item, so the settings read once serve every claim.
                var claim = new Claim(1, UUID.randomUUID().toString(), Instant.now());
                if (!participants.claim(holder, conversation, claim).isPresent()) {
                    stoppedBy = "a claim was refused";
                    return;
                }
                participants.settle(id, conversation, claim);
                reached++;
            } catch (RuntimeException refused) {
                stoppedBy = refused.getClass().getSimpleName() + ": " + refused.getMessage();
                return;
            }
        }
    }

    @Override
    public void runUnit(int caller, Measurements measurements) {
        startAssigned(measurements, "queue", caller).ifPresent(started -> {
            measurements.unitCompleted();
            endUnmeasured(started);
        });
    }
}
