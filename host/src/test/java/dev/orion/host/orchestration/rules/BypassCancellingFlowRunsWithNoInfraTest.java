package dev.orion.host.orchestration.rules;

import dev.orion.host.testing.RuleKit;
import dev.orion.host.orchestration.Verdict;
import dev.orion.host.testing.TransitionSpec;
import static dev.orion.api.StateType.CANCELLED;
import static dev.orion.api.StateType.CANCELLING;
import static dev.orion.api.StateType.PAUSED;
import static dev.orion.api.StateType.SCHEDULED;
import static dev.orion.host.testing.TransitionSpec.aFlowTransition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.StateType;
import dev.orion.api.orchestration.ResultStatus;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BypassCancellingFlowRunsWithNoInfraTest {

    private final BypassCancellingFlowRunsWithNoInfra rule = new BypassCancellingFlowRunsWithNoInfra();

    @Test
    void cancelsAScheduledRunWithoutInfrastructureAtOnce() {
        Verdict outcome = RuleKit.only(rule).decide(aFlowTransition().from(SCHEDULED).to(CANCELLING).build());

        assertThat(outcome.status()).isEqualTo(ResultStatus.REJECT);
        assertThat(outcome.state().type()).isEqualTo(CANCELLED);
        assertThat(outcome.reason()).isEqualTo("Scheduled flow run has no infrastructure to terminate.");
    }

    @Test
    void cancelsASuspendedRunAtOnce() {
        var spec = aFlowTransition().from(PAUSED).withInitialDetails(d -> d.withPause(null, true, null))
                .to(CANCELLING).build();

        Verdict outcome = RuleKit.only(rule).decide(spec);

        assertThat(outcome.status()).isEqualTo(ResultStatus.REJECT);
        assertThat(outcome.state().type()).isEqualTo(CANCELLED);
        assertThat(outcome.reason()).isEqualTo("Suspended flow run has no infrastructure to terminate.");
    }

    @Test
    void cancelsAResumingRunAtOnceEvenWithInfrastructure() {
        var spec = aFlowTransition().from(SCHEDULED).withInitialName("Resuming").to(CANCELLING)
                .withInfrastructurePid("my-pid-42").build();

        assertThat(RuleKit.only(rule).decide(spec).state().type()).isEqualTo(CANCELLED);
    }

    @Test
    void cancelsAScheduledRunWithInfrastructureThroughCancelling() {
        var spec = aFlowTransition().from(SCHEDULED).to(CANCELLING).withInfrastructurePid("my-pid-42").build();

        Verdict outcome = RuleKit.only(rule).decide(spec);

        assertThat(outcome.status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(outcome.state().type()).isEqualTo(CANCELLING);
    }

    @Test
    void cancelsAPausedRunThatKeptItsInfrastructureThroughCancelling() {
        Verdict outcome = RuleKit.only(rule).decide(aFlowTransition().from(PAUSED).to(CANCELLING).build());

        assertThat(outcome.status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(outcome.state().type()).isEqualTo(CANCELLING);
    }

    static Stream<StateType> otherStarts() {
        return Stream.concat(Stream.of((StateType) null),
                StateType.ALL.stream().filter(t -> t != SCHEDULED && t != PAUSED).sorted());
    }

    @ParameterizedTest
    @MethodSource("otherStarts")
    void leavesEveryOtherMoveToCancellingAlone(StateType from) {
        var builder = aFlowTransition().to(CANCELLING);
        var spec = (from == null ? builder.fromNoState() : builder.from(from)).build();

        Verdict outcome = RuleKit.only(rule).decide(spec);

        assertThat(outcome.status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(outcome.state().type()).isEqualTo(CANCELLING);
    }
}
