package dev.orion.host.orchestration.rules;

import dev.orion.api.StateType;
import dev.orion.api.orchestration.OrchestrationRule;
import dev.orion.api.orchestration.ResultStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs rules over one proposal the way Prefect 2 nests them, in memory: each rule that covers
 * the intended transition (A→B) enters in order, unless an earlier rule already changed it
 * (universal rules always enter); an exception in {@code beforeTransition} aborts naming the
 * rule; the outcome is written; the entered rules leave in reverse order through
 * {@code afterTransition}, or {@code cleanup} if the transition is no longer A→B.
 */
final class RuleHarness {

    private RuleHarness() {
    }

    static Outcome apply(OrchestrationRule rule, TransitionSpec spec) {
        return apply(List.of(rule), spec);
    }

    static Outcome apply(List<OrchestrationRule> rules, TransitionSpec spec) {
        return apply(rules, spec, FakeOrchestrationData.of(spec));
    }

    static Outcome apply(List<OrchestrationRule> rules, TransitionSpec spec, FakeOrchestrationData data) {
        FakeTransitionContext context = new FakeTransitionContext(spec, data);
        StateType from = spec.fromType();
        StateType to = spec.proposed().type();
        List<OrchestrationRule> entered = new ArrayList<>();
        for (OrchestrationRule rule : rules) {
            if (!rule.runKinds().contains(spec.run().kind()) || !rule.covers(from, to)) {
                continue;
            }
            if (!rule.universal() && !stillIntended(context, from, to)) {
                continue;
            }
            context.enter(rule);
            try {
                rule.beforeTransition(context);
            } catch (Exception e) {
                context.abort("Aborting orchestration due to error in " + rule.name() + ": " + e);
            }
            entered.add(rule);
        }
        context.validate();
        List<String> after = new ArrayList<>();
        List<String> cleanedUp = new ArrayList<>();
        for (int i = entered.size() - 1; i >= 0; i--) {
            OrchestrationRule rule = entered.get(i);
            context.enter(rule);
            if (rule.universal() || stillIntended(context, from, to)) {
                rule.afterTransition(context);
                after.add(rule.name());
            } else {
                rule.cleanup(context);
                cleanedUp.add(rule.name());
            }
        }
        boolean written = context.proposedState().isPresent();
        var state = context.validatedState().orElse(context.initialState().orElse(null));
        ResultStatus status = context.status();
        return new Outcome(status, state, written, context.reason(), context.delaySeconds(),
                context.decidedBy(), context.run(), after, cleanedUp);
    }

    private static boolean stillIntended(FakeTransitionContext context, StateType from, StateType to) {
        return Objects.equals(context.initialType(), from) && Objects.equals(context.proposedType(), to);
    }
}
