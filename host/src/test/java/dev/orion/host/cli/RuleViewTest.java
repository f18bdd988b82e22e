package dev.orion.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.AbstractOrchestrationRule;
import dev.orion.api.orchestration.OrchestrationRule;
import dev.orion.api.orchestration.TransitionContext;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleViewTest {

    @Test
    void listsStateTypesInTheirNaturalOrderWithNoneFirst() {
        RuleView view = RuleView.of(rule(Set.of(StateType.RUNNING, StateType.SCHEDULED), true,
                Set.of(StateType.FAILED, StateType.COMPLETED)), "core");

        assertThat(view.from()).containsExactly("NONE", "SCHEDULED", "RUNNING");
        assertThat(view.to()).containsExactly("COMPLETED", "FAILED");
        assertThat(view.source()).isEqualTo("core");
    }

    @Test
    void aUniversalRuleCoversAnyTransition() {
        OrchestrationRule universal = new TestRule(Set.of(), false, Set.of()) {
            @Override
            public boolean universal() {
                return true;
            }
        };

        RuleView view = RuleView.of(universal, "core");

        assertThat(view.from()).containsExactly("ANY");
        assertThat(view.to()).containsExactly("ANY");
        assertThat(RuleView.brief(view.from())).isEqualTo("ANY");
    }

    @Test
    void briefShortensWholeAndNearlyWholeSetsOfStates() {
        assertThat(RuleView.brief(RuleView.of(rule(StateType.ALL, true, StateType.ALL), "core").from()))
                .isEqualTo("NONE,ALL");
        assertThat(RuleView.brief(List.of("COMPLETED", "FAILED", "CANCELLED", "CRASHED"))).isEqualTo("TERMINAL");
        assertThat(RuleView.brief(RuleView.of(rule(Set.of(StateType.RUNNING), false,
                StateType.allExcept(StateType.CANCELLED)), "core").to())).isEqualTo("ALL but CANCELLED");
        assertThat(RuleView.brief(List.of("SCHEDULED", "PENDING"))).isEqualTo("SCHEDULED,PENDING");
    }

    private static OrchestrationRule rule(Set<StateType> from, boolean fromNoState, Set<StateType> to) {
        return new TestRule(from, fromNoState, to);
    }

    private static class TestRule extends AbstractOrchestrationRule {
        TestRule(Set<StateType> from, boolean fromNoState, Set<StateType> to) {
            super("TestRule", "A rule for tests.", Set.of(RunKind.TASK), from, fromNoState, to);
        }

        @Override
        public void beforeTransition(TransitionContext context) {
        }
    }
}
