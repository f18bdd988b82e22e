package dev.orion.host.orchestration.rules;

import dev.orion.host.testing.RuleKit;
import dev.orion.host.orchestration.Verdict;
import dev.orion.host.testing.TransitionSpec;
import static dev.orion.api.StateType.PENDING;
import static dev.orion.host.testing.TransitionSpec.aFlowTransition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.State;
import dev.orion.api.orchestration.ResultStatus;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PreventDuplicateTransitionsTest {

    private final PreventDuplicateTransitions rule = new PreventDuplicateTransitions();
    private final UUID id = UUID.randomUUID();

    @Test
    void acceptsStatesWithoutTransitionIds() {
        assertThat(RuleKit.only(rule).decide(aFlowTransition().from(PENDING).to(PENDING).build()).status())
                .isEqualTo(ResultStatus.ACCEPT);
    }

    @Test
    void acceptsAProposalWithoutATransitionId() {
        var spec = aFlowTransition().from(PENDING).withInitialDetails(d -> d.withTransitionId(id)).to(PENDING).build();
        assertThat(RuleKit.only(rule).decide(spec).status()).isEqualTo(ResultStatus.ACCEPT);
    }

    @Test
    void acceptsATransitionIdWhenTheCurrentStateHasNone() {
        var spec = aFlowTransition().from(PENDING).to(State.pending().withTransitionId(id)).build();
        assertThat(RuleKit.only(rule).decide(spec).status()).isEqualTo(ResultStatus.ACCEPT);
    }

    @Test
    void acceptsADifferentTransitionId() {
        var spec = aFlowTransition().from(PENDING).withInitialDetails(d -> d.withTransitionId(id))
                .to(State.pending().withTransitionId(UUID.randomUUID())).build();
        assertThat(RuleKit.only(rule).decide(spec).status()).isEqualTo(ResultStatus.ACCEPT);
    }

    @Test
    void returnsTheCurrentStateForTheSameTransitionId() {
        var spec = aFlowTransition().from(PENDING).withInitialDetails(d -> d.withTransitionId(id))
                .to(State.pending().withTransitionId(id)).build();

        Verdict outcome = RuleKit.only(rule).decide(spec);

        assertThat(outcome.status()).isEqualTo(ResultStatus.REJECT);
        assertThat(outcome.state()).isEqualTo(spec.initial());
        assertThat(outcome.reason()).isEqualTo("This run has already made this state transition.");
    }

    @Test
    void acceptsANewRun() {
        var spec = aFlowTransition().fromNoState().to(State.pending().withTransitionId(id)).build();
        assertThat(RuleKit.only(rule).decide(spec).status()).isEqualTo(ResultStatus.ACCEPT);
    }
}
