package dev.orion.plugins.circuitbreaker;

import static dev.orion.api.StateType.CANCELLED;
import static dev.orion.api.StateType.COMPLETED;
import static dev.orion.api.StateType.CRASHED;
import static dev.orion.api.StateType.FAILED;
import static dev.orion.api.StateType.PENDING;
import static dev.orion.api.StateType.SCHEDULED;
import static dev.orion.host.testing.TransitionSpec.aFlowTransition;
import static dev.orion.test.OrionAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.RunKind;
import dev.orion.api.orchestration.ResultStatus;
import dev.orion.host.testing.RuleKit;
import dev.orion.host.testing.TransitionSpec;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The circuit breaker in its place among the core flow rules, decided by the real policy runner. */
class CircuitBreakerRuleTest {

    private final RuleKit kit = RuleKit.withRule(new CircuitBreakerRule(3, Duration.ofMinutes(5)));

    @Test
    void sitsRightAfterPreventDuplicateTransitions() {
        assertThat(kit.ruleNames(RunKind.FLOW)).startsWith("PreventDuplicateTransitions", "CircuitBreaker");
    }

    @Test
    void cancelsANewRunAfterThreeFailuresInARow() {
        var spec = aFlowTransition().inFlow("etl").from(SCHEDULED).to(PENDING).afterFlowRunsEnded(FAILED, CRASHED, FAILED);

        assertThat(kit.decide(spec)).isRejectedTo(CANCELLED).decidedBy("CircuitBreaker")
                .because("Circuit open after 3 consecutive failed runs of flow 'etl'");
    }

    @Test
    void letsARunThroughWhenOneOfTheLastRunsCompleted() {
        var spec = aFlowTransition().from(SCHEDULED).to(PENDING).afterFlowRunsEnded(FAILED, COMPLETED, FAILED);

        assertThat(kit.decide(spec)).isAccepted().decidedByNoRule();
    }

    @Test
    void letsARunThroughWithFewerFailuresThanTheThreshold() {
        var spec = aFlowTransition().from(SCHEDULED).to(PENDING).afterFlowRunsEnded(FAILED, FAILED);

        assertThat(kit.decide(spec)).isAccepted();
    }

    @Test
    void closesOnceTheCoolDownHasPassedSinceTheNewestFailure() {
        var builder = aFlowTransition().from(SCHEDULED).to(PENDING).afterFlowRunsEnded(FAILED, FAILED, FAILED);
        var spec = builder.at(builder.now().plus(Duration.ofMinutes(5)));

        assertThat(kit.decide(spec)).isAccepted().decidedByNoRule();
    }

    @Test
    void leavesTaskRunsAlone() {
        var spec = TransitionSpec.aTaskTransition().from(SCHEDULED).to(PENDING)
                .afterFlowRunsEnded(FAILED, FAILED, FAILED);

        assertThat(kit.decide(spec)).isAccepted();
    }

    @Test
    void anEarlierCoreRuleStillWinsOverTheBreaker() {
        // A duplicate proposal is turned away by PreventDuplicateTransitions before the breaker looks at it.
        var id = UUID.randomUUID();
        var spec = aFlowTransition().from(SCHEDULED).withInitialDetails(d -> d.withTransitionId(id)).to(PENDING)
                .withProposedDetails(d -> d.withTransitionId(id)).afterFlowRunsEnded(FAILED, FAILED, FAILED);

        assertThat(kit.decide(spec)).hasStatus(ResultStatus.REJECT)
                .decidedBy("PreventDuplicateTransitions");
    }
}
