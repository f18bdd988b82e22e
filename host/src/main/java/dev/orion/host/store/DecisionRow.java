package dev.orion.host.store;

import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.ResultStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One entry of the decision log: what was proposed for a run, what the orchestrator decided,
 * and which rule decided it and why.
 *
 * @param id            the entry's id
 * @param runId         the run
 * @param kind          flow run or task run
 * @param fromType      the run's state type before; null for a new run
 * @param fromName      the run's state name before; null for a new run
 * @param proposedType  the proposed state type
 * @param proposedName  the proposed state name
 * @param status        ACCEPT, REJECT, WAIT or ABORT
 * @param resultType    the state type after; null when the run has none
 * @param resultName    the state name after
 * @param rule          the rule that decided (changed the outcome or renamed); null when none did
 * @param reason        the rule's reason
 * @param delaySeconds  for WAIT: the delay asked for
 * @param forced        whether the proposal was forced (minimal policy)
 * @param timestamp     when it was decided
 * @param trace         each rule that covered the proposal and what it did, in policy order,
 *                      as {@code "Rule: action"} (e.g. {@code "RetryFailedTasks: REJECT Retrying"})
 */
public record DecisionRow(
        UUID id,
        UUID runId,
        RunKind kind,
        StateType fromType,
        String fromName,
        StateType proposedType,
        String proposedName,
        ResultStatus status,
        StateType resultType,
        String resultName,
        String rule,
        String reason,
        Double delaySeconds,
        boolean forced,
        Instant timestamp,
        List<String> trace) {

    public DecisionRow {
        trace = trace == null ? List.of() : List.copyOf(trace);
    }
}
