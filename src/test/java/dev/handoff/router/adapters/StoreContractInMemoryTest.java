package dev.handoff.router.adapters;

import dev.handoff.router.testing.memory.InMemoryChannelStore;
import dev.handoff.router.testing.memory.InMemoryConversationStore;
import dev.handoff.router.testing.memory.InMemoryEventLedger;
import dev.handoff.router.testing.memory.InMemoryMemberStore;
import dev.handoff.router.testing.memory.InMemoryParticipantStore;
import dev.handoff.router.testing.memory.InMemoryQueueStore;
import dev.handoff.router.testing.memory.InMemoryTranscriptStore;

/** The store contract on the in-memory stores: fresh ones for each case. */
class StoreContractInMemoryTest extends StoreContract {
    private InMemoryParticipantStore participants;

    @Override
    protected Stores emptyStores() {
        var conversations = new InMemoryConversationStore();
        participants = new InMemoryParticipantStore();
        var queues = new InMemoryQueueStore(conversations);
        return new Stores(conversations, participants, queues, new InMemoryEventLedger(), new InMemoryTranscriptStore(),
                new InMemoryChannelStore(), new InMemoryMemberStore(readFrom(queues)));
    }

    @Override
    protected void fillItem(String participantId) {
        participants.fillItem(participantId);
    }

    /**
     * A race in memory lasts microseconds, so one round seldom interleaves: with 20, a claim, release or begin without
     * the store's lock failed the contract each time it was tried (a replace without it, whose window is a few
     * instructions, about every other time); 50 caught no more and took three times as long.
     */
    @Override
    protected int raceRounds() {
        return 20;
    }
}
