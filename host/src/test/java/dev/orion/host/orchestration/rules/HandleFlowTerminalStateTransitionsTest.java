package dev.orion.host.orchestration.rules;

import dev.orion.host.testing.RuleKit;
import dev.orion.host.orchestration.Verdict;
import dev.orion.host.testing.TransitionSpec;
import static dev.orion.api.StateType.COMPLETED;
import static dev.orion.api.StateType.FAILED;
import static dev.orion.api.StateType.SCHEDULED;
import static dev.orion.host.testing.TransitionSpec.aFlowTransition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.ResultStatus;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HandleFlowTerminalStateTransitionsTest {

    private final HandleFlowTerminalStateTransitions rule = new HandleFlowTerminalStateTransitions();

    static Stream<Arguments> terminalToForbidden() {
        return HandleTaskTerminalStateTransitionsTest.terminalToForbidden();
    }

    static Stream<StateType> nonFinalExceptCancellingAndPaused() {
        return Stream.of(StateType.PENDING, StateType.RUNNING);
    }

    @ParameterizedTest
    @MethodSource("terminalToForbidden")
    void abortsAFinishedFlowRunBecomingCrashedCancellingOrPaused(StateType from, StateType to) {
        Verdict outcome = RuleKit.only(rule).decide(aFlowTransition().from(from).to(to).build());

        assertThat(outcome.status()).isEqualTo(ResultStatus.ABORT);
        assertThat(outcome.reason()).isEqualTo("Run is already in terminal state " + from.name() + ".");
    }

    @ParameterizedTest
    @MethodSource("nonFinalExceptCancellingAndPaused")
    void letsACompletedFlowRunWithoutAPersistedResultRunAgain(StateType to) {
        assertThat(RuleKit.only(rule).decide(aFlowTransition().from(COMPLETED).to(to).build()).status())
                .isEqualTo(ResultStatus.ACCEPT);
    }

    @ParameterizedTest
    @MethodSource("nonFinalExceptCancellingAndPaused")
    void keepsACompletedFlowRunWithAPersistedResultCompleted(StateType to) {
        Verdict outcome = RuleKit.only(rule).decide(aFlowTransition().from(COMPLETED).withPersistedResult().to(to).build());

        assertThat(outcome.status()).isEqualTo(ResultStatus.REJECT);
        assertThat(outcome.state().type()).isEqualTo(COMPLETED);
        assertThat(outcome.reason()).isEqualTo("Run is already COMPLETED.");
    }

    @Test
    void letsAManualRetryWithAnyStateNameThroughWithADeployment() {
        var spec = aFlowTransition().from(FAILED).to(State.scheduled(Instant.now()).withName("FooBar"))
                .withRunCount(2).withRetries(1).withDeployment().build();

        Verdict outcome = RuleKit.only(rule).decide(spec);

        assertThat(outcome.status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(outcome.run().runCount()).isEqualTo(2);
    }

    @Test
    void refusesAManualRetryWithoutADeployment() {
        var spec = aFlowTransition().from(FAILED).to(State.awaitingRetry(Instant.now()))
                .withRunCount(2).withRetries(1).build();

        Verdict outcome = RuleKit.only(rule).decide(spec);

        assertThat(outcome.status()).isEqualTo(ResultStatus.ABORT);
        assertThat(outcome.run().runCount()).isEqualTo(2);
    }

    @Test
    void letsAManualRetryThroughEvenBeyondTheRetries() {
        var spec = aFlowTransition().from(FAILED).to(State.awaitingRetry(Instant.now()))
                .withRunCount(3).withRetries(1).withDeployment().build();

        assertThat(RuleKit.only(rule).decide(spec).status()).isEqualTo(ResultStatus.ACCEPT);
    }

    @Test
    void forgetsPausesWhenLeavingAFinalState() {
        var spec = aFlowTransition().from(FAILED).to(SCHEDULED).withDeployment().withPauseKeys("k").resuming().build();

        Verdict outcome = RuleKit.only(rule).decide(spec);

        assertThat(outcome.run().policy().pauseKeys()).isEmpty();
        assertThat(outcome.run().policy().resuming()).isFalse();
    }

    @Test
    void restoresThePausesWhenALaterRuleChangesTheTransition() {
        var spec = aFlowTransition().from(FAILED).to(SCHEDULED).withDeployment().withPauseKeys("k").build();

        Verdict outcome = RuleKit.only(List.of(rule, TestRules.fizzling())).decide(spec);

        assertThat(outcome.run().policy().pauseKeys()).containsExactly("k");
        assertThat(outcome.cleanedUp()).containsExactly("Fizzling", rule.name());
    }
}
