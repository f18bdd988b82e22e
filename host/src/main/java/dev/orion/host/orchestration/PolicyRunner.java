package dev.orion.host.orchestration;

import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.OrchestrationRule;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a policy's rules over one proposal with Prefect 2's nesting: the covering rules enter
 * in order (skipped once an earlier rule changed the transition), the outcome is validated,
 * then they exit in reverse order with {@code afterTransition}, or {@code cleanup} if the
 * transition they saw was changed ("fizzled"). Stateless and thread-safe.
 */
final class PolicyRunner {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyRunner.class);

    private PolicyRunner() {
    }

    static void decide(List<OrchestrationRule> policy, DefaultTransitionContext ctx) {
        State initial = ctx.initialState().orElse(null);
        StateType from = initial == null ? null : initial.type();
        StateType to = ctx.originalProposal().type();
        List<OrchestrationRule> entered = new ArrayList<>();
        for (OrchestrationRule rule : policy) {
            if (!rule.runKinds().contains(ctx.run().kind()) || !rule.covers(from, to)) {
                continue;
            }
            if (!rule.universal() && !ctx.stillIs(from, to)) {
                continue;
            }
            ctx.enter(rule.name());
            entered.add(rule);
            var before = ctx.proposedState().orElse(null);
            try {
                rule.beforeTransition(ctx);
                ctx.trace(rule.name() + ": " + action(ctx, before));
            } catch (RuleAbstainedException e) {
                LOG.warn("rule {} abstained on a transition of run {}: {}", rule.name(), ctx.run().id(), e.getMessage());
                ctx.trace(rule.name() + ": abstained (" + e.getMessage() + ")");
            } catch (Exception | LinkageError e) {
                LOG.warn("rule {} failed before a transition of run {}: {}", rule.name(), ctx.run().id(), e.toString());
                ctx.abort("Aborting orchestration due to error in rule " + rule.name() + ": " + describe(e));
                ctx.trace(rule.name() + ": ERROR " + describe(e));
            }
        }
        ctx.validate();
        for (int i = entered.size() - 1; i >= 0; i--) {
            OrchestrationRule rule = entered.get(i);
            ctx.enter(rule.name());
            try {
                if (rule.universal() || ctx.stillIs(from, to)) {
                    ctx.exited(rule.name(), false);
                    rule.afterTransition(ctx);
                } else {
                    ctx.exited(rule.name(), true);
                    rule.cleanup(ctx);
                }
            } catch (RuntimeException | LinkageError e) {
                // The outcome is decided; a failing observer must not undo it.
                LOG.warn("rule {} failed after a transition of run {}: {}", rule.name(), ctx.run().id(), e.toString());
            }
        }
    }

    /** What a rule's beforeTransition did, judged by the context before and after it. */
    private static String action(DefaultTransitionContext ctx, State before) {
        if (ctx.decidingRule() == null || !ctx.decidingRule().equals(ctx.currentRule())) {
            return before != null && ctx.proposedState().map(p -> !p.name().equals(before.name())).orElse(false)
                    ? "changed the proposed state" : "no objection";
        }
        String what = switch (ctx.status()) {
            case ACCEPT -> "renamed to " + ctx.proposedState().map(State::name).orElse("?");
            case REJECT -> "REJECT" + ctx.proposedState().map(p -> " to " + p.name()).orElse(", keeping the current state");
            case WAIT -> "WAIT " + ctx.delaySeconds() + " s";
            case ABORT -> "ABORT";
        };
        return ctx.reason() == null ? what : what + " (" + ctx.reason() + ")";
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
