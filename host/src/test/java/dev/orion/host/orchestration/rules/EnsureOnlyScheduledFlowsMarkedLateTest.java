package dev.orion.host.orchestration.rules;

import static dev.orion.api.StateType.SCHEDULED;
import static dev.orion.host.orchestration.rules.TransitionSpec.aFlowTransition;
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
        Outcome outcome = RuleHarness.apply(rule, aFlowTransition().from(from).to(State.late(Instant.now())).build());

        assertThat(outcome.status()).isEqualTo(ResultStatus.REJECT);
        assertThat(outcome.state().type()).isEqualTo(from);
        assertThat(outcome.reason()).isEqualTo("Only scheduled flows can be marked late.");
    }

    @Test
    void marksAScheduledRunLate() {
        Outcome outcome = RuleHarness.apply(rule, aFlowTransition().from(SCHEDULED).to(State.late(Instant.now())).build());

        assertThat(outcome.status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(outcome.state().name()).isEqualTo("Late");
    }

    @Test
    void letsOtherScheduledStatesThrough() {
        var spec = aFlowTransition().from(StateType.RUNNING).to(State.awaitingRetry(Instant.now())).build();
        assertThat(RuleHarness.apply(rule, spec).status()).isEqualTo(ResultStatus.ACCEPT);
    }

    @Test
    void abortsMarkingARunWithNoStateLate() {
        var spec = aFlowTransition().fromNoState().to(State.late(Instant.now())).build();
        assertThat(RuleHarness.apply(rule, spec).status()).isEqualTo(ResultStatus.ABORT);
    }
}
