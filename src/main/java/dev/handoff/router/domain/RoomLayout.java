package dev.handoff.router.domain;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How a queue's members with room are indexed ({@link MemberStore}): ranked by its assignment method, and, for each
 * skill it indexes, apart by that skill's level, so that a look requiring an indexed skill reads only members that have
 * it at the level asked or above, however many members rank ahead without it.
 *
 * @param indexedSkills the queue's {@code indexedSkills}: each costs every change of room of a member that has it a
 *                      write more, so a queue names the few its conversations are routed on
 */
public record RoomLayout(AssignmentMethod method, List<String> indexedSkills) {
    /** At most this many skills indexed per queue: a member's room items then fit in one batch write of 25. */
    public static final int MAX_INDEXED_SKILLS = 20;
    public static final RoomLayout DEFAULT = new RoomLayout(AssignmentMethod.HIGHEST_CAPACITY, List.of());

    public RoomLayout {
        if (method == null) {
            throw new IllegalArgumentException("a room layout needs an assignment method");
        }
        indexedSkills = List.copyOf(new TreeSet<>(indexedSkills));
        if (indexedSkills.size() > MAX_INDEXED_SKILLS) {
            throw new IllegalArgumentException("at most " + MAX_INDEXED_SKILLS + " indexed skills");
        }
        indexedSkills.forEach(name -> {
            if (!Skills.NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("indexed skill " + name + " is not a skill's name");
            }
        });
    }

    /** A layout with no skill indexed. */
    public static RoomLayout of(AssignmentMethod method) {
        return new RoomLayout(method, List.of());
    }

    /** The skills of {@code participant} this layout indexes, each at the participant's level. */
    public Map<String, Integer> indexedLevels(Participant participant) {
        var levels = new TreeMap<String, Integer>();
        for (String skill : indexedSkills) {
            Integer level = participant.skills().levels().get(skill);
            if (level != null) {
                levels.put(skill, level);
            }
        }
        return Collections.unmodifiableSortedMap(levels);
    }

    /**
     * The indexed skill a look requiring {@code required} reads by: the one required at the highest level (the fewest
     * levels to read, and usually the fewest members), ties to the first by name; empty when none is indexed.
     */
    public Optional<SkillLevel> lookUpBy(Skills required) {
        return required.levels().entrySet().stream()
                .filter(need -> indexedSkills.contains(need.getKey()))
                .map(need -> new SkillLevel(need.getKey(), need.getValue()))
                .min(Comparator.comparingInt(SkillLevel::level).reversed().thenComparing(SkillLevel::skill));
    }

    /** One skill at one level: where a room item of an indexed skill is kept, or what a look reads by. */
    public record SkillLevel(String skill, int level) {
    }
}
