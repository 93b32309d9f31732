package dev.handoff.router.application;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.handoff.router.application.Answers.MessageAnswer;
import dev.handoff.router.application.Commands.Say;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.ErrorCode;
import dev.handoff.router.domain.EventRecord;
import dev.handoff.router.domain.Owed;
import dev.handoff.router.domain.Rejection;
import dev.handoff.router.domain.Speaker;
import dev.handoff.router.domain.Subject;
import dev.handoff.router.domain.TranscriptMessage;
import dev.handoff.router.domain.TranscriptStore;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code conversation.message}: the customer or the holder says something. It takes the next place in the transcript;
 * a customer's message to a conversation a bot holds goes to that bot, whose replies are answered and kept. Anyone else
 * (a bot after a representative took over, a representative after a transfer back) is refused {@code not_assignee}:
 * what they say never reaches the transcript. Happy path: three DynamoDB calls (read the conversation, write it, write
 * the message); a bot's reply adds two (write the replies, record the delivery).
 */
@ApplicationScoped
public class ConversationMessages {
    /**
     * Bounds what waits on the conversation item for a bot that does not take its messages, or a channel or desk that
     * does not take its notices, so the item stays far below DynamoDB's 400 KB (one more turn adds at most a message
     * and a bot's replies).
     */
    static final int MAX_OWED_BYTES = 128 * 1024;
    private static final int MAX_ATTEMPTS = 5;

    private final ConversationStore conversations;
    private final TranscriptStore transcripts;
    private final OwedMessages owedMessages;
    private final EventAnswers answers;
    private final BotRequests botRequests;
    private final OwedNotices notices;

    public ConversationMessages(ConversationStore conversations, TranscriptStore transcripts,
            OwedMessages owedMessages, EventAnswers answers, BotRequests botRequests, OwedNotices notices) {
        this.notices = notices;
        this.conversations = conversations;
        this.transcripts = transcripts;
        this.owedMessages = owedMessages;
        this.answers = answers;
        this.botRequests = botRequests;
    }

    public MessageAnswer say(EventContext event, Say command) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Conversation conversation = conversations.find(command.conversationId())
                    .orElseThrow(Rejection::noSuchConversation);
            var record = answers.recordOf(event, conversation);
            if (record.isPresent()) {
                return repeat(event, command, conversation, record.get());
            }
            if (conversation.isEnded()) {
                throw Rejection.conversationEnded();
            }
            Speaker speaker = speaker(conversation, command.from());
            requireRoomToWait(conversation, command.text());
            long sequence = conversation.lastSequence() + 1;
            Conversation next = conversation.said(speaker, command.text(), event.now(), event.key(), event.eventId());
            next = next.remember(event.key(), new EventRecord(event.eventId(), event.bodyHash(), event.now(),
                    next.outcome(null).withSequence(sequence), null));
            Conversation stored;
            try {
                stored = conversations.replace(next);
            } catch (ConversationStore.StaleWrite changed) {
                continue; // someone else wrote the conversation: decide again on fresh state
            }
            transcripts.append(List.of(new TranscriptMessage(stored.id(), sequence, event.now(), speaker,
                    command.text())));
            var replies = List.<TranscriptMessage>of();
            if (stored.messageOwedFor(event.key()).isPresent()) {
                var delivery = owedMessages.deliver(stored, event.key(), true);
                replies = delivery.replies();
                notices.post(delivery.conversation(), null); // the bot's replies reach the customer first
                botRequests.act(delivery.requests(), event.now());
            } else {
                notices.post(stored, null);
            }
            return MessageAnswer.accepted(event.eventId(), stored.id(), sequence, replies, false);
        }
        throw new ConcurrentChange("conversation " + command.conversationId() + " kept changing; retry the event");
    }

    /**
     * A repeat: finishes what the first delivery may have left (the message in the transcript, its delivery to the
     * bot), then answers as the first time, the replies read back from the transcript.
     */
    private MessageAnswer repeat(EventContext event, Say command, Conversation conversation, EventRecord record) {
        long sequence = record.outcome().sequence();
        Speaker speaker = command.from().equals(conversation.customer().id()) ? Speaker.customer(
                conversation.customer()) : new Speaker(command.from(), speakerKindAt(record, command.from()));
        transcripts.append(List.of(new TranscriptMessage(conversation.id(), sequence, record.at(), speaker,
                command.text())));
        Conversation current = conversation;
        if (conversation.messageOwedFor(event.key()).isPresent()) {
            var delivery = owedMessages.deliver(conversation, event.key(), false);
            current = delivery.conversation();
            notices.post(current, null);
            botRequests.act(delivery.requests(), event.now());
        } else {
            notices.post(current, null);
        }
        var replies = transcripts.page(conversation.id(), sequence, Conversation.REPLIES_RESERVED).messages()
                .stream()
                .filter(m -> m.sequence() <= sequence + Conversation.REPLIES_RESERVED)
                .filter(m -> m.from().kind() == Speaker.Kind.BOT)
                .toList();
        return MessageAnswer.accepted(event.eventId(), conversation.id(), sequence, replies, true);
    }

    /** The speaker's kind when its message was recorded: the holder then, which the record's outcome names. */
    private static Speaker.Kind speakerKindAt(EventRecord record, String from) {
        var holder = record.outcome().assignee();
        return holder != null && holder.participantId().equals(from) ? Speaker.Kind.of(holder.kind())
                : Speaker.Kind.REPRESENTATIVE;
    }

    /** The customer, or the participant that holds the conversation; anyone else may not speak in it. */
    private static Speaker speaker(Conversation conversation, String from) {
        if (from.equals(conversation.customer().id())) {
            return Speaker.customer(conversation.customer());
        }
        if (conversation.isHeldBy(from)) {
            return Speaker.of(conversation.assignee());
        }
        throw new Rejection(ErrorCode.NOT_ASSIGNEE, Subject.SPEAKER,
                "only the customer or the conversation's current assignee may speak in it");
    }

    private static void requireRoomToWait(Conversation conversation, String text) {
        int owed = conversation.outbox().stream().mapToInt(entry -> bytes(entry.call() instanceof Owed.MessageToBot m
                ? m.text() : ((Owed.Notice) entry.call()).text())).sum();
        if (owed + bytes(text) > MAX_OWED_BYTES) {
            throw new InProgress("conversation " + conversation.id() + ": its bot, channel or desk has not taken the"
                    + " earlier messages yet; retry later");
        }
    }

    private static int bytes(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }
}
