package dev.orion.host.replay;

import dev.orion.api.State;
import dev.orion.api.orchestration.RunInfo;
import dev.orion.host.store.DecisionRow;
import java.time.Instant;

/**
 * A proposal as the store recorded it, with the context it was decided in rebuilt from the
 * run's history: the run's bookkeeping then, its state then, the proposed state, and what the
 * orchestrator decided.
 *
 * @param run      the run as it stood when the proposal was decided
 * @param initial  its state then; null for a new run
 * @param proposed the proposed state (type and name as recorded; details as far as the history keeps them)
 * @param at       when it was decided
 * @param recorded the recorded decision
 */
public record RecordedProposal(RunInfo run, State initial, State proposed, Instant at, DecisionRow recorded) {
}
