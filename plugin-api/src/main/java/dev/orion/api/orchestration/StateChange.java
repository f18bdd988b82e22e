package dev.orion.api.orchestration;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import java.util.Set;
import java.util.UUID;

/**
 * A state written for a run, as told to {@link StateListener}s.
 *
 * @param runId     the run
 * @param kind      flow run or task run
 * @param runName   the run's name
 * @param flowName  its flow's name
 * @param taskKey   for a task run, its task's key
 * @param flowRunId for a task run, its flow run
 * @param tags      the run's tags
 * @param from      the state before; null for a new run
 * @param to        the state written
 * @param rule      the rule that decided it, if one intervened
 * @param reason    that rule's reason
 */
public record StateChange(UUID runId, RunKind kind, String runName, String flowName, String taskKey, UUID flowRunId,
                          Set<String> tags, State from, State to, String rule, String reason) {
}
