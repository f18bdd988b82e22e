package dev.orion.host.orchestration.rules;

import dev.orion.host.testing.RuleKit;
import dev.orion.host.orchestration.Verdict;
import dev.orion.host.testing.TransitionSpec;
import static dev.orion.api.StateType.PENDING;
import static dev.orion.host.testing.TransitionSpec.aFlowTransition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.StateType;
import dev.orion.api.orchestration.ResultStatus;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class PreventPendingTransitionsTest {

    private static final Set<StateType> BANNED =
            Set.of(StateType.CANCELLING, StateType.CANCELLED, StateType.RUNNING, StateType.PENDING);

    private final PreventPendingTransitions rule = new PreventPendingTransitions();

    @ParameterizedTest
    @EnumSource(value = StateType.class, names = {"CANCELLING", "CANCELLED", "RUNNING", "PENDING"})
    void abortsAMoveToPendingFromAnActiveOrCancelledState(StateType from) {
        Verdict outcome = RuleKit.only(rule).decide(aFlowTransition().from(from).to(PENDING).build());

        assertThat(outcome.status()).isEqualTo(ResultStatus.ABORT);
        assertThat(outcome.reason())
                .isEqualTo("This run is in a " + from.name() + " state and cannot transition to a PENDING state.");
    }

    static Stream<Arguments> allowedTransitions() {
        return StateType.ALL.stream().flatMap(from -> StateType.ALL.stream().map(to -> Arguments.of(from, to)))
                .filter(a -> !(BANNED.contains((StateType) a.get()[0]) && a.get()[1] == PENDING));
    }

    @ParameterizedTest
    @MethodSource("allowedTransitions")
    void acceptsEveryOtherTransition(StateType from, StateType to) {
        Verdict outcome = RuleKit.only(rule).decide(aFlowTransition().from(from).to(to).build());
        assertThat(outcome.status()).isEqualTo(ResultStatus.ACCEPT);
    }

    @Test
    void acceptsANewRunStartingAsPending() {
        assertThat(RuleKit.only(rule).decide(aFlowTransition().fromNoState().to(PENDING).build()).status())
                .isEqualTo(ResultStatus.ACCEPT);
    }
}
