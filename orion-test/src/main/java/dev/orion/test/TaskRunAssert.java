package dev.orion.test;

import dev.orion.api.StateType;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/** Assertions on one task run: its state sequence, its final state and the rules that decided. */
public final class TaskRunAssert extends AbstractAssert<TaskRunAssert, RunRecord.TaskRun> {

    TaskRunAssert(RunRecord.TaskRun actual) {
        super(actual, TaskRunAssert.class);
    }

    /** Its states' names are exactly these, in order (e.g. Pending, Running, AwaitingRetry, Retrying, Completed). */
    public TaskRunAssert wentThrough(String... stateNames) {
        isNotNull();
        if (!actual.stateNames().equals(List.of(stateNames))) {
            failWithMessage("Expected task run %s to go through %s but it went through %s", actual.name(),
                    List.of(stateNames), actual.stateNames());
        }
        return this;
    }

    public TaskRunAssert endedIn(StateType type) {
        isNotNull();
        if (actual.finalState().type() != type) {
            failWithMessage("Expected task run %s to end %s but it ended %s; its states: %s", actual.name(), type,
                    actual.finalState().label(), actual.stateNames());
        }
        return this;
    }

    /** The state named {@code stateName} was decided by {@code rule} (it changed or renamed the proposal). */
    public TaskRunAssert enteredBecauseOf(String stateName, String rule) {
        isNotNull();
        boolean found = actual.states().stream()
                .anyMatch(s -> s.state().name().equals(stateName) && rule.equals(s.rule()));
        if (!found) {
            failWithMessage("Expected task run %s to enter %s by rule %s; its states and rules: %s", actual.name(),
                    stateName, rule, actual.states().stream().map(s -> s.state().name() + (s.rule() == null ? ""
                            : " (" + s.rule() + ")")).toList());
        }
        return this;
    }
}
