package dev.handoff.router.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.handoff.router.adapters.dynamodb.TableNames;
import dev.handoff.router.domain.Claim;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.MemberStore;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.QueueStore;
import dev.handoff.router.functions.RouterFunctions;
import dev.handoff.router.testing.DynaliteResource;
import dev.handoff.router.testing.DynamoDbProbe;
import dev.handoff.router.testing.Events;
import dev.handoff.router.testing.Invariants;
import dev.handoff.router.testing.Race;
import dev.handoff.router.testing.RoomItems;
import dev.handoff.router.testing.RouterTestBase;
import dev.handoff.router.testing.World;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Skills against dynalite, through the events: a conversation that requires skills goes only to a member that has each
 * at its level or above, whatever the others' room; it waits while none with room qualifies, and is handed out when one
 * comes; a member without them passes it over in the line and takes what comes after; starts racing on real threads
 * give each only to those who qualify, capacity exact. Each of these holds alike in a queue that indexes the skills
 * ({@code indexedSkills}), whose room index then holds exactly the items its members need; and such a queue finds the
 * members it had before it indexed a skill, a member at its new level only, and one kind past the other, and the looks
 * that read the room items a mirror cut short left take them out.
 */
@QuarkusTest
@WithTestResource(DynaliteResource.class)
class SkillsTest extends RouterTestBase {

    /** The skills the tests below require, which their queues index when the case says so. */
    private static final List<String> INDEXED = List.of("billing", "french", "german", "legal", "spanish");

    @Inject
    RouterFunctions functions;

    @Inject
    MemberStore members;

    @Inject
    QueueStore queues;

    @Inject
    DynamoDbClient dynamo;

    @Inject
    TableNames tables;

    @ParameterizedTest(name = "skills indexed: {0}")
    @ValueSource(booleans = {false, true})
    void aStartGoesOnlyToAMemberWithEveryRequiredSkillAtItsLevel(boolean indexed) {
        // GIVEN rep-plain with the most room, rep-fr (french 3) and rep-fr-billing (french 4, billing 3)
        World world = newWorld();
        queue(world, "q", indexed);
        world.representative("rep-plain", 5, "q");
        world.skilledRepresentative("rep-fr", Map.of("french", 3), 3, "q");
        world.skilledRepresentative("rep-fr-billing", Map.of("french", 4, "billing", 3), 2, "q");
        // THEN french at level 4 goes to rep-fr-billing, french at 3 to rep-fr (more room), none to rep-plain
        assertEquals("rep-fr-billing", holder(world, start(world, "c-1", Map.of("french", 4))));
        assertEquals("rep-fr", holder(world, start(world, "c-2", Map.of("french", 3))));
        assertEquals("rep-plain", holder(world, start(world, "c-3", null)));
        // AND the conversation says what it required; the participant what it has
        var view = Events.send("conversation.get", Map.of("conversationId", world.id("c-1")));
        assertEquals(Map.of("french", 4), view.getMap("requiredSkills"));
        var rep = Events.send("participant.get", Map.of("participantId", world.id("rep-fr-billing")));
        assertEquals(Map.of("billing", 3, "french", 4), rep.getMap("skills"));
        roomItemsExact(world, "q", "rep-plain", "rep-fr", "rep-fr-billing");
    }

    @ParameterizedTest(name = "skills indexed: {0}")
    @ValueSource(booleans = {false, true})
    void aConversationNoOneQualifiesForWaitsThenGoesToTheFirstWhoDoes(boolean indexed) {
        // GIVEN a queue whose only member, rep-plain (capacity 1), has no skills
        World world = newWorld();
        queue(world, "q", indexed);
        world.representative("rep-plain", 1, "q");
        // WHEN a conversation requiring billing 2 starts: THEN it waits, rep-plain's room notwithstanding
        var answer = start(world, "c-1", Map.of("billing", 2));
        assertEquals("waiting", answer.getString("status"), answer.prettify());
        assertEquals(0, world.load("rep-plain"));
        // AND one requiring nothing, which came after it, goes to rep-plain
        assertEquals("rep-plain", holder(world, start(world, "c-2", null)));
        // WHEN rep-low joins with billing 1: THEN it does not qualify, and c-1 still waits
        world.skilledRepresentative("rep-low", Map.of("billing", 1), 1, "q");
        assertEquals(List.of("c-1"), world.waiting("q", KindNeeded.ANY));
        // WHEN rep-billing joins with billing 2: THEN c-1 is handed to it at once
        world.skilledRepresentative("rep-billing", Map.of("billing", 2), 1, "q");
        assertEquals(world.id("rep-billing"), world.conversation("c-1").assignee().participantId());
        assertEquals(List.of(), world.waiting("q", KindNeeded.ANY));
        roomItemsExact(world, "q", "rep-plain", "rep-low", "rep-billing");
    }

