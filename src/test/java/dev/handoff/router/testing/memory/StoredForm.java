package dev.handoff.router.testing.memory;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.handoff.router.domain.Claim;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.ConversationStatus;
import dev.handoff.router.domain.EventRecord;
import dev.handoff.router.domain.Owed;
import dev.handoff.router.domain.PendingDelivery;
import dev.handoff.router.domain.TimelineEntry;

/**
 * A record as the DynamoDB stores read it back after writing it ({@code ItemMapper} there), so that the in-memory
 * stores answer the same values: times at millisecond precision, context numbers as DynamoDB numbers read back, and a
 * conversation's line fields only while it is in a line.
 */
final class StoredForm {
    private StoredForm() {
    }

    /** Times are stored as epoch milliseconds (floored, as {@link Instant#toEpochMilli()} does). */
    static Instant millis(Instant time) {
        return Instant.ofEpochMilli(time.toEpochMilli());
    }

    static Conversation conversation(Conversation c, long storedVersion) {
        // The line attributes are written only for a WAITING conversation that waits for a kind (ItemMapper); a new
        // conversation (status WAITING, nobody asked for yet) or an assigned one reads back without them.
        boolean inLine = c.status() == ConversationStatus.WAITING && c.waitingFor() != null;
        var events = new LinkedHashMap<String, EventRecord>();
        c.events().forEach((key, r) -> events.put(key,
                new EventRecord(r.eventId(), r.bodyHash(), millis(r.at()), r.outcome(), r.released())));
        return new Conversation(c.id(), storedVersion, c.status(), c.queueId(), c.customer(), c.channel(),
                c.tellsChannel(), context(c.context()), millis(c.createdAt()), c.assignee(), inLine ? c.waitingFor() : null,
                inLine ? millis(c.waitingSince()) : null, c.servedBy(), c.undeliverable(),
                c.timeline().stream().map(e -> new TimelineEntry(millis(e.at()), e.event(), e.eventId(), e.queueId(),
                        e.participantId(), e.from())).toList(),
                c.lastSequence(), events, pending(c.pendingDelivery()),
                c.outbox().stream().map(StoredForm::owed).toList(), c.lastOwed(), c.lastChannelSequence(),
                inLine ? c.ticket() : 0, c.priority(),
                inLine ? millis(c.lineOrderAt() != null ? c.lineOrderAt() : c.waitingSince()) : null,
                c.requiredSkills(), c.dueAt() == null ? null : millis(c.dueAt()), c.requestedSkills(),
                c.named() == null ? null : new dev.handoff.router.domain.NamedWait(c.named().participantId(),
                        millis(c.named().until())),
                c.wrapUps().stream().map(w -> new dev.handoff.router.domain.WrapUp(w.holder(), millis(w.since()),
                        millis(w.until()))).toList(),
                c.offer() == null || !inLine ? null : new dev.handoff.router.domain.Offer(c.offer().holder(),
                        millis(c.offer().since()), millis(c.offer().until()), c.offer().missesBefore()),
                c.passedOver());
    }

    private static PendingDelivery pending(PendingDelivery p) {
        return p == null ? null : new PendingDelivery(p.participantId(), p.eventKey(), p.eventId(), p.queueId(),
                p.transferredFrom(), millis(p.owedSince()), p.firstReply());
    }

    private static Owed owed(Owed owed) {
        if (owed.call() instanceof Owed.Notice n) {
            return new Owed(owed.seq(), millis(owed.owedSince()), new Owed.Notice(n.audience(), n.recipient(),
                    n.sequence(), n.type(), millis(n.at()), n.about(), n.text(), n.transcriptSequence()));
        }
        var m = (Owed.MessageToBot) owed.call();
        return new Owed(owed.seq(), millis(owed.owedSince()), new Owed.MessageToBot(m.participantId(),
                m.claimToken(), m.sequence(), m.text(), millis(m.at()), m.eventKey(), m.eventId()));
    }

    static Claim claim(Claim claim) {
        return new Claim(claim.units(), claim.token(), millis(claim.claimedAt()));
    }

    /** Context values as {@code Values.scalar} writes and reads them: whole numbers come back as Long. */
    private static Map<String, Object> context(Map<String, Object> context) {
        var stored = new LinkedHashMap<String, Object>();
        context.forEach((key, value) -> stored.put(key, scalar(value)));
        return stored;
    }

    private static Object scalar(Object value) {
        if (value instanceof Boolean) {
            return value;
        }
        if (value instanceof Number number) {
            // DynamoDB keeps a number's value, not its notation: it answers 1.50 as 1.5.
            var read = new BigDecimal(new BigDecimal(number.toString()).toPlainString());
            return read.scale() <= 0 || read.stripTrailingZeros().scale() <= 0 ? (Object) read.longValue()
                    : read.stripTrailingZeros();
        }
        return String.valueOf(value);
    }
}
