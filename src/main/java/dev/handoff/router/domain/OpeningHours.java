package dev.handoff.router.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * When a queue is open, in its own time zone: a set of weekly openings (a day not listed is closed all day) and dates
 * it is closed all day whatever the week says. A queue without opening hours is always open.
 */
public record OpeningHours(ZoneId timeZone, List<Opening> weekly, Set<LocalDate> closedDates) {
    public OpeningHours {
        weekly = List.copyOf(weekly);
        closedDates = Set.copyOf(closedDates);
    }

    /**
     * One opening of a weekday, in minutes since its midnight: open from {@code openMinute} (included) to
     * {@code closeMinute} (excluded; 1440 is the next midnight).
     */
    public record Opening(DayOfWeek day, int openMinute, int closeMinute) {
        public Opening {
            if (openMinute < 0 || closeMinute > 24 * 60 || openMinute >= closeMinute) {
                throw new IllegalArgumentException("an opening closes after it opens, within its day");
            }
        }

        boolean covers(DayOfWeek on, int minute) {
            return day == on && minute >= openMinute && minute < closeMinute;
        }
    }

    /** Whether the queue is open at {@code at}: not a closed date where it is, and within an opening of that day. */
    public boolean openAt(Instant at) {
        var local = at.atZone(timeZone);
        if (closedDates.contains(local.toLocalDate())) {
            return false;
        }
        int minute = local.getHour() * 60 + local.getMinute();
        return weekly.stream().anyMatch(opening -> opening.covers(local.getDayOfWeek(), minute));
    }
}
