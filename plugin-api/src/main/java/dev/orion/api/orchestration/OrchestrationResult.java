package dev.orion.api.orchestration;

import dev.orion.api.State;
import java.util.Objects;

/**
 * The answer to a proposed state.
 *
 * @param status  what was decided
 * @param state   the run's state after the decision (the written state for ACCEPT and REJECT,
 *                the unchanged current state for WAIT and ABORT; null if the run has none)
 * @param details the reason, the rule behind it and, for WAIT, the delay
 */
public record OrchestrationResult(ResultStatus status, State state, ResultDetails details) {

    public OrchestrationResult {
        Objects.requireNonNull(status, "status");
        details = details == null ? ResultDetails.NONE : details;
    }

    public boolean isAccepted() {
        return status == ResultStatus.ACCEPT;
    }
}
