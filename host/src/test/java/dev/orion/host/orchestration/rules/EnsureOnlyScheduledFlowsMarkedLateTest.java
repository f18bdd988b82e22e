package dev.orion.host.orchestration.rules;

import dev.orion.host.testing.RuleKit;
import dev.orion.host.orchestration.Verdict;
import dev.orion.host.testing.TransitionSpec;
import static dev.orion.api.StateType.SCHEDULED;
import static dev.orion.host.testing.TransitionSpec.aFlowTransition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.ResultStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EnsureOnlyScheduledFlowsMarkedLateTest {

    private final EnsureOnlyScheduledFlowsMarkedLate rule = new EnsureOnlyScheduledFlowsMarkedLate();

    @ParameterizedTest
    @EnumSource(value = StateType.class, names = {"RUNNING", "PENDING", "COMPLETED", "FAILED", "CANCELLING"})
    void refusesToMarkARunThatIsNotScheduledLate(StateType from) {
        Verdict outcome = RuleKit.only(rule).decide(aFlowTransition().from(from).to(State.late(Instant.now())).build());

        assertThat(outcome.status()).isEqualTo(ResultStatus.REJECT);
        assertThat(outcome.state().type()).isEqualTo(from);
        assertThat(outcome.reason()).isEqualTo("Only scheduled flows can be marked late.");
    }

    @Test
    void marksAScheduledRunLate() {
        Verdict outcome = RuleKit.only(rule).decide(aFlowTransition().from(SCHEDULED).to(State.late(Instant.now())).build());

        assertThat(outcome.status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(outcome.state().name()).isEqualTo("Late");
    }

    @Test
    void letsOtherScheduledStatesThrough() {
        var spec = aFlowTransition().from(StateType.RUNNING).to(State.awaitingRetry(Instant.now())).build();
        assertThat(RuleKit.only(rule).decide(spec).status()).isEqualTo(ResultStatus.ACCEPT);
    }

    @Test
    void abortsMarkingARunWithNoStateLate() {
        var spec = aFlowTransition().fromNoState().to(State.late(Instant.now())).build();
        assertThat(RuleKit.only(rule).decide(spec).status()).isEqualTo(ResultStatus.ABORT);
    }
}
