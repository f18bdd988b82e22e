package dev.orion.host.store;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import java.util.UUID;

/**
 * One state in a run's history.
 *
 * @param id    the state's id
 * @param runId the run it belongs to
 * @param kind  flow run or task run
 * @param state the state
 */
public record StateRow(UUID id, UUID runId, RunKind kind, State state) {
}
