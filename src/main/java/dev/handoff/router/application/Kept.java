package dev.handoff.router.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What was read of one store, by id, kept a while per function instance, absence included: the ids not kept (or kept
 * too long) are read together, in one call of {@code read}.
 */
final class Kept<T> {
    private record Entry<T>(Optional<T> value, Instant readAt) {
    }

    private final Function<Set<String>, Map<String, T>> read;
    private final Duration howLong;
    private final Clock clock;
    private final ConcurrentHashMap<String, Entry<T>> kept = new ConcurrentHashMap<>();

    /** @param read the values found among the ids asked, by id */
    Kept(Function<Set<String>, Map<String, T>> read, Duration howLong, Clock clock) {
        this.read = read;
        this.howLong = howLong;
        this.clock = clock;
    }

    /** Kept one at a time: {@code find} reads one id. */
    static <T> Kept<T> ofOne(Function<String, Optional<T>> find, Duration howLong, Clock clock) {
        return new Kept<>(ids -> {
            var found = new HashMap<String, T>();
            ids.forEach(id -> find.apply(id).ifPresent(value -> found.put(id, value)));
            return found;
        }, howLong, clock);
    }

    Optional<T> find(String id) {
        return Optional.ofNullable(findAll(List.of(id)).get(id));
    }

    /** The values of those of {@code ids} that exist. */
    Map<String, T> findAll(Collection<String> ids) {
        Instant now = clock.instant();
        var found = new HashMap<String, T>();
        var toRead = new LinkedHashSet<String>();
        for (String id : ids) {
            var entry = kept.get(id);
            if (entry != null && entry.readAt().plus(howLong).isAfter(now)) {
                entry.value().ifPresent(value -> found.put(id, value));
            } else {
                toRead.add(id);
            }
        }
        if (!toRead.isEmpty()) {
            var read = this.read.apply(toRead);
            toRead.forEach(id -> kept.put(id, new Entry<>(Optional.ofNullable(read.get(id)), now)));
            found.putAll(read);
        }
        return found;
    }

    /** The value as this instance just wrote it. */
    void keep(String id, T value) {
        kept.put(id, new Entry<>(Optional.of(value), clock.instant()));
    }

    void forget(String id) {
        kept.remove(id);
    }
}
