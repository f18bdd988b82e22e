package dev.orion.host.orchestration.rules;

import dev.orion.host.testing.RuleKit;
import dev.orion.host.orchestration.Verdict;
import dev.orion.host.testing.TransitionSpec;
import static dev.orion.api.StateType.FAILED;
import static dev.orion.api.StateType.PAUSED;
import static dev.orion.api.StateType.RUNNING;
import static dev.orion.host.orchestration.rules.CorePolicyCases.pausedUntil;
import static dev.orion.host.testing.TransitionSpec.aFlowTransition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.StateType;
import dev.orion.api.orchestration.ResultStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HandleResumingPausedFlowsTest {

    private static final Set<StateType> PERMITTED = Set.of(StateType.RUNNING, StateType.COMPLETED,
            StateType.SCHEDULED, StateType.FAILED, StateType.CRASHED, StateType.CANCELLED);

    private final HandleResumingPausedFlows rule = new HandleResumingPausedFlows();
    private final Instant inFiveMinutes = Instant.now().plus(Duration.ofMinutes(5));

    @Test
    void cannotResumeASuspendedRunWithoutADeployment() {
        var spec = aFlowTransition().from(pausedUntil(inFiveMinutes, true)).to(RUNNING).build();

        Verdict outcome = RuleKit.only(rule).decide(spec);

        assertThat(outcome.status()).isEqualTo(ResultStatus.REJECT);
        assertThat(outcome.state().type()).isEqualTo(PAUSED);
        assertThat(outcome.reason()).isEqualTo("Cannot reschedule a running flow run without a deployment.");
    }

    @Test
    void resumesAPausedRunWithoutADeployment() {
        var spec = aFlowTransition().from(pausedUntil(inFiveMinutes, false)).to(RUNNING).build();

        assertThat(RuleKit.only(rule).decide(spec).status()).isEqualTo(ResultStatus.ACCEPT);
    }

    @ParameterizedTest
    @EnumSource(StateType.class)
    void letsAPausedRunMoveOnlyToRunningScheduledOrAFinalState(StateType to) {
        var spec = aFlowTransition().from(PAUSED).to(to).withDeployment().build();

        Verdict outcome = RuleKit.only(rule).decide(spec);

        if (PERMITTED.contains(to)) {
            assertThat(outcome.status()).isEqualTo(ResultStatus.ACCEPT);
        } else {
            assertThat(outcome.status()).isEqualTo(ResultStatus.REJECT);
            assertThat(outcome.state().type()).isEqualTo(PAUSED);
        }
    }

    @Test
    void failsARunWhosePauseTimedOut() {
        var spec = aFlowTransition().from(pausedUntil(Instant.now().minus(Duration.ofMinutes(5)), false)).to(RUNNING)
                .withDeployment().build();

        Verdict outcome = RuleKit.only(rule).decide(spec);

        assertThat(outcome.status()).isEqualTo(ResultStatus.REJECT);
        assertThat(outcome.state().type()).isEqualTo(FAILED);
        assertThat(outcome.state().message()).isEqualTo("The flow was running and never resumed.");
        assertThat(outcome.reason()).isEqualTo("The flow run pause has timed out and can no longer resume.");
    }

    @Test
    void marksTheRunAsResumingOnceItLeavesPaused() {
        var spec = aFlowTransition().from(pausedUntil(inFiveMinutes, false)).to(RUNNING).withDeployment().build();

        Verdict outcome = RuleKit.only(rule).decide(spec);

        assertThat(outcome.status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(outcome.run().policy().resuming()).isTrue();
    }
}
