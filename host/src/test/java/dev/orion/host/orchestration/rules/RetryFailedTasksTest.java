package dev.orion.host.orchestration.rules;

import dev.orion.host.testing.RuleKit;
import dev.orion.host.orchestration.Verdict;
import dev.orion.host.testing.TransitionSpec;
import static dev.orion.api.StateType.FAILED;
import static dev.orion.api.StateType.RUNNING;
import static dev.orion.api.StateType.SCHEDULED;
import static dev.orion.host.testing.TransitionSpec.aTaskTransition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.orion.api.orchestration.ResultStatus;
import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryFailedTasksTest {

    private final RetryFailedTasks rule = new RetryFailedTasks();

    @Test
    void retriesAPotentialFailure() {
        var spec = aTaskTransition().from(RUNNING).to(FAILED).withRunCount(2).withRetries(2).build();

        Verdict outcome = RuleKit.only(rule).decide(spec);

        assertThat(outcome.status()).isEqualTo(ResultStatus.REJECT);
        assertThat(outcome.state().type()).isEqualTo(SCHEDULED);
        assertThat(outcome.state().name()).isEqualTo("AwaitingRetry");
        assertThat(outcome.state().details().retryAttempt()).isEqualTo(3);
    }

    @Test
    void usesTheConfiguredDelay() {
        var spec = aTaskTransition().from(RUNNING).to(FAILED).withRunCount(2).withRetries(2)
                .withRetryDelays(10.0).build();

        assertThat(scheduledDelay(RuleKit.only(rule).decide(spec), spec)).isCloseTo(10, within(0.01));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void usesTheConfiguredDelayForEachAttempt(int runCount) {
        Double[] delays = {2.0, 3.0, 5.0, 7.0, 11.0};
        var spec = aTaskTransition().from(RUNNING).to(FAILED).withRunCount(runCount).withRetries(5)
                .withRetryDelays(delays).build();

        assertThat(scheduledDelay(RuleKit.only(rule).decide(spec), spec)).isCloseTo(delays[runCount - 1], within(0.01));
    }

    @Test
    void fallsBackToTheLastDelay() {
        var spec = aTaskTransition().from(RUNNING).to(FAILED).withRunCount(6).withRetries(6)
                .withRetryDelays(2.0, 3.0, 5.0, 7.0).build();

        assertThat(scheduledDelay(RuleKit.only(rule).decide(spec), spec)).isCloseTo(7, within(0.01));
    }

    @Test
    void jittersTheDelayByTheJitterFactor() {
        var notRandom = new RetryFailedTasks((delay, factor) -> delay * (1 + factor));
        var spec = aTaskTransition().from(RUNNING).to(FAILED).withRunCount(2).withRetries(2)
                .withRetryDelays(10.0).withRetryJitterFactor(9).build();

        assertThat(scheduledDelay(RuleKit.only(notRandom).decide(spec), spec)).isCloseTo(100, within(0.01));
    }

    @RepeatedTest(20)
    void keepsAJitteredDelayBelowTheUpperClamp() {
        var spec = aTaskTransition().from(RUNNING).to(FAILED).withRunCount(1).withRetries(1)
                .withRetryDelays(10.0).withRetryJitterFactor(0.5).build();

        assertThat(scheduledDelay(RuleKit.only(rule).decide(spec), spec)).isBetween(0.0, 15.01);
    }

    @Test
    void stopsRetryingEventually() {
        var spec = aTaskTransition().from(RUNNING).to(FAILED).withRunCount(3).withRetries(2).build();

        Verdict outcome = RuleKit.only(rule).decide(spec);

        assertThat(outcome.status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(outcome.state().type()).isEqualTo(FAILED);
    }

    @Test
    void doesNotRetryAFailureMarkedNotRetriable() {
        var spec = aTaskTransition().from(RUNNING).to(FAILED).withRunCount(1).withRetries(2)
                .withProposedDetails(d -> d.withRetriable(false)).build();

        assertThat(RuleKit.only(rule).decide(spec).status()).isEqualTo(ResultStatus.ACCEPT);
    }

    @Test
    void acceptsAManualRetryNamedAwaitingRetryEvenWhenNotRetriable() {
        var spec = aTaskTransition().from(RUNNING).to(FAILED).withProposedName("AwaitingRetry")
                .withRunCount(1).withRetries(2).withProposedDetails(d -> d.withRetriable(false)).build();

        assertThat(RuleKit.only(rule).decide(spec).status()).isEqualTo(ResultStatus.ACCEPT);
    }

    private static double scheduledDelay(Verdict outcome, TransitionSpec spec) {
        assertThat(outcome.status()).isEqualTo(ResultStatus.REJECT);
        return Duration.between(spec.now(), outcome.state().details().scheduledTime()).toMillis() / 1000.0;
    }
}
