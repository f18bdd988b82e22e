package dev.orion.host.orchestration;

import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.OrchestrationData;
import dev.orion.api.orchestration.ResultStatus;
import dev.orion.api.orchestration.RunInfo;
import dev.orion.api.orchestration.TransitionContext;
import dev.orion.host.util.TimeSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The context of one proposal while its policy decides it: the run, the initial and
 * proposed states, and the outcome so far with the rule behind it. Not thread-safe: one
 * proposal, one thread.
 */
final class DefaultTransitionContext implements TransitionContext {

    private RunInfo run;
    private final State initial;
    private final State originalProposal;
    private State proposed;
    private State validated;
    private ResultStatus status = ResultStatus.ACCEPT;
    private String decidingRule;
    private String reason;
    private Double delaySeconds;
    private final Instant now;
    private final OrchestrationData data;
    private final Map<String, Map<String, Object>> ruleData = new HashMap<>();
    private String currentRule;
    private Instant validatedAt;
    private final List<String> trace = new ArrayList<>();
    private final List<String> observed = new ArrayList<>();
    private final List<String> cleanedUp = new ArrayList<>();
    private final TimeSource clock;

    DefaultTransitionContext(RunInfo run, State initial, State proposed, OrchestrationData data, Instant now,
                             TimeSource clock) {
        this.run = Objects.requireNonNull(run, "run");
        this.initial = initial;
        this.originalProposal = Objects.requireNonNull(proposed, "proposed");
        this.proposed = proposed;
        this.data = data;
        this.now = now;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    // ---- for the policy runner ---------------------------------------------------------------

    void enter(String ruleName) {
        currentRule = ruleName;
    }

    /** Whether the transition still goes between these types (no rule changed or nullified it). */
    boolean stillIs(StateType from, StateType to) {
        return proposed != null && proposed.type() == to && (initial == null ? from == null : initial.type() == from);
    }

    String currentRule() {
        return currentRule;
    }

    void trace(String line) {
        trace.add(line);
    }

    List<String> trace() {
        return trace;
    }

    void validate() {
        validated = proposed;
        validatedAt = clock.now();
    }

    /** A rule's after-hook ran: {@code afterTransition}, or {@code cleanup} when its transition fizzled. */
    void exited(String ruleName, boolean cleanup) {
        (cleanup ? cleanedUp : observed).add(ruleName);
    }

    /** The rules whose {@code afterTransition} ran, in the order they ran. */
    List<String> observed() {
        return observed;
    }

    /** The rules whose {@code cleanup} ran (the transition they saw was changed), in the order they ran. */
    List<String> cleanedUp() {
        return cleanedUp;
    }

    /** When the outcome was settled: after every rule's before-hook, before any after-hook. */
    Instant validatedAt() {
        return validatedAt;
    }

    State originalProposal() {
        return originalProposal;
    }

    String decidingRule() {
        return decidingRule;
    }

    String reason() {
        return reason;
    }

    Double delaySeconds() {
        return delaySeconds;
    }

    // ---- TransitionContext -------------------------------------------------------------------

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
    public void reject(State state, String why) {
        Objects.requireNonNull(state, "state");
        decide(ResultStatus.REJECT, state, why);
    }

    @Override
    public void rejectKeepCurrent(String why) {
        decide(ResultStatus.REJECT, null, why);
    }

    @Override
    public void delay(double seconds, String why) {
        decide(ResultStatus.WAIT, null, why);
        delaySeconds = Math.max(0, seconds);
    }

    @Override
    public void abort(String why) {
        decide(ResultStatus.ABORT, null, why);
    }

    @Override
    public void renameProposed(String name) {
        if (proposed != null && !proposed.name().equals(name)) {
            proposed = proposed.withName(name);
            if (status == ResultStatus.ACCEPT) {
                decidingRule = currentRule;
                reason = "Renamed to " + name;
            }
        }
    }

    @Override
    public void updateProposed(UnaryOperator<State> change) {
        if (proposed != null) {
            proposed = Objects.requireNonNull(change.apply(proposed), "changed state");
        }
    }

    @Override
    public void updateRun(UnaryOperator<RunInfo> change) {
        run = Objects.requireNonNull(change.apply(run), "changed run");
    }

    @Override
    public Map<String, Object> ruleData() {
        return ruleData.computeIfAbsent(currentRule, k -> new HashMap<>());
    }

    @Override
    public OrchestrationData data() {
        return data;
    }

    private void decide(ResultStatus newStatus, State newProposal, String why) {
        status = newStatus;
        proposed = newProposal;
        decidingRule = currentRule;
        reason = why;
        delaySeconds = null;
    }
}
