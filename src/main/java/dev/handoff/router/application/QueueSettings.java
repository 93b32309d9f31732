package dev.handoff.router.application;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.handoff.router.domain.OpeningHours;
import dev.handoff.router.domain.OverflowRule;
import dev.handoff.router.domain.Queue;

/** A queue's opening hours and overflow rules as {@code queue.get} answers them: the shapes {@code queue.upsert} takes. */
final class QueueSettings {
    private QueueSettings() {
    }

    /** Null when the queue has none (always open). */
    static Map<String, Object> hours(Queue queue) {
        OpeningHours hours = queue.hours();
        if (hours == null) {
            return null;
        }
        var answer = new LinkedHashMap<String, Object>();
        answer.put("timeZone", hours.timeZone().getId());
        answer.put("weekly", hours.weekly().stream().map(opening -> {
            var shown = new LinkedHashMap<String, Object>();
            shown.put("day", opening.day().name().toLowerCase(Locale.ROOT));
            shown.put("open", time(opening.openMinute()));
            shown.put("close", time(opening.closeMinute()));
            return shown;
        }).toList());
        answer.put("closedDates", hours.closedDates().stream().sorted().map(Object::toString).toList());
        return answer;
    }

    /** Its {@code offer} as {@code queue.upsert} takes it; null when it gives conversations at once. */
    static Map<String, Object> offer(Queue queue) {
        if (queue.offer() == null) {
            return null;
        }
        var offer = new java.util.LinkedHashMap<String, Object>();
        offer.put("timeoutSeconds", queue.offer().timeoutSeconds());
        if (queue.offer().declineLimit() > 0) {
            offer.put("declineLimit", queue.offer().declineLimit());
        }
        return offer;
    }

    static List<Map<String, Object>> overflow(Queue queue) {
        return queue.overflow().stream().map(rule -> {
            var shown = new LinkedHashMap<String, Object>(); // when, then: in the order they are written
            shown.put("when", when(rule.when()));
            shown.put("then", then(rule.then()));
            return (Map<String, Object>) shown;
        }).toList();
    }

    /** Each step as {@code queue.upsert} takes it: {@code afterSeconds}, {@code lowerBy}, {@code drop}. */
    static List<Map<String, Object>> skillRelaxation(Queue queue) {
        return queue.skillRelaxation().stream().map(step -> {
            var shown = new LinkedHashMap<String, Object>();
            shown.put("afterSeconds", step.afterSeconds());
            shown.put("lowerBy", step.lowerBy());
            shown.put("drop", step.dropAll() ? List.of("*") : step.drop().stream().sorted().toList());
            return (Map<String, Object>) shown;
        }).toList();
    }

    private static Map<String, Object> when(OverflowRule.When when) {
        if (when instanceof OverflowRule.MaxWaiting max) {
            return Map.of("maxWaiting", max.count());
        }
        if (when instanceof OverflowRule.MaxWaitSeconds max) {
            return Map.of("maxWaitSeconds", max.seconds());
        }
        return Map.of("closed", true);
    }

    private static Map<String, Object> then(OverflowRule.Then then) {
        if (then instanceof OverflowRule.TransferToQueue to) {
            return Map.of("transferToQueue", to.queueId());
        }
        if (then instanceof OverflowRule.TransferToBot bot) {
            return Map.of("transferToBot", bot.queueId());
        }
        return Map.of("end", Map.of("message", ((OverflowRule.End) then).message()));
    }

    private static String time(int minute) {
        return String.format("%02d:%02d", minute / 60, minute % 60);
    }
}
