package dev.orion.host.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    @Test
    void aCronScheduleIsDueAtItsNextMatchingMinuteInItsTimeZone() {
        Schedule s = Schedule.parse("{\"cron\": \"0 9 * * *\", \"timezone\": \"Europe/Paris\"}");
        assertThat(s.nextAfter(Instant.parse("2026-01-10T12:00:00Z"))).contains(Instant.parse("2026-01-11T08:00:00Z"));
    }

    @Test
    void anIntervalScheduleCountsFromItsAnchorAndKeepsAtLeastTheMinimumAhead() {
        Schedule s = Schedule.parse("{\"interval\": 600, \"anchor_date\": \"2026-01-01T00:00:00+00:00\"}");
        Instant now = Instant.parse("2026-01-01T00:05:00Z");
        assertThat(s.upcoming(now, now.plusSeconds(60), 3, 100)).containsExactly(
                Instant.parse("2026-01-01T00:10:00Z"), Instant.parse("2026-01-01T00:20:00Z"),
                Instant.parse("2026-01-01T00:30:00Z"));
    }

    @Test
    void refusesABadCronExpressionSayingHowToWriteOne() {
        assertThatThrownBy(() -> Schedule.parse("{\"cron\": \"every day\"}"))
                .isInstanceOf(InvalidScheduleException.class).hasMessageContaining("five fields");
    }
}
