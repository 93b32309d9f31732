package dev.handoff.router.testing.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.handoff.router.domain.EventLedger;
import dev.handoff.router.domain.Handout;
import dev.handoff.router.domain.EventRecord;

/**
 * Admin events' records in a map, with the conditions of {@code DynamoDbEventLedger}, units included:
 * <ul>
 * <li>{@link #begin} writes a whole new in-progress record (lease until {@code now + lease} in epoch milliseconds,
 * expiry at {@code now + 48 h} in epoch seconds) when there is none, or it expired ({@code expiresAt < now} in
 * seconds), or it is in progress with its lease passed ({@code leaseUntil < now} in milliseconds); else it answers the
 * record there;</li>
 * <li>{@link #complete} only by the record's owner (whatever its status); it drops the lease;</li>
 * <li>{@link #forget} only an in-progress record of that owner.</li>
 * </ul>
 * Each method holds the ledger's lock. The DynamoDB {@code begin} reads the record in a second call after a failed
 * put, so there the record can vanish in between (it then tries again); here the check and the read are one step.
 */
public final class InMemoryEventLedger implements EventLedger {
    /** One event's item; {@code leaseUntil} is null once completed (the update removes it). */
    private record Item(boolean completed, String bodyHash, String owner, Long leaseUntilMillis,
            long expiresAtSeconds, List<Handout> assigned) {
    }

    private final Map<String, Item> items = new HashMap<>();

    @Override
    public synchronized Optional<Entry> begin(String eventKey, String attempt, String bodyHash, Instant now,
            Duration lease) {
        var item = items.get(eventKey);
        boolean free = item == null
                || item.expiresAtSeconds() < now.getEpochSecond()
                || !item.completed() && item.leaseUntilMillis() != null
                        && item.leaseUntilMillis() < now.toEpochMilli();
        if (free) {
            items.put(eventKey, new Item(false, bodyHash, attempt, now.plus(lease).toEpochMilli(),
                    now.plus(EventRecord.REMEMBERED).getEpochSecond(), List.of()));
            return Optional.empty();
        }
        return Optional.of(new Entry(item.bodyHash(), item.completed(), item.assigned()));
    }

    @Override
    public synchronized void complete(String eventKey, String attempt, List<Handout> assigned) {
        var item = items.get(eventKey);
        if (item == null || !attempt.equals(item.owner())) {
            return; // our lease ran out and another delivery holds the record now: it completes it
        }
        items.put(eventKey, new Item(true, item.bodyHash(), item.owner(), null, item.expiresAtSeconds(),
                List.copyOf(assigned)));
    }

    @Override
    public synchronized void forget(String eventKey, String attempt) {
        var item = items.get(eventKey);
        if (item != null && !item.completed() && attempt.equals(item.owner())) {
            items.remove(eventKey);
        }
    }
}
