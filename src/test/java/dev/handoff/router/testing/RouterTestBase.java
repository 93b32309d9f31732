package dev.handoff.router.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.ParticipantStore;
import dev.handoff.router.domain.TranscriptStore;
import jakarta.inject.Inject;

/**
 * What the router's {@code @QuarkusTest}s share: the stores to read state through, a fresh {@link World} per test, and
 * a loopback server standing in for bots, started for each test class and stopped after it.
 */
public abstract class RouterTestBase {
    /** The bot server of the test class running now (test classes run one after another). */
    protected static BotServer bots;

    @Inject
    protected ParticipantStore participants;

    @Inject
    protected ConversationStore conversations;

    @Inject
    protected TranscriptStore transcripts;

    @BeforeAll
    static void startBots() {
        bots = new BotServer();
    }

    @AfterAll
    static void stopBots() {
        bots.close();
    }

    /** A world of this test's own, with ids no other test uses. */
    protected World newWorld() {
        return new World(participants, conversations, transcripts);
    }
}
