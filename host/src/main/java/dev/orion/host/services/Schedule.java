package dev.orion.host.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orion.host.util.Json;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a deployment's runs are due. Stored as Prefect's schedule JSON:
 * {@code {"cron": "0 * * * *", "timezone": "UTC"}} or {@code {"interval": 3600, "anchor_date": ..., "timezone"}}.
 * Implementations are immutable and thread-safe.
 */
public sealed interface Schedule permits CronSchedule, IntervalSchedule {

    /** The first due time strictly after {@code after}; empty when there is none. */
    Optional<Instant> nextAfter(Instant after);

    /** The schedule as Prefect's JSON. */
    ObjectNode toJson();

    /** Up to {@code max} due times after {@code after} and before {@code until}, but at least {@code min}. */
    default List<Instant> upcoming(Instant after, Instant until, int min, int max) {
        List<Instant> out = new ArrayList<>();
        Instant t = after;
        while (out.size() < max) {
            Optional<Instant> next = nextAfter(t);
            if (next.isEmpty() || (next.get().isAfter(until) && out.size() >= min)) {
                break;
            }
            out.add(next.get());
            t = next.get();
        }
        return out;
    }

    /** Reads Prefect's schedule JSON. */
    static Schedule parse(String json) {
        return parse(Json.read(json, JsonNode.class));
    }

    /** Reads Prefect's schedule JSON. */
    static Schedule parse(JsonNode node) {
        ZoneId zone = zone(node.path("timezone").asText(null));
        if (node.hasNonNull("cron")) {
            return new CronSchedule(node.get("cron").asText(), zone);
        }
        if (node.hasNonNull("interval")) {
            JsonNode anchor = node.get("anchor_date");
            return new IntervalSchedule(Duration.ofMillis(Math.round(node.get("interval").asDouble() * 1000)),
                    anchor == null || anchor.isNull() ? null : OffsetDateTime.parse(anchor.asText()).toInstant(), zone);
        }
        throw new InvalidScheduleException("a schedule needs 'cron' or 'interval', got " + node);
    }

    private static ZoneId zone(String id) {
        try {
            return id == null ? ZoneId.of("UTC") : ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new InvalidScheduleException("unknown time zone '" + id + "'; use a name such as Europe/Paris or UTC");
        }
    }
}
