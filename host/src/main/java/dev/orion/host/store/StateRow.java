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
 * @param rule  the rule that decided this state, when one changed or renamed the proposal
 * @param reason that rule's reason
 */
public record StateRow(UUID id, UUID runId, RunKind kind, State state, String rule, String reason) {
}
