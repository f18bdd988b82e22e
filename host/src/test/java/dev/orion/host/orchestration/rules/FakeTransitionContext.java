package dev.orion.host.orchestration.rules;

import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.OrchestrationData;
import dev.orion.api.orchestration.OrchestrationRule;
import dev.orion.api.orchestration.ResultStatus;
import dev.orion.api.orchestration.RunInfo;
import dev.orion.api.orchestration.TransitionContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A {@link TransitionContext} in memory, for rule tests, with the semantics the orchestrator
 * gives its own: rejecting with a state replaces the proposal; keeping the current state,
 * delaying and aborting empty it; {@link #validate()} writes what is left. It also remembers
 * which rule decided. Not thread-safe.
 */
final class FakeTransitionContext implements TransitionContext {

    private final State initial;
    private final Instant now;
    private final OrchestrationData data;
    private final Map<String, Map<String, Object>> ruleData = new HashMap<>();
    private RunInfo run;
    private State proposed;
    private State validated;
    private ResultStatus status = ResultStatus.ACCEPT;
    private String reason;
    private Double delaySeconds;
    private String decidedBy;
    private OrchestrationRule currentRule;

    FakeTransitionContext(TransitionSpec spec, OrchestrationData data) {
        this.run = spec.run();
        this.initial = spec.initial();
        this.proposed = spec.proposed();
        this.now = spec.now();
        this.data = Objects.requireNonNull(data, "data");
    }

    void enter(OrchestrationRule rule) {
        currentRule = rule;
    }

    /** Writes the proposed state, if one is left (as the orchestrator's context does). */
    void validate() {
        validated = proposed;
    }

    StateType initialType() {
        return initial == null ? null : initial.type();
    }

    StateType proposedType() {
        return proposed == null ? null : proposed.type();
    }

    String reason() {
        return reason;
    }

    Double delaySeconds() {
        return delaySeconds;
    }

    String decidedBy() {
        return decidedBy;
    }

    @Override
    public RunInfo run() {
        return run;
    }

    @Override
    public Optional<State> initialState() {
        return Optional.ofNullable(initial);
    }

    @Override
    public Optional<State> proposedState() {
        return Optional.ofNullable(proposed);
    }

    @Override
    public Optional<State> validatedState() {
        return Optional.ofNullable(validated);
    }

    @Override
    public ResultStatus status() {
        return status;
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public void reject(State state, String reason) {
        decide(ResultStatus.REJECT, Objects.requireNonNull(state, "state"), reason);
    }

    @Override
    public void rejectKeepCurrent(String reason) {
        if (initial == null) {
            throw new IllegalStateException("the run has no state to keep; reject with a new state instead");
        }
        decide(ResultStatus.REJECT, null, reason);
    }

    @Override
    public void delay(double seconds, String reason) {
        decide(ResultStatus.WAIT, null, reason);
        delaySeconds = seconds;
    }

    @Override
    public void abort(String reason) {
        decide(ResultStatus.ABORT, null, reason);
    }

    private void decide(ResultStatus newStatus, State newProposed, String newReason) {
        if (validated != null) {
            throw new IllegalStateException("the transition is already validated");
        }
        status = newStatus;
        proposed = newProposed;
        reason = newReason;
        delaySeconds = null;
        decidedBy = currentRule == null ? null : currentRule.name();
    }

    @Override
    public void renameProposed(String name) {
        if (proposed != null) {
            proposed = proposed.withName(name);
        }
    }

    @Override
    public void updateProposed(UnaryOperator<State> change) {
        if (proposed != null) {
            proposed = change.apply(proposed);
        }
    }

    @Override
    public void updateRun(UnaryOperator<RunInfo> change) {
        run = change.apply(run);
    }

    @Override
    public Map<String, Object> ruleData() {
        String key = currentRule == null ? "" : currentRule.name();
        return ruleData.computeIfAbsent(key, k -> new HashMap<>());
    }

    @Override
    public OrchestrationData data() {
        return data;
    }
}
