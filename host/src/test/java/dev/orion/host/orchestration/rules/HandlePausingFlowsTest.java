package dev.orion.host.orchestration.rules;

import dev.orion.host.testing.RuleKit;
import dev.orion.host.orchestration.Verdict;
import dev.orion.host.testing.TransitionSpec;
import static dev.orion.api.StateType.PAUSED;
import static dev.orion.api.StateType.RUNNING;
import static dev.orion.host.orchestration.rules.CorePolicyCases.pausedWithKey;
import static dev.orion.host.testing.TransitionSpec.aFlowTransition;
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

        Verdict outcome = RuleKit.only(rule).decide(spec);

        assertThat(outcome.status()).isEqualTo(ResultStatus.ABORT);
        assertThat(outcome.reason()).isEqualTo("Cannot pause subflows.");
    }

    @Test
    void cannotSuspendAFlowRunWithoutADeployment() {
        var spec = aFlowTransition().from(RUNNING).to(pausedWithKey("k", true)).build();

        assertThat(RuleKit.only(rule).decide(spec).status()).isEqualTo(ResultStatus.ABORT);
    }

    @Test
    void suspendsADeployedFlowRun() {
        var spec = aFlowTransition().from(RUNNING).to(pausedWithKey("k", true)).withDeployment().build();

        assertThat(RuleKit.only(rule).decide(spec).status()).isEqualTo(ResultStatus.ACCEPT);
    }

    @Test
    void speaksOfSuspendingForASuspendedState() {
        var spec = aFlowTransition().from(RUNNING).to(pausedWithKey("k", true).withName("Suspended")).build();

        assertThat(RuleKit.only(rule).decide(spec).reason()).isEqualTo("Cannot suspend flows without a deployment.");
    }

    @Test
    void recordsThePauseKey() {
        Verdict outcome = RuleKit.only(rule).decide(aFlowTransition().from(RUNNING).to(pausedWithKey("hello", false)).build());

        assertThat(outcome.status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(outcome.run().policy().pauseKeys()).containsExactly("hello");
    }

    @Test
    void recordsARandomKeyForAPauseWithoutOne() {
        var spec = aFlowTransition().from(RUNNING).to(State.paused(null)).build();

        Verdict outcome = RuleKit.only(rule).decide(spec);

        assertThat(outcome.status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(outcome.run().policy().pauseKeys()).hasSize(1);
    }

    @Test
    void pausesAtAPausePointOnlyOnce() {
        var first = aFlowTransition().from(RUNNING).to(pausedWithKey("hello", false)).build();
        Verdict outcome = RuleKit.only(rule).decide(first);

        var again = new TransitionSpec(outcome.run(), first.initial(), first.proposed(), first.now(), List.of(), List.of(), List.of());
        Verdict repeat = RuleKit.only(rule).decide(again);

        assertThat(repeat.status()).isEqualTo(ResultStatus.REJECT);
        assertThat(repeat.state().type()).isEqualTo(RUNNING);
        assertThat(repeat.reason()).isEqualTo("This pause has already fired.");
    }

    @Test
    void recordsNoKeyWhenALaterRuleChangesTheTransition() {
        var spec = aFlowTransition().from(RUNNING).to(pausedWithKey("hello", false)).build();

        Verdict outcome = RuleKit.only(List.of(rule, TestRules.aborting())).decide(spec);

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

        Verdict outcome = RuleKit.only(rule).decide(spec);

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
