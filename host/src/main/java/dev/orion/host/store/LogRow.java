package dev.orion.host.store;

import java.time.Instant;
import java.util.UUID;

/**
 * One line of a run's log.
 *
 * @param flowRunId the flow run it belongs to
 * @param taskRunId the task run it belongs to; null for a flow-level line
 * @param level     SLF4J level name: TRACE, DEBUG, INFO, WARN, ERROR
 * @param logger    the logger's name
 * @param message   the text
 * @param timestamp when it was logged
 */
public record LogRow(UUID flowRunId, UUID taskRunId, String level, String logger, String message, Instant timestamp) {
}
