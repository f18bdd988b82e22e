package dev.orion.api.orchestration;

import dev.orion.api.State;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One proposed transition, as the rules of a policy see and shape it. Not thread-safe: a
 * context belongs to one proposal, decided on one thread.
 *
 * <p>In {@link OrchestrationRule#beforeTransition} a rule may change the outcome with
 * {@link #reject}, {@link #rejectKeepCurrent}, {@link #delay}, {@link #abort},
 * {@link #renameProposed} or {@link #updateProposed}; once the outcome is decided, the hooks
 * {@code afterTransition} and {@code cleanup} only observe and keep books.
 */
public interface TransitionContext {

    /** The run, as it stood when the transition was proposed, with any updates rules made. */
    RunInfo run();

    /** The run's state before this transition; empty for a new run. */
    Optional<State> initialState();

    /**
     * The state that will be written if nothing else intervenes; empty once a rule rejected
     * keeping the current state, delayed or aborted the transition.
     */
    Optional<State> proposedState();

    /** The state that was written; empty before the outcome is decided and for WAIT or ABORT. */
    Optional<State> validatedState();

    /** The status decided so far: ACCEPT until a rule says otherwise. */
    ResultStatus status();

    /** The time the proposal is being decided at. */
    Instant now();

    /** Writes {@code state} instead of the proposed state. */
    void reject(State state, String reason);

    /** Writes nothing; the run keeps its current state. */
    void rejectKeepCurrent(String reason);

    /** Writes nothing and tells the proposer to try again after {@code seconds}. */
    void delay(double seconds, String reason);

    /** Writes nothing and tells the proposer to stop. */
    void abort(String reason);

    /** Gives the proposed state another name, keeping its type. */
    void renameProposed(String name);

    /** Replaces the proposed state with a changed copy of it (details such as the scheduled time). */
    void updateProposed(UnaryOperator<State> change);

    /** Changes the run's bookkeeping (run count, retry and pause policy); kept when a state is written. */
    void updateRun(UnaryOperator<RunInfo> change);

    /** Scratch space for the current rule, alive for this transition only (rules are shared). */
    Map<String, Object> ruleData();

    /** Cached states and concurrency slots. */
    OrchestrationData data();
}