    @ParameterizedTest(name = "skills indexed: {0}")
    @ValueSource(booleans = {false, true})
    void aFreedMemberPassesOverWhatItCannotTakeAndTakesWhatComesAfter(boolean indexed) {
        // GIVEN rep-plain (capacity 1) busy with c-0, and behind it in line: three requiring german, then c-plain
        World world = newWorld();
        queue(world, "q", indexed);
        world.representative("rep-plain", 1, "q");
        assertEquals("rep-plain", holder(world, start(world, "c-0", null)));
        for (String c : List.of("c-g1", "c-g2", "c-g3")) {
            assertEquals("waiting", start(world, c, Map.of("german", 1)).getString("status"));
        }
        assertEquals("waiting", start(world, "c-plain", null).getString("status"));
        // WHEN c-0 ends and rep-plain has room again
        world.endByHolder("c-0");
        // THEN it takes c-plain, and the three requiring german keep their places
        assertEquals(world.id("rep-plain"), world.conversation("c-plain").assignee().participantId());
        assertEquals(List.of("c-g1", "c-g2", "c-g3"), world.waiting("q", KindNeeded.ANY));
        // WHEN rep-de joins with german 1 and room for two: THEN the first two by their order go to it
        world.skilledRepresentative("rep-de", Map.of("german", 1), 2, "q");
        assertEquals(world.id("rep-de"), world.conversation("c-g1").assignee().participantId());
        assertEquals(world.id("rep-de"), world.conversation("c-g2").assignee().participantId());
        assertEquals(List.of("c-g3"), world.waiting("q", KindNeeded.ANY));
        roomItemsExact(world, "q", "rep-plain", "rep-de");
    }

    @ParameterizedTest(name = "skills indexed: {0}")
    @ValueSource(booleans = {false, true})
    void anEscalationRequiringSkillsGoesToARepresentativeWithThem(boolean indexed) {
        // GIVEN a bot in "front", and in "desk" rep-plain (more room) and rep-legal (legal 5)
        World world = newWorld();
        queue(world, "front", indexed);
        queue(world, "desk", indexed);
        world.bot(bots.bot(world.id("bot"), "Hello"), 3, "front");
        world.representative("rep-plain", 4, "desk");
        world.skilledRepresentative("rep-legal", Map.of("legal", 5), 1, "desk");
        assertEquals("bot", holder(world, start(world, "front", "c-1", null)));
        // WHEN the bot escalates requiring legal 5
        var data = new HashMap<String, Object>(Map.of("conversationId", world.id("c-1"),
                "requestedBy", world.id("bot"), "targetQueueId", world.id("desk"),
                "requiredSkills", Map.of("legal", 5)));
        var answer = Events.send("conversation.escalate", data);
        // THEN rep-legal gets it
        assertEquals("assigned", answer.getString("status"), answer.prettify());
        assertEquals("rep-legal", world.shortName(answer.getString("assignee.participantId")));
        // WHEN rep-legal transfers it to a bot of "front" requiring a skill no bot has
        var transfer = Events.send("conversation.transfer-to-bot", Map.of("conversationId", world.id("c-1"),
                "requestedBy", world.id("rep-legal"), "targetQueueId", world.id("front"),
                "requiredSkills", Map.of("spanish", 1)));
        // THEN it is refused, and nothing changed
        assertEquals("rejected", transfer.getString("status"), transfer.prettify());
        assertEquals("no_bot_available", transfer.getString("error.code"));
        assertEquals(world.id("rep-legal"), world.conversation("c-1").assignee().participantId());
        assertEquals(1, world.load("rep-legal"));
        roomItemsExact(world, "desk", "rep-plain", "rep-legal");
        roomItemsExact(world, "front", "bot");
    }

