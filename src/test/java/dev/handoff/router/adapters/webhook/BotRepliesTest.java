package dev.handoff.router.adapters.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.handoff.router.domain.BotSignal;

/**
 * A bot's answer read as the router reads it. The bodies are those a botbuilder bot sent (recorded by
 * {@code BotFrameworkBotTest}): Omnichannel's tags are a JSON string inside {@code channelData}.
 */
class BotRepliesTest {

    @Test
    void messagesAreRepliesAndTypingAndTraceAreNot() {
        var read = BotReplies.read("""
                {"activities":[{"type":"typing"},{"type":"trace","name":"OnTurnError Trace","value":"Error"},
                {"type":"message","text":"Hi, I'm Agent B.","inputHint":"acceptingInput"},{"type":"message"}]}""");
        assertEquals(List.of("Hi, I'm Agent B."), read.texts());
        assertEquals(List.of(), read.signals());
    }

    @Test
    void omnichannelsEscalateTagAsksForAPersonWithItsContext() {
        var read = BotReplies.read("""
                {"activities":[{"type":"message","text":"Let me find a person for you.",
                "channelData":{"tags":"{\\"type\\":\\"Escalate\\",\\"context\\":{\\"reason\\":\\"asked\\",\\"tier\\":2,\\"vip\\":true,\\"nested\\":{\\"x\\":1}}}"}}]}""");
        assertEquals(List.of("Let me find a person for you."), read.texts());
        assertEquals(List.of(new BotSignal.Escalate(Map.of("reason", "asked", "tier", 2L, "vip", true))),
                read.signals(), "flat values only: the router's context is flat");
    }

    @Test
    void theHandoffProtocolsInitiateEventAsksForAPersonToo() {
        var read = BotReplies.read("""
                {"activities":[{"type":"event","name":"handoff.initiate","value":{"skill":"refunds"},
                "attachments":[{"contentType":"application/json","name":"Transcript","content":{}}]}]}""");
        assertEquals(List.of(new BotSignal.Escalate(Map.of("skill", "refunds"))), read.signals());
    }

    @Test
    void anEndTagOrAnEndOfConversationActivityEndsIt() {
        assertEquals(List.of(new BotSignal.End()), BotReplies.read("""
                {"activities":[{"type":"message","text":"Goodbye."},
                {"type":"endOfConversation","code":"completedSuccessfully"}]}""").signals());
        assertEquals(List.of(new BotSignal.End()), BotReplies.read("""
                {"activities":[{"type":"message","text":"Bye","channelData":{"tags":{"type":"EndConversation"}}}]}""")
                .signals());
    }

    @Test
    void anEmptyOrForeignBodyIsNoReplyAtAll() {
        for (String body : new String[] {"", "   ", "not json", "{}", "{\"activities\":\"x\"}"}) {
            var read = BotReplies.read(body);
            assertEquals(List.of(), read.texts(), body);
            assertEquals(List.of(), read.signals(), body);
        }
    }
}
