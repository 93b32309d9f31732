package dev.handoff.router.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** A queue's opening hours, in its own time zone. */
class OpeningHoursTest {
    /** Monday to Friday 09:00–17:00 in Paris, Saturday 10:00 to midnight, closed on Christmas Day. */
    private static final OpeningHours PARIS = new OpeningHours(ZoneId.of("Europe/Paris"), List.of(
            new OpeningHours.Opening(DayOfWeek.MONDAY, 9 * 60, 17 * 60),
            new OpeningHours.Opening(DayOfWeek.TUESDAY, 9 * 60, 17 * 60),
            new OpeningHours.Opening(DayOfWeek.WEDNESDAY, 9 * 60, 17 * 60),
            new OpeningHours.Opening(DayOfWeek.THURSDAY, 9 * 60, 17 * 60),
            new OpeningHours.Opening(DayOfWeek.FRIDAY, 9 * 60, 17 * 60),
            new OpeningHours.Opening(DayOfWeek.SATURDAY, 10 * 60, 24 * 60)),
            Set.of(LocalDate.parse("2026-12-25")));

    @Test
    void openWithinAnOpeningOfTheDayWhereTheQueueIs() {
        // Monday 7 December 2026: Paris is UTC+1 in winter
        assertFalse(PARIS.openAt(Instant.parse("2026-12-07T07:59:00Z")), "08:59 in Paris");
        assertTrue(PARIS.openAt(Instant.parse("2026-12-07T08:00:00Z")), "09:00 in Paris: opens");
        assertTrue(PARIS.openAt(Instant.parse("2026-12-07T15:59:00Z")), "16:59 in Paris");
        assertFalse(PARIS.openAt(Instant.parse("2026-12-07T16:00:00Z")), "17:00 in Paris: closed");
        // Summer time: 09:00 in Paris is 07:00 UTC
        assertTrue(PARIS.openAt(Instant.parse("2026-06-08T07:00:00Z")), "a Monday in June, 09:00 in Paris");
    }

    @Test
    void aDayNotListedIsClosedAndAnOpeningMayRunToMidnight() {
        assertFalse(PARIS.openAt(Instant.parse("2026-12-06T12:00:00Z")), "Sunday");
        assertTrue(PARIS.openAt(Instant.parse("2026-12-05T22:59:00Z")), "Saturday 23:59 in Paris");
        assertFalse(PARIS.openAt(Instant.parse("2026-12-05T23:00:00Z")), "Sunday 00:00 in Paris");
    }

    @Test
    void aClosedDateIsClosedAllDayInTheQueuesTimeZone() {
        assertFalse(PARIS.openAt(Instant.parse("2026-12-25T10:00:00Z")), "Christmas, a Friday");
        assertTrue(PARIS.openAt(Instant.parse("2026-12-24T10:00:00Z")), "the Thursday before");
        assertFalse(PARIS.openAt(Instant.parse("2026-12-25T23:30:00Z")), "Saturday 26, 00:30 in Paris: before 10:00");
    }

    @Test
    void anOpeningClosesAfterItOpensWithinItsDay() {
        assertThrows(IllegalArgumentException.class, () -> new OpeningHours.Opening(DayOfWeek.MONDAY, 600, 600));
        assertThrows(IllegalArgumentException.class, () -> new OpeningHours.Opening(DayOfWeek.MONDAY, 0, 1441));
    }
}
