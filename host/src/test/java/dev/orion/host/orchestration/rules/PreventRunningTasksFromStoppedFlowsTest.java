package dev.orion.host.orchestration.rules;

import dev.orion.host.testing.RuleKit;
import dev.orion.host.orchestration.Verdict;
import dev.orion.host.testing.TransitionSpec;
import static dev.orion.api.StateType.PENDING;
import static dev.orion.api.StateType.RUNNING;
import static dev.orion.host.testing.TransitionSpec.aTaskTransition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.State;
import dev.orion.api.StateDetails;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.ResultStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PreventRunningTasksFromStoppedFlowsTest {

    private final PreventRunningTasksFromStoppedFlows rule = new PreventRunningTasksFromStoppedFlows();

    @Test
    void letsATaskOfARunningFlowRunRun() {
        Verdict outcome = RuleKit.only(rule).decide(aTaskTransition().from(PENDING).to(RUNNING).build());

        assertThat(outcome.status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(outcome.state().type()).isEqualTo(RUNNING);
    }

    @ParameterizedTest
    @EnumSource(value = StateType.class, names = "RUNNING", mode = EnumSource.Mode.EXCLUDE)
    void keepsATaskOfAStoppedFlowRunFromRunning(StateType flowState) {
        var spec = aTaskTransition().from(PENDING).to(RUNNING).inFlowRun(State.of(flowState), 1).build();

        Verdict outcome = RuleKit.only(rule).decide(spec);

        if (flowState == StateType.PAUSED) {
            assertThat(outcome.status()).isEqualTo(ResultStatus.REJECT);
            assertThat(outcome.state().type()).isEqualTo(StateType.PAUSED);
        } else {
            assertThat(outcome.status()).isEqualTo(ResultStatus.ABORT);
            assertThat(outcome.state().type()).isEqualTo(PENDING);
            assertThat(outcome.reason()).isEqualTo("The enclosing flow must be running to begin task execution.");
        }
    }

    @Test
    void pausesATaskOfAPausedFlowRunWithTheFlowsPauseDetailsInANewState() {
        Instant timeout = Instant.now().plusSeconds(300);
        State flowPaused = State.of(StateType.PAUSED).withDetails(StateDetails.EMPTY.withPause(timeout, true, "k"));
        var spec = aTaskTransition().from(PENDING).to(RUNNING).inFlowRun(flowPaused, 1).build();

        Verdict outcome = RuleKit.only(rule).decide(spec);

        assertThat(outcome.state()).isNotSameAs(flowPaused);
        assertThat(outcome.state().name()).isEqualTo("NotReady");
        assertThat(outcome.state().details().pauseTimeout()).isEqualTo(timeout);
        assertThat(outcome.state().details().pauseReschedule()).isTrue();
        assertThat(outcome.reason()).isEqualTo("The flow is paused, new tasks can execute after resuming flow run: "
                + spec.run().flowRun().id() + ".");
    }

    @Test
    void abortsATaskWhoseFlowRunHasNoState() {
        var spec = aTaskTransition().from(PENDING).to(RUNNING).inFlowRun(null, 0).build();
        assertThat(RuleKit.only(rule).decide(spec).status()).isEqualTo(ResultStatus.ABORT);
    }

    @Test
    void letsATaskWithoutAFlowRunRun() {
        var spec = aTaskTransition().from(PENDING).to(RUNNING).withoutFlowRun().build();
        assertThat(RuleKit.only(rule).decide(spec).status()).isEqualTo(ResultStatus.ACCEPT);
    }
}
