package dev.handoff.router.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.handoff.router.domain.AssignmentMethod;
import dev.handoff.router.domain.ConversationStatus;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.RelaxationStep;
import dev.handoff.router.domain.Skills;

/**
 * A queue's {@code skillRelaxation} over in-memory stores with a settable clock and timers fired by hand: a
 * conversation nobody qualifies for waits, and each step, when its time comes, lowers or drops what it requires, so
 * that whoever qualifies then (with room now, or freed later) takes it.
 */
class SkillRelaxationRulesTest {
    private final InMemoryRouter router = new InMemoryRouter();

    @Test
    void eachStepWhenItComesLetsWhoeverQualifiesThenTakeIt() {
        // GIVEN support: after 60 s a level less of each skill, after 120 s no skills at all; rep-fr speaks French
        // at level 2, rep-any speaks none, and both are busy with one conversation each at first
        router.queue(support(new RelaxationStep(60, 1, Set.of(), false), new RelaxationStep(120, 0, Set.of(), true)));
        router.representative("rep-fr", 1, "support", Skills.of(Map.of("french", 2)));
        // WHEN a conversation requiring French at level 3 starts: THEN it waits, nobody qualifying
        assertEquals("waiting", router.start("c-1", "support", Skills.of(Map.of("french", 3))).status());
        // WHEN 59 s pass: THEN nothing is due
        router.clock.advance(Duration.ofSeconds(59));
        assertEquals(0, router.fireTimers());
        // WHEN the first step comes: THEN French at level 2 is enough, and rep-fr takes it
        router.clock.advance(Duration.ofSeconds(1));
        assertEquals(1, router.fireTimers());
        var taken = router.conversation("c-1");
        assertEquals(ConversationStatus.ASSIGNED, taken.status());
        assertEquals("rep-fr", taken.assignee().participantId());
        assertEquals(Skills.of(Map.of("french", 2)), taken.requiredSkills());
        assertEquals(Skills.of(Map.of("french", 3)), taken.requestedSkills());
        assertEquals(List.of("started", "waiting", "relaxed", "assigned"), events("c-1"));
    }

    @Test
    void theLastStepLetsAnyoneTakeItAndAParticipantFreedLaterSeesTheRelaxedRequirement() {
        // GIVEN support relaxing as above, rep-any (no skills) busy with c-0
        router.queue(support(new RelaxationStep(60, 1, Set.of(), false), new RelaxationStep(120, 0, Set.of(), true)));
        router.representative("rep-any", 1, "support");
        router.start("c-0", "support");
        // WHEN c-1, requiring German at 4, has waited 60 s, then 120 s
        router.start("c-1", "support", Skills.of(Map.of("german", 4)));
        router.clock.advance(Duration.ofSeconds(60));
        assertEquals(1, router.fireTimers());
        assertEquals(Skills.of(Map.of("german", 3)), router.conversation("c-1").requiredSkills());
        router.clock.advance(Duration.ofSeconds(60));
        assertEquals(1, router.fireTimers());
        // THEN it requires nothing now, but still waits: rep-any is busy
        assertEquals(Skills.NONE, router.conversation("c-1").requiredSkills());
        assertEquals(ConversationStatus.WAITING, router.conversation("c-1").status());
        assertEquals(List.of(), router.timers.pending(), "no step left, no rule on time waited: nothing more due");
        // WHEN rep-any ends c-0: THEN its room goes to c-1, whose line order carries the relaxed requirement
        router.end("c-0", "rep-any");
        assertEquals("rep-any", router.conversation("c-1").assignee().participantId());
    }

    @Test
    void aStepThatDropsNamedSkillsKeepsTheOthers() {
        router.queue(support(new RelaxationStep(30, 0, Set.of("french"), false)));
        router.start("c-1", "support", Skills.of(Map.of("french", 2, "billing", 3)));
        router.clock.advance(Duration.ofSeconds(30));
        assertEquals(1, router.fireTimers());
        assertEquals(Skills.of(Map.of("billing", 3)), router.conversation("c-1").requiredSkills());
    }

    private static Queue support(RelaxationStep... steps) {
        return new Queue("support", "support", 1, 0, 1, AssignmentMethod.HIGHEST_CAPACITY, null, List.of(),
                List.of(steps));
    }

    private List<String> events(String conversation) {
        return router.conversation(conversation).timeline().stream().map(e -> e.event()).toList();
    }
}