    @ParameterizedTest(name = "skills indexed: {0}")
    @ValueSource(booleans = {false, true})
    void startsRacingOnThreadsGoOnlyToThoseWhoQualifyCapacityExact(boolean indexed) throws Exception {
        // GIVEN rep-plain (capacity 4), rep-es-1 and rep-es-2 (spanish 2, capacity 2 each)
        World world = newWorld();
        queue(world, "q", indexed);
        world.representative("rep-plain", 4, "q");
        world.skilledRepresentative("rep-es-1", Map.of("spanish", 2), 2, "q");
        world.skilledRepresentative("rep-es-2", Map.of("spanish", 2), 2, "q");
        // WHEN 8 conversations requiring spanish and 4 requiring nothing start at once from 8 threads
        var ids = IntStream.range(0, 12).mapToObj(i -> world.id("c-" + i)).toList();
        var events = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < ids.size(); i++) {
            var data = new HashMap<String, Object>(Map.of("conversationId", ids.get(i), "queueId", world.id("q"),
                    "customer", Map.of("id", "cust-" + i)));
            if (i % 3 != 0) {
                data.put("requiredSkills", Map.of("spanish", 2));
            }
            events.add(Events.event("conversation.start", data));
        }
        var answers = Race.all(functions, events, 8);
        // THEN the spanish speakers hold four requiring spanish, rep-plain only ones requiring nothing
        for (int i = 0; i < ids.size(); i++) {
            var answer = answers.get(i);
            if (answer.status().equals("assigned")) {
                String holder = world.shortName(answer.assignee().participantId());
                assertTrue(i % 3 == 0 || holder.startsWith("rep-es"), ids.get(i) + " went to " + holder);
            }
        }
        assertEquals(List.of(2, 2, 4), List.of(world.load("rep-es-1"), world.load("rep-es-2"),
                world.load("rep-plain")));
        assertEquals(4, world.waiting("q", KindNeeded.ANY).size(), "four requiring spanish wait");
        Invariants.check(participants, conversations,
                List.of(world.id("rep-plain"), world.id("rep-es-1"), world.id("rep-es-2")), ids);
        roomItemsExact(world, "q", "rep-plain", "rep-es-1", "rep-es-2");
    }

    @Test
    void aQueueThatStartsIndexingASkillFindsTheMembersItHadAlready() {
        // GIVEN a queue without an index, whose members have french at 2, 4 and 5 (the last with the least room)
        World world = newWorld();
        queue(world, "q", false);
        world.skilledRepresentative("rep-fr2", Map.of("french", 2), 5, "q");
        world.skilledRepresentative("rep-fr4", Map.of("french", 4), 3, "q");
        world.skilledRepresentative("rep-fr5", Map.of("french", 5), 1, "q");
        // WHEN the queue starts indexing french
        queue(world, "q", true);
        assertEquals(INDEXED, Events.send("queue.get", Map.of("queueId", world.id("q"))).getList("indexedSkills"));
        roomItemsExact(world, "q", "rep-fr2", "rep-fr4", "rep-fr5");
        // THEN french at 4 goes to rep-fr4 (more room), then to rep-fr5; french at 5 then waits
        assertEquals("rep-fr4", holder(world, start(world, "c-1", Map.of("french", 4))));
        assertEquals("rep-fr4", holder(world, start(world, "c-2", Map.of("french", 3))));
        assertEquals("rep-fr5", holder(world, start(world, "c-3", Map.of("french", 4))));
        assertEquals("waiting", start(world, "c-4", Map.of("french", 5)).getString("status"));
        // AND when it stops indexing, its members are found as before
        queue(world, "q", false);
        roomItemsExact(world, "q", "rep-fr2", "rep-fr4", "rep-fr5");
        assertEquals("rep-fr2", holder(world, start(world, "c-5", Map.of("french", 2))));
    }

    @Test
    void aMemberWhoseLevelChangesIsFoundAtItsNewLevelOnlyAndOneKindPastTheOther() {
        // GIVEN a queue indexing legal, with rep-legal (legal 2) and a bot with legal 5 and far more room
        World world = newWorld();
        queue(world, "q", true);
        world.skilledRepresentative("rep-legal", Map.of("legal", 2), 2, "q");
        world.skilledBot(bots.bot(world.id("bot"), "Hello"), Map.of("legal", 5), 50, "q");
        // WHEN rep-legal is upgraded to legal 5
        world.skilledRepresentative("rep-legal", Map.of("legal", 5), 2, "q");
        roomItemsExact(world, "q", "rep-legal", "bot");
        // THEN a start requiring legal 5 goes to the bot (the most room, either kind may take it)
        assertEquals("bot", holder(world, start(world, "c-1", Map.of("legal", 5))));
        // AND an escalation requiring it, which only a representative takes, passes over the bot to rep-legal
        var escalation = Events.send("conversation.escalate", Map.of("conversationId", world.id("c-1"),
                "requestedBy", world.id("bot"), "targetQueueId", world.id("q"),
                "requiredSkills", Map.of("legal", 5)));
        assertEquals("rep-legal", holder(world, escalation));
        roomItemsExact(world, "q", "rep-legal", "bot");
    }

    @Test
    void roomItemsByASkillThatAMirrorCutShortLeftAreTakenOutByTheLooksThatReadThem() {
        // GIVEN a queue indexing french, and rep-fr (french 3, capacity 2) whose claim's mirror wrote its new room
        // items and then died before its entry named them
        World world = newWorld();
        queue(world, "q", true);
        world.skilledRepresentative("rep-fr", Map.of("french", 3), 2, "q");
        var before = participants.find(world.id("rep-fr")).orElseThrow();
        var claimed = participants.claim(before, world.id("elsewhere"), new Claim(1, "crashed", Instant.now()))
                .orElseThrow();
        DynamoDbProbe.failCallsMentioning(tables.members());
        try {
            assertThrows(SdkClientException.class, () -> members.mirror(claimed));
        } finally {
            DynamoDbProbe.reset();
        }
        // WHEN rep-fr goes busy: its entry's room items go, the two the dead mirror wrote stay
        assertEquals("ok", Events.send("participant.presence", Map.of("participantId", world.id("rep-fr"),
                "presence", "busy")).getString("status"));
        assertEquals(2, RoomItems.count(dynamo, tables, world.id("q")));
        // THEN a start requiring french reads the one by french, finds rep-fr busy, takes it out and waits
        assertEquals("waiting", start(world, "c-1", Map.of("french", 3)).getString("status"));
        assertEquals(1, RoomItems.count(dynamo, tables, world.id("q")));
        // AND one requiring nothing does the same with the other
        assertEquals("waiting", start(world, "c-2", null).getString("status"));
        roomItemsExact(world, "q", "rep-fr");
    }

    /** Makes (or updates) queue {@code name}, indexing {@link #INDEXED} when {@code indexed}. */
    private static void queue(World world, String name, boolean indexed) {
        var data = new HashMap<String, Object>(Map.of("queueId", world.id(name), "name", name));
        if (indexed) {
            data.put("indexedSkills", INDEXED);
        }
        assertOk(Events.send("queue.upsert", data));
    }

    private static void assertOk(JsonPath answer) {
        assertEquals("ok", answer.getString("status"), answer.prettify());
    }

    /** The queue's room index holds exactly the items its members (named) need, by its settings as stored. */
    private void roomItemsExact(World world, String queue, String... memberNames) {
        var everyone = new ArrayList<Participant>();
        for (String name : memberNames) {
            everyone.add(participants.find(world.id(name)).orElseThrow());
        }
        RoomItems.checkExact(dynamo, tables, members, world.id(queue),
                queues.find(world.id(queue)).orElseThrow().roomLayout(), everyone);
    }

    /** Starts {@code conversation} in queue "q", requiring {@code required} (null: nothing). */
    private static JsonPath start(World world, String conversation, Map<String, Integer> required) {
        return start(world, "q", conversation, required);
    }

    private static JsonPath start(World world, String queue, String conversation, Map<String, Integer> required) {
        var data = new HashMap<String, Object>(Map.of("conversationId", world.id(conversation),
                "queueId", world.id(queue), "customer", Map.of("id", "cust-" + conversation)));
        if (required != null) {
            data.put("requiredSkills", required);
        }
        return Events.send("conversation.start", data);
    }

    /** Who an answer says got the conversation, by the name the world gave it. */
    private String holder(World world, JsonPath answer) {
        assertEquals("assigned", answer.getString("status"), answer.prettify());
        return world.shortName(answer.getString("assignee.participantId"));
    }
}
