package dev.handoff.router.application;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.Owed;
import dev.handoff.router.domain.Speaker;
import dev.handoff.router.domain.TranscriptMessage;

/**
 * The JSON bodies posted to customers' channels (CONTRACT §3b) and representatives' desks (CONTRACT §3c): plain maps,
 * times as ISO-8601 strings, as the webhook adapter writes them.
 */
final class NoticeBodies {
    private NoticeBodies() {
    }

    /**
     * What the customer's channel is told.
     *
     * @param place for {@code waiting}: the conversation's place in its line when the call is made, and the wait
     *              estimated for it; null when it no longer waits (a later notice says where it is)
     */
    static Map<String, Object> toChannel(Conversation c, Owed.Notice notice, Lines.Place place) {
        var body = common(c, notice);
        body.put("sequence", notice.sequence());
        switch (notice.type()) {
            case MESSAGE -> {
                body.put("from", speaker(notice.about()));
                body.put("text", notice.text());
                body.put("transcriptSequence", notice.transcriptSequence());
            }
            case ASSIGNED -> body.put("assignee", speaker(notice.about()));
            case WAITING -> {
                if (place != null) {
                    body.put("position", place.position());
                    if (place.estimatedWaitSeconds() != null) {
                        body.put("estimatedWaitSeconds", place.estimatedWaitSeconds());
                    }
                }
            }
            default -> {
                // ended: the type says it all, and a message when the router ended it (a queue's overflow rule)
                if (notice.text() != null) {
                    body.put("message", notice.text());
                }
            }
        }
        return body;
    }

    /**
     * What a representative's desk is told.
     *
     * @param transcript for {@code assigned} and {@code offered}: the latest messages said before it came, oldest
     *                   first
     */
    static Map<String, Object> toDesk(Conversation c, Owed.Notice notice, List<TranscriptMessage> transcript) {
        var body = common(c, notice);
        body.put("participantId", notice.recipient());
        switch (notice.type()) {
            case ASSIGNED, OFFERED -> {
                if (notice.type() == Owed.NoticeType.OFFERED) {
                    body.put("expiresAt", notice.text()); // to accept by (conversation.accept)
                }
                var customer = new LinkedHashMap<String, Object>();
                customer.put("id", c.customer().id());
                if (c.customer().name() != null) {
                    customer.put("name", c.customer().name());
                }
                if (c.customer().locale() != null) {
                    customer.put("locale", c.customer().locale());
                }
                body.put("customer", customer);
                body.put("context", c.context());
                body.put("transcript", transcript.stream().map(NoticeBodies::said).toList());
            }
            case MESSAGE -> {
                body.put("from", speaker(notice.about()));
                body.put("text", notice.text());
                body.put("transcriptSequence", notice.transcriptSequence());
            }
            case WRAP_UP_STARTED ->
                // Until when its capacity is held, unless it is done sooner: while the wrap-up lasts (a notice posted
                // after it ended says no more, and its wrap-up-ended follows).
                c.wrapUpOf(notice.recipient()).ifPresent(w -> body.put("until", w.until().toString()));
            case OFFER_EXPIRED -> body.put("reason", notice.text()); // timeout, or ended
            default -> {
                // released, wrap-up-ended: the type says it all
            }
        }
        return body;
    }

    private static LinkedHashMap<String, Object> common(Conversation c, Owed.Notice notice) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", notice.type().wire());
        body.put("conversationId", c.id());
        body.put("at", notice.at().toString());
        return body;
    }

    private static Map<String, Object> speaker(Speaker speaker) {
        return Map.of("participantId", speaker.id(), "kind", speaker.kind().wire());
    }

    /** A transcript message as {@code conversation.transcript} answers it. */
    private static Map<String, Object> said(TranscriptMessage m) {
        var said = new LinkedHashMap<String, Object>();
        said.put("sequence", m.sequence());
        said.put("at", m.at().toString());
        said.put("participantId", m.from().id());
        said.put("kind", m.from().kind().wire());
        said.put("text", m.text());
        return said;
    }
}
