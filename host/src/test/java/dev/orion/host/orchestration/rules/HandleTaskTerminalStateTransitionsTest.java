package dev.orion.host.orchestration.rules;

import dev.orion.host.testing.RuleKit;
import dev.orion.host.orchestration.Verdict;
import dev.orion.host.testing.TransitionSpec;
import static dev.orion.api.StateType.COMPLETED;
import static dev.orion.api.StateType.FAILED;
import static dev.orion.api.StateType.RUNNING;
import static dev.orion.host.testing.TransitionSpec.aTaskTransition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.ResultStatus;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HandleTaskTerminalStateTransitionsTest {

    private final HandleTaskTerminalStateTransitions rule = new HandleTaskTerminalStateTransitions();

    static Stream<Arguments> terminalToForbidden() {
        return StateType.TERMINAL.stream().flatMap(from -> Stream.of(StateType.CRASHED, StateType.CANCELLING,
                StateType.PAUSED).map(to -> Arguments.of(from, to)));
    }

    static Stream<Arguments> activeTransitions() {
        return Stream.concat(Stream.of((StateType) null), StateType.ALL.stream())
                .filter(from -> from == null || !from.isTerminal())
                .flatMap(from -> StateType.ALL.stream().map(to -> Arguments.of(from, to)));
    }

    static Stream<StateType> nonFinalExceptCancellingAndPaused() {
        return Stream.of(StateType.SCHEDULED, StateType.PENDING, StateType.RUNNING);
    }

    @ParameterizedTest
    @MethodSource("terminalToForbidden")
    void abortsAFinishedTaskRunBecomingCrashedCancellingOrPaused(StateType from, StateType to) {
        Verdict outcome = RuleKit.only(rule).decide(aTaskTransition().from(from).to(to).build());

        assertThat(outcome.status()).isEqualTo(ResultStatus.ABORT);
        assertThat(outcome.reason()).isEqualTo("Run is already " + from.name() + ".");
    }

    @ParameterizedTest
    @MethodSource("nonFinalExceptCancellingAndPaused")
    void letsACompletedTaskRunWithoutAPersistedResultRunAgain(StateType to) {
        var spec = aTaskTransition().from(COMPLETED).to(to).build();
        assertThat(RuleKit.only(rule).decide(spec).status()).isEqualTo(ResultStatus.ACCEPT);
    }

    @ParameterizedTest
    @MethodSource("nonFinalExceptCancellingAndPaused")
    void keepsACompletedTaskRunWithAPersistedResultCompleted(StateType to) {
        var spec = aTaskTransition().from(COMPLETED).withPersistedResult().to(to).build();

        Verdict outcome = RuleKit.only(rule).decide(spec);

        assertThat(outcome.status()).isEqualTo(ResultStatus.REJECT);
        assertThat(outcome.state()).isEqualTo(spec.initial());
        assertThat(outcome.reason()).isEqualTo("This run is already completed.");
    }

    @ParameterizedTest
    @MethodSource("activeTransitions")
    void leavesTransitionsFromActiveStatesAlone(StateType from, StateType to) {
        assertThat(rule.covers(from, to)).isFalse();
    }

    @Test
    void resetsTheRunCountAndNamesTheRunRetryingWhenItsFlowRunRetries() {
        var spec = aTaskTransition().from(FAILED).to(RUNNING).withRetries(10).withRunCount(2)
                .inFlowRun(State.running(), 4).withFlowRunRunCount(2).build();

        Verdict outcome = RuleKit.only(List.of(rule, new UpdateFlowRunTrackerOnTasks())).decide(spec);

        assertThat(outcome.status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(outcome.run().runCount()).isZero();
        assertThat(outcome.state().name()).isEqualTo("Retrying");
        assertThat(outcome.run().flowRunRunCount()).isEqualTo(4);
    }

    @Test
    void letsATaskRunRunAgainEvenInTheSameFlowRunAttempt() {
        var spec = aTaskTransition().from(FAILED).to(RUNNING).withRetries(10).withRunCount(2)
                .inFlowRun(State.running(), 3).withFlowRunRunCount(3).build();

        Verdict outcome = RuleKit.only(List.of(rule, new UpdateFlowRunTrackerOnTasks())).decide(spec);

        assertThat(outcome.status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(outcome.run().runCount()).isZero();
        assertThat(outcome.state().name()).isEqualTo("Running");
        assertThat(outcome.run().flowRunRunCount()).isEqualTo(3);
    }

    @Test
    void keepsTheRunCountWhenMovingToAnotherFinalState() {
        var spec = aTaskTransition().from(FAILED).to(COMPLETED).withRunCount(2).build();
        assertThat(RuleKit.only(rule).decide(spec).run().runCount()).isEqualTo(2);
    }

    @Test
    void restoresTheRunCountWhenALaterRuleChangesTheTransition() {
        var spec = aTaskTransition().from(FAILED).to(RUNNING).withRetries(10).withRunCount(2)
                .inFlowRun(State.running(), 4).withFlowRunRunCount(2).build();

        Verdict outcome = RuleKit.only(List.of(rule, new UpdateFlowRunTrackerOnTasks(), TestRules.fizzling())).decide(spec);

        assertThat(outcome.status()).isEqualTo(ResultStatus.REJECT);
        assertThat(outcome.run().runCount()).isEqualTo(2);
        assertThat(outcome.state().name()).isEqualTo("Retrying");
        assertThat(outcome.run().flowRunRunCount()).isEqualTo(2);
        assertThat(outcome.cleanedUp()).containsExactly("Fizzling", "UpdateFlowRunTrackerOnTasks", rule.name());
    }
}
