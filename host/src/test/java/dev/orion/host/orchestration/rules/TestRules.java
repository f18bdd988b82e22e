package dev.orion.host.orchestration.rules;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.AbstractOrchestrationRule;
import dev.orion.api.orchestration.OrchestrationRule;
import dev.orion.api.orchestration.TransitionContext;
import java.util.Comparator;
import java.util.Set;

/** Rules that only tests use, to change a transition under the rules being tested. */
final class TestRules {

    private TestRules() {
    }

    /**
     * Rejects every transition to a state of another type than the current and proposed ones
     * (and than {@code alsoAvoid}), keeping the proposal's name: the rules entered before it fizzle.
     */
    static OrchestrationRule fizzling(StateType... alsoAvoid) {
        return new AbstractOrchestrationRule("Fizzling", "", RunKind.BOTH, StateType.ALL, true, StateType.ALL) {
            @Override
            public void beforeTransition(TransitionContext context) {
                State proposed = context.proposedState().orElseThrow();
                StateType initial = context.initialState().map(State::type).orElse(null);
                StateType other = StateType.ALL.stream()
                        .filter(t -> t != initial && t != proposed.type() && !Set.of(alsoAvoid).contains(t))
                        .min(Comparator.naturalOrder()).orElseThrow();
                context.reject(new State(other, proposed.name(), null, proposed.message(), proposed.details(),
                        proposed.resultRef()), "for testing, of course");
            }
        };
    }

    /** Aborts every transition. */
    static OrchestrationRule aborting() {
        return new AbstractOrchestrationRule("Aborting", "", RunKind.BOTH, StateType.ALL, true, StateType.ALL) {
            @Override
            public void beforeTransition(TransitionContext context) {
                context.abort("For testing purposes");
            }
        };
    }
}
