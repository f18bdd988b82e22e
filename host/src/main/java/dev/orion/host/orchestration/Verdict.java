package dev.orion.host.orchestration;

import dev.orion.api.State;
import dev.orion.api.orchestration.ResultStatus;
import dev.orion.api.orchestration.RunInfo;
import java.util.List;

/**
 * What a policy decided about one proposal, decided by {@link PolicyTrial} without storing
 * anything: for the rule test kit and for replaying recorded proposals under another policy.
 *
 * @param status       ACCEPT, REJECT, WAIT or ABORT
 * @param state        the written state (ACCEPT, REJECT with a state) or the unchanged current one
 * @param written      whether a new state would be written
 * @param reason       the deciding rule's reason; null when no rule intervened
 * @param delaySeconds for WAIT, the delay asked for
 * @param rule         the rule that decided (changed or renamed the proposal); null when none did
 * @param run          the run's bookkeeping as the rules left it
 * @param trace        each rule that covered the proposal and what it did, as {@code "Rule: action"}
 * @param after        the rules whose {@code afterTransition} ran, in order
 * @param cleanedUp    the rules whose {@code cleanup} ran (their transition was changed), in order
 */
public record Verdict(ResultStatus status, State state, boolean written, String reason, Double delaySeconds,
                      String rule, RunInfo run, List<String> trace, List<String> after, List<String> cleanedUp) {

    public Verdict {
        trace = List.copyOf(trace);
        after = List.copyOf(after);
        cleanedUp = List.copyOf(cleanedUp);
    }

    /** "REJECT to Scheduled/AwaitingRetry by RetryFailedTasks", for reports and assertion messages. */
    public String summary() {
        String to = state == null ? "no state" : state.type().name() + "/" + state.name();
        return status + (status == ResultStatus.WAIT && delaySeconds != null ? " " + delaySeconds + " s" : " to " + to)
                + (rule == null ? "" : " by " + rule) + (reason == null ? "" : " (" + reason + ")");
    }
}
