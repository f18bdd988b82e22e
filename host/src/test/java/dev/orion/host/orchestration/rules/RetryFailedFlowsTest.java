package dev.orion.host.orchestration.rules;

import dev.orion.host.testing.RuleKit;
import dev.orion.host.orchestration.Verdict;
import dev.orion.host.testing.TransitionSpec;
import static dev.orion.api.StateType.FAILED;
import static dev.orion.api.StateType.RUNNING;
import static dev.orion.api.StateType.SCHEDULED;
import static dev.orion.host.testing.TransitionSpec.aFlowTransition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.orion.api.State;
import dev.orion.api.orchestration.ResultStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryFailedFlowsTest {

    private final RetryFailedFlows rule = new RetryFailedFlows();

    @Test
    void retriesAFailedFlowRunWithinItsRetries() {
        var spec = aFlowTransition().from(RUNNING).to(State.failed("boom").withResultRef("r1"))
                .withRunCount(1).withRetries(1).build();

        Verdict outcome = RuleKit.only(rule).decide(spec);

        assertThat(outcome.status()).isEqualTo(ResultStatus.REJECT);
        assertThat(outcome.reason()).isEqualTo("Retrying");
        assertThat(outcome.state().type()).isEqualTo(SCHEDULED);
        assertThat(outcome.state().name()).isEqualTo("AwaitingRetry");
        assertThat(outcome.state().message()).isEqualTo("boom");
        assertThat(outcome.state().resultRef()).isEqualTo("r1");
        assertThat(outcome.state().details().retryAttempt()).isEqualTo(2);
    }

    @Test
    void stopsRetryingOnceRetriesAreSpent() {
        var spec = aFlowTransition().from(RUNNING).to(FAILED).withRunCount(2).withRetries(1).build();

        Verdict outcome = RuleKit.only(rule).decide(spec);

        assertThat(outcome.status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(outcome.state().type()).isEqualTo(FAILED);
    }

    @Test
    void doesNotRetryAFlowRunWithoutRetries() {
        var spec = aFlowTransition().from(RUNNING).to(FAILED).withRunCount(1).build();
        assertThat(RuleKit.only(rule).decide(spec).status()).isEqualTo(ResultStatus.ACCEPT);
    }

    @Test
    void schedulesTheRetryAfterTheRetryDelay() {
        var spec = aFlowTransition().from(RUNNING).to(FAILED).withRunCount(1).withRetries(2)
                .withRetryDelays(10.0).build();

        Verdict outcome = RuleKit.only(rule).decide(spec);

        var delay = Duration.between(spec.now(), outcome.state().details().scheduledTime()).toMillis() / 1000.0;
        assertThat(delay).isCloseTo(10, within(0.01));
    }

    @Test
    void usesTheLastDelayForAttemptsBeyondTheList() {
        var spec = aFlowTransition().from(RUNNING).to(FAILED).withRunCount(4).withRetries(5)
                .withRetryDelays(1.0, 2.0).build();

        Verdict outcome = RuleKit.only(rule).decide(spec);

        var delay = Duration.between(spec.now(), outcome.state().details().scheduledTime()).toMillis() / 1000.0;
        assertThat(delay).isCloseTo(2, within(0.01));
    }

    @Test
    void forgetsPausesSoThatTheRetryCanPauseAgain() {
        var spec = aFlowTransition().from(RUNNING).to(FAILED).withRunCount(1).withRetries(1)
                .withPauseKeys("a", "b").resuming().build();

        Verdict outcome = RuleKit.only(rule).decide(spec);

        assertThat(outcome.run().policy().pauseKeys()).isEmpty();
        assertThat(outcome.run().policy().resuming()).isFalse();
    }
}
