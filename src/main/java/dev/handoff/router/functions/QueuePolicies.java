package dev.handoff.router.functions;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.handoff.router.domain.OfferPolicy;
import dev.handoff.router.domain.OpeningHours;
import dev.handoff.router.domain.OverflowRule;
import dev.handoff.router.domain.RelaxationStep;
import dev.handoff.router.domain.RoomLayout;
import dev.handoff.router.domain.Skills;

/**
 * Decodings of a queue's opening hours and overflow rules ({@code queue.upsert}, CONTRACT §1), each wrong field named.
 */
final class QueuePolicies {
    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):([0-5][0-9])|24:00");
    private static final int MAX_OPENINGS = 7 * 4;
    private static final int MAX_CLOSED_DATES = 366;
    private static final int MAX_RULES = 10;
    private static final int MAX_MESSAGE = 1024;

    private QueuePolicies() {
    }

    /** {@code offer}: null when absent (its representatives are given conversations at once). */
    static OfferPolicy offer(Fields data) {
        Fields offer = data.optionalObject("offer");
        if (offer == null) {
            return null;
        }
        return new OfferPolicy(offer.integer("timeoutSeconds", OfferPolicy.MIN_TIMEOUT_SECONDS,
                OfferPolicy.MAX_TIMEOUT_SECONDS, OfferPolicy.DEFAULT_TIMEOUT_SECONDS),
                offer.integer("declineLimit", 1, OfferPolicy.MAX_DECLINE_LIMIT, 0));
    }

    /** {@code indexedSkills}: skill names, each once; empty when absent. */
    static List<String> indexedSkills(Fields data) {
        var names = data.strings("indexedSkills", RoomLayout.MAX_INDEXED_SKILLS, 64);
        var seen = new LinkedHashSet<String>();
        for (int i = 0; i < names.size(); i++) {
            if (!Skills.NAME.matcher(names.get(i)).matches()) {
                throw Fields.invalid(data.name("indexedSkills") + "[" + i + "] must be a skill's name");
            }
            if (!seen.add(names.get(i))) {
                throw Fields.invalid(data.name("indexedSkills") + "[" + i + "] names a skill listed before it");
            }
        }
        return List.copyOf(seen);
    }

    /** {@code hours}: null when absent (always open). */
    static OpeningHours hours(Fields data) {
        Fields hours = data.optionalObject("hours");
        if (hours == null) {
            return null;
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(hours.string("timeZone", 64));
        } catch (DateTimeException e) {
            throw Fields.invalid(hours.name("timeZone") + " must be an IANA time zone such as Europe/Paris");
        }
        var weekly = new ArrayList<OpeningHours.Opening>();
        for (Fields opening : hours.objects("weekly", MAX_OPENINGS)) {
            DayOfWeek day;
            try {
                day = DayOfWeek.valueOf(opening.string("day", 16).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw Fields.invalid(opening.name("day") + " must be a day of the week such as monday");
            }
            int open = minute(opening, "open");
            int close = minute(opening, "close");
            if (open >= close) {
                throw Fields.invalid(opening.name("close") + " must be later than open");
            }
            weekly.add(new OpeningHours.Opening(day, open, close));
        }
        var closed = new LinkedHashSet<LocalDate>();
        var dates = hours.strings("closedDates", MAX_CLOSED_DATES, 10);
        for (int i = 0; i < dates.size(); i++) {
            try {
                closed.add(LocalDate.parse(dates.get(i)));
            } catch (DateTimeException e) {
                throw Fields.invalid(hours.name("closedDates") + "[" + i + "] must be a date such as 2026-12-25");
            }
        }
        return new OpeningHours(zone, weekly, closed);
    }

    /** {@code overflow}: its rules in order; empty when absent. A rule may not send a conversation to its own queue. */
    static List<OverflowRule> overflow(Fields data, String queueId) {
        var rules = new ArrayList<OverflowRule>();
        for (Fields rule : data.objects("overflow", MAX_RULES)) {
            rules.add(new OverflowRule(when(rule.object("when")), then(rule.object("then"), queueId)));
        }
        return rules;
    }

    /**
     * {@code skillRelaxation}: its steps, each later than the one before; empty when absent. A step's {@code drop} is
     * a list of skill names, or {@code ["*"]} for every skill (anyone may take the conversation from then on).
     */
    static List<RelaxationStep> skillRelaxation(Fields data) {
        var steps = new ArrayList<RelaxationStep>();
        for (Fields step : data.objects("skillRelaxation", RelaxationStep.MAX_STEPS)) {
            int after = step.integer("afterSeconds", 1, RelaxationStep.MAX_AFTER_SECONDS, null);
            if (!steps.isEmpty() && after <= steps.get(steps.size() - 1).afterSeconds()) {
                throw Fields.invalid(step.name("afterSeconds") + " must be later than the step before's");
            }
            int lowerBy = step.integer("lowerBy", 0, RelaxationStep.MAX_LOWER_BY, 0);
            var drop = step.strings("drop", Skills.MAX_REQUIRED, 64);
            boolean dropAll = drop.equals(List.of("*"));
            for (int i = 0; !dropAll && i < drop.size(); i++) {
                if (!Skills.NAME.matcher(drop.get(i)).matches()) {
                    throw Fields.invalid(step.name("drop") + "[" + i + "] must be a skill's name, or the whole list"
                            + " [\"*\"] for every skill");
                }
            }
            if (lowerBy == 0 && drop.isEmpty()) {
                throw Fields.invalid(step.path() + " must lower (lowerBy) or drop something");
            }
            steps.add(new RelaxationStep(after, lowerBy, dropAll ? Set.of() : Set.copyOf(drop), dropAll));
        }
        return steps;
    }

    private static OverflowRule.When when(Fields when) {
        onlyOne(when, "maxWaiting", "closed", "maxWaitSeconds");
        if (when.has("maxWaiting")) {
            return new OverflowRule.MaxWaiting(when.integer("maxWaiting", 0, 1_000_000, null));
        }
        if (when.has("closed")) {
            if (!Boolean.TRUE.equals(when.raw().get("closed"))) {
                throw Fields.invalid(when.name("closed") + " must be true");
            }
            return new OverflowRule.Closed();
        }
        return new OverflowRule.MaxWaitSeconds(
                when.integer("maxWaitSeconds", 1, OverflowRule.MaxWaitSeconds.MAX, null));
    }

    private static OverflowRule.Then then(Fields then, String queueId) {
        onlyOne(then, "transferToQueue", "transferToBot", "end");
        if (then.has("end")) {
            Fields end = then.object("end");
            return new OverflowRule.End(end.string("message", MAX_MESSAGE));
        }
        String key = then.has("transferToQueue") ? "transferToQueue" : "transferToBot";
        String target = then.id(key);
        if (target.equals(queueId)) {
            throw Fields.invalid(then.name(key) + " must name another queue than this one");
        }
        return key.equals("transferToQueue") ? new OverflowRule.TransferToQueue(target)
                : new OverflowRule.TransferToBot(target);
    }

    /** Exactly one of {@code keys} is given. */
    private static void onlyOne(Fields fields, String... keys) {
        long given = java.util.Arrays.stream(keys).filter(fields::has).count();
        if (given != 1) {
            throw Fields.invalid(fields.path() + " must have exactly one of " + String.join(", ", keys));
        }
    }

    private static int minute(Fields opening, String key) {
        String value = opening.string(key, 5);
        var matcher = TIME.matcher(value);
        if (!matcher.matches()) {
            throw Fields.invalid(opening.name(key) + " must be a time such as 09:00 (24:00 for midnight at its end)");
        }
        return value.equals("24:00") ? 24 * 60
                : Integer.parseInt(matcher.group(1)) * 60 + Integer.parseInt(matcher.group(2));
    }
}
