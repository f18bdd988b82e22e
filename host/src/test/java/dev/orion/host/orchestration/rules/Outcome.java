package dev.orion.host.orchestration.rules;

import dev.orion.api.State;
import dev.orion.api.orchestration.ResultStatus;
import dev.orion.api.orchestration.RunInfo;
import java.util.List;

/**
 * What a policy decided about one proposal, as the rule tests see it.
 *
 * @param status      the decision
 * @param state       the written state (ACCEPT, REJECT) or the unchanged current one (WAIT, ABORT)
 * @param written     whether a new state was written
 * @param reason      the deciding rule's reason
 * @param delaySeconds for WAIT, the delay
 * @param decidedBy   the rule that decided; null when none intervened
 * @param run         the run's bookkeeping afterwards
 * @param after       the rules whose afterTransition ran, in order
 * @param cleanedUp   the rules whose cleanup ran (they fizzled), in order
 */
record Outcome(ResultStatus status, State state, boolean written, String reason, Double delaySeconds,
               String decidedBy, RunInfo run, List<String> after, List<String> cleanedUp) {
}
