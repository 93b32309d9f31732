package dev.handoff.router.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SkillsTest {
    private static final Instant T0 = Instant.parse("2026-12-06T09:00:00Z");

    @Test
    void skillsCoverARequirementWhenEachRequiredSkillIsThereAtItsLevelOrAbove() {
        var has = Skills.of(Map.of("french", 4, "billing", 2));
        assertTrue(has.covers(Skills.NONE));
        assertTrue(has.covers(Skills.of(Map.of("french", 4))));
        assertTrue(has.covers(Skills.of(Map.of("french", 1, "billing", 2))));
        assertFalse(has.covers(Skills.of(Map.of("french", 5))));
        assertFalse(has.covers(Skills.of(Map.of("billing", 2, "german", 1))));
        assertTrue(Skills.NONE.covers(Skills.NONE));
        assertFalse(Skills.NONE.covers(Skills.of(Map.of("french", 1))));
    }

    @Test
    void relaxingLowersEachLevelNeverBelowOneAndDropsWhatItNames() {
        var required = Skills.of(Map.of("french", 3, "billing", 1, "legal", 5));
        assertEquals(Skills.of(Map.of("french", 2, "billing", 1, "legal", 4)), required.relaxed(1, Set.of()));
        assertEquals(Skills.of(Map.of("french", 1, "billing", 1)), required.relaxed(4, Set.of("legal")));
        assertEquals(Skills.NONE, new RelaxationStep(10, 0, Set.of(), true).applyTo(required));
    }

    @Test
    void aQueueRelaxesByTheStepsWhoseTimeCameAndIsNextDueAtTheEarliestOfItsNextStepAndItsWaitRule() {
        var t0 = Instant.parse("2026-12-06T10:00:00Z");
        var queue = new Queue("q", "q", 1, 0, 1, AssignmentMethod.HIGHEST_CAPACITY, null,
                List.of(new OverflowRule(new OverflowRule.MaxWaitSeconds(90), new OverflowRule.End("Sorry"))),
                List.of(new RelaxationStep(60, 1, Set.of(), false), new RelaxationStep(120, 0, Set.of(), true)));
        var requested = Skills.of(Map.of("french", 3));
        assertEquals(requested, queue.relaxed(requested, t0, t0.plusSeconds(59)));
        assertEquals(Skills.of(Map.of("french", 2)), queue.relaxed(requested, t0, t0.plusSeconds(60)));
        assertEquals(Skills.NONE, queue.relaxed(requested, t0, t0.plusSeconds(120)));
        assertEquals(t0.plusSeconds(60), queue.nextDue(t0, t0).orElseThrow());
        assertEquals(t0.plusSeconds(90), queue.nextDue(t0, t0.plusSeconds(60)).orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> new Queue("q", "q", 1, 0, 1,
                AssignmentMethod.HIGHEST_CAPACITY, null, List.of(),
                List.of(new RelaxationStep(60, 1, Set.of(), false), new RelaxationStep(60, 2, Set.of(), false))),
                "steps out of order");
    }

    @Test
    void aSignatureReadsBackAsTheSameSkills() {
        var skills = Skills.of(Map.of("z.last", 5, "a-first", 1, "mid_dle", 3));
        assertEquals("a-first=1,mid_dle=3,z.last=5", skills.signature());
        assertEquals(skills, Skills.fromSignature(skills.signature()));
        assertEquals(Skills.NONE, Skills.fromSignature(""));
    }

    @Test
    void levelsOutsideOneToFiveAndNamesThatAreNotWordsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Skills.of(Map.of("french", 0)));
        assertThrows(IllegalArgumentException.class, () -> Skills.of(Map.of("french", 6)));
        assertThrows(IllegalArgumentException.class, () -> Skills.of(Map.of("a,b", 1)));
        assertThrows(IllegalArgumentException.class, () -> Skills.of(Map.of("a=b", 1)));
        assertThrows(IllegalArgumentException.class, () -> Skills.of(Map.of("", 1)));
    }

    @Test
    void aWaitingConversationsLineOrderSaysWhatItRequiresWithOrWithoutAPriority() {
        var queue = new Queue("q", "q", 1);
        var required = Skills.of(Map.of("french", 2, "billing", 1));
        for (int priority : List.of(0, 30)) {
            var waiting = Conversation.open("c-1", "q", new Customer("cust", null), null, false, Map.of(), priority,
                    required, T0, "e1").waitFor(KindNeeded.REPRESENTATIVE, queue, T0, "e1", 1);
            String order = waiting.lineOrder();
            assertEquals(required, Conversation.requirementIn(order), order);
            assertEquals(priority != 0, Conversation.prioritized(order), order);
            assertEquals(T0, Conversation.arrivalIn(order), order);
        }
        var plain = Conversation.open("c-2", "q", new Customer("cust", null), null, false, Map.of(), 0, T0, "e1")
                .waitFor(KindNeeded.REPRESENTATIVE, queue, T0, "e1", 1);
        assertEquals(String.format("%015d#c-2", T0.toEpochMilli()), plain.lineOrder(), "the form lines had before");
        assertEquals(Skills.NONE, Conversation.requirementIn(plain.lineOrder()));
    }

    @Test
    void routingLeavesOutThoseWithoutTheRequiredSkillsWhateverTheirRoom() {
        var roomy = participant("roomy", 9, Skills.NONE);
        var french = participant("french", 2, Skills.of(Map.of("french", 3)));
        var required = Skills.of(Map.of("french", 3));
        assertEquals(List.of("french"), Routing.candidates(List.of(roomy, french), KindNeeded.ANY, required, 1,
                Set.of(), AssignmentMethod.HIGHEST_CAPACITY).stream().map(Participant::id).toList());
        assertFalse(Routing.qualifies(roomy, KindNeeded.ANY, required, 1, Set.of()));
        assertTrue(Routing.qualifies(french, KindNeeded.ANY, required, 1, Set.of()));
    }

    private static Participant participant(String id, int capacity, Skills skills) {
        return new Participant(id, ParticipantKind.REPRESENTATIVE, id, capacity, 0, List.of("q"), Presence.AVAILABLE,
                null, Map.of(), null, 1, null, skills);
    }
}
