package dev.orion.host.orchestration.rules;

import dev.orion.host.testing.RuleKit;
import dev.orion.host.orchestration.Verdict;
import dev.orion.host.testing.TransitionSpec;
import static dev.orion.api.StateType.CANCELLED;
import static dev.orion.host.testing.TransitionSpec.aFlowTransition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.StateType;
import dev.orion.api.orchestration.ResultStatus;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class EnforceCancellingToCancelledTransitionTest {

    private final EnforceCancellingToCancelledTransition rule = new EnforceCancellingToCancelledTransition();

    static Stream<Arguments> cancellingToAnythingButCancelled() {
        return Stream.of(StateType.CANCELLING, StateType.CANCELLED).flatMap(from -> StateType.ALL.stream()
                .filter(to -> to != CANCELLED).map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest
    @MethodSource("cancellingToAnythingButCancelled")
    void keepsACancellingRunWhereItIsUnlessItBecomesCancelled(StateType from, StateType to) {
        Verdict outcome = RuleKit.only(rule).decide(aFlowTransition().from(from).to(to).build());

        assertThat(outcome.status()).isEqualTo(ResultStatus.REJECT);
        assertThat(outcome.state().type()).isEqualTo(from);
        assertThat(outcome.reason())
                .isEqualTo("Cannot transition flows that are cancelling to a state other than Cancelled.");
    }

    @ParameterizedTest
    @EnumSource(value = StateType.class, names = {"CANCELLING", "CANCELLED"})
    void letsACancellingRunBecomeCancelled(StateType from) {
        assertThat(RuleKit.only(rule).decide(aFlowTransition().from(from).to(CANCELLED).build()).status())
                .isEqualTo(ResultStatus.ACCEPT);
    }
}
