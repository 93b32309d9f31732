package dev.handoff.router.domain;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Skills by name with a level from {@link #MIN_LEVEL} to {@link #MAX_LEVEL}: what a participant has, or what a
 * conversation requires (each at least that level). A participant qualifies for a conversation when it {@link #covers}
 * the conversation's requirement; nothing required is covered by everyone.
 *
 * <p>Names are short words ({@link #NAME}) so that a requirement can be written into a waiting line's sort key
 * ({@link #signature}) and read back from it without reading the conversation.
 */
public record Skills(Map<String, Integer> levels) {
    public static final int MIN_LEVEL = 1;
    public static final int MAX_LEVEL = 5;
    /** At most this many skills per participant or requirement: they travel in index entries and line keys. */
    public static final int MAX_SKILLS = 50;
    /**
     * At most this many required of one conversation: its requirement rides in its line's sort key, which DynamoDB
     * bounds at 1,024 bytes (10 names of 64 and their levels fit with room to spare).
     */
    public static final int MAX_REQUIRED = 10;
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    public static final Skills NONE = new Skills(Map.of());

    public Skills {
        levels = Collections.unmodifiableSortedMap(new TreeMap<>(levels));
        if (levels.size() > MAX_SKILLS) {
            throw new IllegalArgumentException("at most " + MAX_SKILLS + " skills");
        }
        levels.forEach((name, level) -> {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("skill name " + name + " is not a word of letters, digits, "
                        + "'.', '_' or '-' (at most 64)");
            }
            if (level == null || level < MIN_LEVEL || level > MAX_LEVEL) {
                throw new IllegalArgumentException("skill " + name + " must have a level from " + MIN_LEVEL
                        + " to " + MAX_LEVEL);
            }
        });
    }

    public static Skills of(Map<String, Integer> levels) {
        return levels == null || levels.isEmpty() ? NONE : new Skills(levels);
    }

    public boolean isEmpty() {
        return levels.isEmpty();
    }

    /** Whether these skills meet every skill of {@code required} at its level or above. */
    public boolean covers(Skills required) {
        for (var need : required.levels.entrySet()) {
            Integer level = levels.get(need.getKey());
            if (level == null || level < need.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** These, each {@code lowerBy} levels lower (never below {@link #MIN_LEVEL}), without the skills named in {@code drop}. */
    public Skills relaxed(int lowerBy, java.util.Set<String> drop) {
        var relaxed = new TreeMap<String, Integer>();
        levels.forEach((name, level) -> {
            if (!drop.contains(name)) {
                relaxed.put(name, Math.max(MIN_LEVEL, level - lowerBy));
            }
        });
        return Skills.of(relaxed);
    }

    /** The skills in one short string, names in order: {@code billing=3,french=2}; empty for none. */
    public String signature() {
        return levels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /** The skills a {@link #signature} wrote. */
    public static Skills fromSignature(String signature) {
        if (signature == null || signature.isEmpty()) {
            return NONE;
        }
        var levels = new TreeMap<String, Integer>();
        for (String pair : signature.split(",")) {
            int equals = pair.indexOf('=');
            levels.put(pair.substring(0, equals), Integer.parseInt(pair.substring(equals + 1)));
        }
        return new Skills(levels);
    }
}
