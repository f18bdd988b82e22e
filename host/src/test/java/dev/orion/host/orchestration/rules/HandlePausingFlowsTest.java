package dev.orion.host.orchestration.rules;

import static dev.orion.api.StateType.PAUSED;
import static dev.orion.api.StateType.RUNNING;
import static dev.orion.host.orchestration.rules.CorePolicyCases.pausedWithKey;
import static dev.orion.host.orchestration.rules.TransitionSpec.aFlowTransition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.ResultStatus;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HandlePausingFlowsTest {

    private final HandlePausingFlows rule = new HandlePausingFlows();

    @Test
    void cannotSuspendASubflow() {
        var spec = aFlowTransition().from(RUNNING).to(pausedWithKey("k", true)).asSubflow().withDeployment().build();

        Outcome outcome = RuleHarness.apply(rule, spec);

        assertThat(outcome.status()).isEqualTo(ResultStatus.ABORT);
        assertThat(outcome.reason()).isEqualTo("Cannot pause subflows.");
    }

    @Test
    void cannotSuspendAFlowRunWithoutADeployment() {
        var spec = aFlowTransition().from(RUNNING).to(pausedWithKey("k", true)).build();

        assertThat(RuleHarness.apply(rule, spec).status()).isEqualTo(ResultStatus.ABORT);
    }

    @Test
    void suspendsADeployedFlowRun() {
        var spec = aFlowTransition().from(RUNNING).to(pausedWithKey("k", true)).withDeployment().build();

        assertThat(RuleHarness.apply(rule, spec).status()).isEqualTo(ResultStatus.ACCEPT);
    }

    @Test
    void speaksOfSuspendingForASuspendedState() {
        var spec = aFlowTransition().from(RUNNING).to(pausedWithKey("k", true).withName("Suspended")).build();

        assertThat(RuleHarness.apply(rule, spec).reason()).isEqualTo("Cannot suspend flows without a deployment.");
    }

    @Test
    void recordsThePauseKey() {
        Outcome outcome = RuleHarness.apply(rule, aFlowTransition().from(RUNNING).to(pausedWithKey("hello", false)).build());

        assertThat(outcome.status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(outcome.run().policy().pauseKeys()).containsExactly("hello");
    }

    @Test
    void recordsARandomKeyForAPauseWithoutOne() {
        var spec = aFlowTransition().from(RUNNING).to(State.paused(null)).build();

        Outcome outcome = RuleHarness.apply(rule, spec);

        assertThat(outcome.status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(outcome.run().policy().pauseKeys()).hasSize(1);
    }

    @Test
    void pausesAtAPausePointOnlyOnce() {
        var first = aFlowTransition().from(RUNNING).to(pausedWithKey("hello", false)).build();
        Outcome outcome = RuleHarness.apply(rule, first);

        var again = new TransitionSpec(outcome.run(), first.initial(), first.proposed(), first.now(), List.of(), List.of());
        Outcome repeat = RuleHarness.apply(rule, again);

        assertThat(repeat.status()).isEqualTo(ResultStatus.REJECT);
        assertThat(repeat.state().type()).isEqualTo(RUNNING);
        assertThat(repeat.reason()).isEqualTo("This pause has already fired.");
    }

    @Test
    void recordsNoKeyWhenALaterRuleChangesTheTransition() {
        var spec = aFlowTransition().from(RUNNING).to(pausedWithKey("hello", false)).build();

        Outcome outcome = RuleHarness.apply(List.of(rule, TestRules.aborting()), spec);

        assertThat(outcome.run().policy().pauseKeys()).isEmpty();
    }

    static Stream<StateType> everyStartIncludingNone() {
        return Stream.concat(Stream.of((StateType) null), StateType.ALL.stream().sorted());
    }

    @ParameterizedTest
    @MethodSource("everyStartIncludingNone")
    void pausesOnlyARunningFlowRun(StateType from) {
        var builder = aFlowTransition().to(PAUSED).withDeployment();
        var spec = (from == null ? builder.fromNoState() : builder.from(from)).build();

        Outcome outcome = RuleHarness.apply(rule, spec);

        if (from == null) {
            assertThat(outcome.status()).isEqualTo(ResultStatus.ABORT);
            assertThat(outcome.reason()).isEqualTo("Cannot pause flows with no state.");
        } else if (from == RUNNING) {
            assertThat(outcome.status()).isEqualTo(ResultStatus.ACCEPT);
        } else {
            assertThat(outcome.status()).isEqualTo(ResultStatus.REJECT);
            assertThat(outcome.state().type()).isEqualTo(from);
            assertThat(outcome.reason()).isEqualTo("Cannot pause flows that are not currently running.");
        }
    }
}
