package dev.orion.test;

import dev.orion.api.StateType;
import dev.orion.host.store.DecisionRow;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a flow run: its final state, its states, its task runs, decisions and logs. */
public final class RunRecordAssert extends AbstractAssert<RunRecordAssert, RunRecord> {

    RunRecordAssert(RunRecord actual) {
        super(actual, RunRecordAssert.class);
    }

    public RunRecordAssert isCompleted() {
        return endedIn(StateType.COMPLETED);
    }

    public RunRecordAssert isFailed() {
        return endedIn(StateType.FAILED);
    }

    public RunRecordAssert endedIn(StateType type) {
        isNotNull();
        if (actual.finalState().type() != type) {
            failWithMessage("Expected flow run %s to end %s but it ended %s (%s); its states: %s", actual.name(), type,
                    actual.finalState().label(), actual.finalState().message(), actual.stateNames());
        }
        return this;
    }

    /** Its states' names are exactly these, in this order. */
    public RunRecordAssert wentThrough(String... stateNames) {
        isNotNull();
        if (!actual.stateNames().equals(List.of(stateNames))) {
            failWithMessage("Expected flow run %s to go through %s but it went through %s", actual.name(),
                    List.of(stateNames), actual.stateNames());
        }
        return this;
    }

    /** It has this many task runs. */
    public RunRecordAssert hasTaskRuns(int count) {
        isNotNull();
        if (actual.taskRuns().size() != count) {
            failWithMessage("Expected %s task runs but flow run %s has %s: %s", count, actual.name(),
                    actual.taskRuns().size(), actual.taskRuns().stream().map(RunRecord.TaskRun::name).toList());
        }
        return this;
    }

    /** The task run of this task (it must have exactly one), or the task run of this name. */
    public TaskRunAssert taskRun(String taskOrName) {
        isNotNull();
        RunRecord.TaskRun run = actual.taskRun(taskOrName).orElse(null);
        if (run == null) {
            failWithMessage("Expected one task run of '%s' in flow run %s; its task runs: %s", taskOrName, actual.name(),
                    actual.taskRuns().stream().map(RunRecord.TaskRun::name).toList());
        }
        return new TaskRunAssert(run);
    }

    /** Some decision about the run or one of its task runs was made by {@code rule}. */
    public RunRecordAssert hadDecisionBy(String rule) {
        isNotNull();
        if (actual.allDecisions().stream().noneMatch(d -> rule.equals(d.rule()))) {
            failWithMessage("Expected a decision by %s in flow run %s; the deciding rules were %s", rule, actual.name(),
                    actual.allDecisions().stream().map(DecisionRow::rule).filter(Objects::nonNull)
                            .distinct().toList());
        }
        return this;
    }

    /** A log line of the run (or its task runs) contains {@code text}. */
    public RunRecordAssert loggedContaining(String text) {
        isNotNull();
        if (actual.logMessages().stream().noneMatch(m -> m.contains(text))) {
            failWithMessage("Expected a log line containing '%s' in flow run %s; its log: %s", text, actual.name(),
                    actual.logMessages());
        }
        return this;
    }
}
