package dev.orion.host.services;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orion.host.util.Json;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/** A Unix cron schedule (five fields) in a time zone, as Prefect's {@code CronSchedule}. */
public record CronSchedule(String cron, ZoneId zone) implements Schedule {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    public CronSchedule {
        try {
            PARSER.parse(cron).validate();
        } catch (IllegalArgumentException e) {
            throw new InvalidScheduleException("invalid cron expression '" + cron + "': " + e.getMessage()
                    + "; use five fields, e.g. '*/5 * * * *'");
        }
    }

    @Override
    public Optional<Instant> nextAfter(Instant after) {
        return ExecutionTime.forCron(PARSER.parse(cron)).nextExecution(after.atZone(zone)).map(z -> z.toInstant());
    }

    @Override
    public ObjectNode toJson() {
        return Json.MAPPER.createObjectNode().put("cron", cron).put("timezone", zone.getId()).put("day_or", true);
    }
}
