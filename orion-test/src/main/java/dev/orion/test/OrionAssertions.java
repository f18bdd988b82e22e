package dev.orion.test;

import dev.orion.host.orchestration.Verdict;

/**
 * AssertJ entry points for what Orion did: {@code assertThat(orion.record(run))} for a flow run
 * and its task runs, {@code assertThat(kit.decide(spec))} for a rule kit decision.
 */
public final class OrionAssertions {

    private OrionAssertions() {
    }

    public static RunRecordAssert assertThat(RunRecord actual) {
        return new RunRecordAssert(actual);
    }

    public static TaskRunAssert assertThat(RunRecord.TaskRun actual) {
        return new TaskRunAssert(actual);
    }

    public static VerdictAssert assertThat(Verdict actual) {
        return new VerdictAssert(actual);
    }
}
