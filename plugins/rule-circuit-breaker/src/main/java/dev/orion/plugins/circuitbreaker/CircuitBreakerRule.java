package dev.orion.plugins.circuitbreaker;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.AbstractOrchestrationRule;
import dev.orion.api.orchestration.RulePosition;
import dev.orion.api.orchestration.TransitionContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.pf4j.Extension;

/**
 * A circuit breaker for flows: once the last {@code K} finished runs of a flow all failed
 * (Failed or Crashed), a new run of that flow is rejected to Cancelled, with the reason, until
 * the cool-down has passed since the newest failure. Then runs are let through again, and
 * one success closes the circuit.
 *
 * <p>Settings, from system properties or environment variables:
 * {@code orion.circuitBreaker.failures} / {@code ORION_CIRCUIT_BREAKER_FAILURES} (K, default 3) and
 * {@code orion.circuitBreaker.coolDown} / {@code ORION_CIRCUIT_BREAKER_COOLDOWN} (an ISO-8601
 * duration such as {@code PT5M}, or seconds; default 5 minutes). Thread-safe.
 */
@Extension
public class CircuitBreakerRule extends AbstractOrchestrationRule {

    private final int failures;
    private final Duration coolDown;

    public CircuitBreakerRule() {
        this(Settings.failures(), Settings.coolDown());
    }

    CircuitBreakerRule(int failures, Duration coolDown) {
        super("CircuitBreaker", "Cancels new runs of a flow whose last runs all failed, until a cool-down passes",
                Set.of(RunKind.FLOW), Set.of(StateType.SCHEDULED), true, Set.of(StateType.PENDING));
        this.failures = failures;
        this.coolDown = coolDown;
    }

    @Override
    public RulePosition position() {
        return RulePosition.after("PreventDuplicateTransitions");
    }

    @Override
    public void beforeTransition(TransitionContext ctx) {
        String flow = ctx.run().flowName();
        List<State> recent = ctx.data().recentFinalFlowRunStates(flow, failures);
        if (recent.size() < failures || !recent.stream().allMatch(CircuitBreakerRule::isFailure)) {
            return;
        }
        Instant reopensAt = recent.getFirst().timestamp().plus(coolDown);
        if (ctx.now().isBefore(reopensAt)) {
            ctx.reject(State.cancelled("Circuit open: the last " + failures + " runs of flow '" + flow
                    + "' failed; new runs are cancelled until " + reopensAt),
                    "Circuit open after " + failures + " consecutive failed runs of flow '" + flow
                    + "'; cool-down until " + reopensAt);
        }
    }

    private static boolean isFailure(State s) {
        return s.type() == StateType.FAILED || s.type() == StateType.CRASHED;
    }
}
