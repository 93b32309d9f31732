package dev.handoff.router.testing;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.ParticipantStore;
import dev.handoff.router.domain.TranscriptMessage;
import dev.handoff.router.domain.TranscriptStore;
import io.restassured.path.json.JsonPath;

/**
 * One test's own queues, participants and conversations on the shared dynalite: every id gets a unique prefix, and
 * reads of the stored state speak the test's short names.
 */
public final class World {
    private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
    private final ParticipantStore participants;
    private final ConversationStore conversations;
    private final TranscriptStore transcripts;

    public World(ParticipantStore participants, ConversationStore conversations, TranscriptStore transcripts) {
        this.participants = participants;
        this.conversations = conversations;
        this.transcripts = transcripts;
    }

    public String id(String name) {
        return prefix + "-" + name;
    }

    public String shortName(String id) {
        return id == null ? null : id.startsWith(prefix + "-") ? id.substring(prefix.length() + 1) : id;
    }

    public void queue(String name) {
        queue(name, 1);
    }

    public void queue(String name, int unitsPerConversation) {
        var answer = Events.send("queue.upsert", Map.of("queueId", id(name), "name", name,
                "unitsPerConversation", unitsPerConversation));
        assertOk(answer);
    }

    public JsonPath bot(BotServer.Bot bot, int capacity, String... queues) {
        return skilledBot(bot, Map.of(), capacity, queues);
    }

    /** A bot with {@code skills} (none when empty). */
    public JsonPath skilledBot(BotServer.Bot bot, Map<String, Integer> skills, int capacity, String... queues) {
        var data = participant(shortName(bot.id()), "bot", capacity, queues);
        data.put("webhook", Map.of("url", bot.url(), "secret", bot.secret()));
        if (!skills.isEmpty()) {
            data.put("skills", skills);
        }
        var answer = Events.send("participant.upsert", data);
        assertOk(answer);
        return answer;
    }

    public JsonPath representative(String name, int capacity, String... queues) {
        var answer = Events.send("participant.upsert", participant(name, "representative", capacity, queues));
        assertOk(answer);
        return answer;
    }

    /** Ends {@code conversation} at the request of its holder; the answer must say it ended. */
    public void endByHolder(String conversation) {
        var answer = Events.send("conversation.end", Map.of("conversationId", id(conversation),
                "requestedBy", conversation(conversation).assignee().participantId()));
        if (!"ended".equals(answer.getString("status"))) {
            throw new AssertionError("end rejected: " + answer.prettify());
        }
    }

    /** A representative with {@code skills} (name to level). */
    public JsonPath skilledRepresentative(String name, Map<String, Integer> skills, int capacity, String... queues) {
        var data = participant(name, "representative", capacity, queues);
        data.put("skills", skills);
        var answer = Events.send("participant.upsert", data);
        assertOk(answer);
        return answer;
    }

    /** A representative whose desk is {@code desk} (a webhook on the bot server, which records what it is told). */
    public JsonPath representative(String name, BotServer.Bot desk, int capacity, String... queues) {
        var data = participant(name, "representative", capacity, queues);
        data.put("webhook", Map.of("url", desk.url(), "secret", desk.secret()));
        var answer = Events.send("participant.upsert", data);
        assertOk(answer);
        return answer;
    }

    /** Registers the channel {@code name}, whose webhook is {@code webhook} (on the bot server, which records it). */
    public JsonPath channel(String name, BotServer.Bot webhook) {
        var answer = Events.send("channel.upsert", Map.of("channelId", id(name),
                "webhook", Map.of("url", webhook.url(), "secret", webhook.secret())));
        assertOk(answer);
        return answer;
    }

    private Map<String, Object> participant(String name, String kind, int capacity, String... queues) {
        var data = new LinkedHashMap<String, Object>();
        data.put("participantId", id(name));
        data.put("kind", kind);
        data.put("name", name);
        data.put("capacity", capacity);
        data.put("queues", Arrays.stream(queues).map(this::id).toList());
        return data;
    }

    private static void assertOk(JsonPath answer) {
        if (!"ok".equals(answer.getString("status"))) {
            throw new AssertionError("setup event rejected: " + answer.prettify());
        }
    }

    /** The participant's load as stored. */
    public int load(String name) {
        return participants.find(id(name)).orElseThrow().load();
    }

    /** Conversations (short names) waiting in a queue's line, oldest first. */
    public List<String> waiting(String queue, KindNeeded line) {
        return conversations.oldestWaiting(id(queue), line, 1000).stream()
                .map(entry -> shortName(entry.conversationId())).toList();
    }

    public Conversation conversation(String name) {
        return conversations.find(id(name)).orElseThrow();
    }

    /** The conversation, if it exists. */
    public java.util.Optional<Conversation> findConversation(String name) {
        return conversations.find(id(name));
    }

    /** The texts of the conversation's transcript, in order (its first 100 messages). */
    public List<String> messages(String conversation) {
        return transcripts.page(id(conversation), 0, 100).messages().stream().map(TranscriptMessage::text).toList();
    }

    /** The timeline as {@code event:participant} steps, in order. */
    public List<String> timeline(String conversation) {
        return conversation(conversation).timeline().stream()
                .map(e -> e.participantId() == null ? e.event() : e.event() + ":" + shortName(e.participantId()))
                .toList();
    }
}
