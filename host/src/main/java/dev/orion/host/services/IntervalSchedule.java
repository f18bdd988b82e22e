package dev.orion.host.services;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orion.host.util.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/** Every {@code interval} from an anchor time, as Prefect's {@code IntervalSchedule}. */
public record IntervalSchedule(Duration interval, Instant anchor, ZoneId zone) implements Schedule {

    /** The anchor Prefect uses when none is given. */
    public static final Instant DEFAULT_ANCHOR = Instant.parse("2020-01-01T00:00:00Z");

    public IntervalSchedule {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new InvalidScheduleException("an interval must be positive, got " + interval);
        }
        anchor = anchor == null ? DEFAULT_ANCHOR : anchor;
        zone = zone == null ? ZoneId.of("UTC") : zone;
    }

    @Override
    public Optional<Instant> nextAfter(Instant after) {
        long step = interval.toNanos();
        long since = Duration.between(anchor, after).toNanos();
        long n = since < 0 ? 0 : since / step + 1;
        return Optional.of(anchor.plusNanos(n * step));
    }

    @Override
    public ObjectNode toJson() {
        return Json.MAPPER.createObjectNode().put("interval", interval.toMillis() / 1000.0)
                .put("anchor_date", anchor.toString()).put("timezone", zone.getId());
    }
}
