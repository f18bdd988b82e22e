package dev.orion.api.orchestration;

import dev.orion.api.State;
import java.util.UUID;

/**
 * The flow run a task run belongs to, as it stands when the task run's transition is decided.
 *
 * @param id       the flow run's id
 * @param state    its current state; null if it has none yet
 * @param runCount how many times it has entered Running
 */
public record FlowRunSnapshot(UUID id, State state, int runCount) {
}
