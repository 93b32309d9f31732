package dev.handoff.router.application;

import java.util.List;
import java.util.Map;

import dev.handoff.router.domain.Customer;
import dev.handoff.router.domain.ParticipantKind;
import dev.handoff.router.domain.Presence;
import dev.handoff.router.domain.Webhook;

/** The validated {@code data} of each event type (CONTRACT §1). Optional fields are null when absent. */
public final class Commands {
    private Commands() {
    }

    public sealed interface Command permits Start, Escalate, TransferToBot, End, UpsertQueue, UpsertParticipant,
            ChangePresence, GetConversation {
    }

    public record Start(String conversationId, String queueId, Customer customer, String channel,
            Map<String, Object> context) implements Command {
    }

    public record Escalate(String conversationId, String requestedBy, String targetQueueId, String reason,
            Map<String, Object> context) implements Command {
    }

    public record TransferToBot(String conversationId, String requestedBy, String targetQueueId,
            String targetParticipantId, Map<String, Object> context) implements Command {
    }

    public record End(String conversationId, String requestedBy) implements Command {
    }

    public record UpsertQueue(String queueId, String name, int unitsPerConversation) implements Command {
    }

    public record UpsertParticipant(String participantId, ParticipantKind kind, String name, int capacity,
            List<String> queues, Presence presence, Webhook webhook) implements Command {
    }

    public record ChangePresence(String participantId, Presence presence) implements Command {
    }

    public record GetConversation(String conversationId) implements Command {
    }
}
