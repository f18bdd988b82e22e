package dev.orion.host.orchestration;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.orchestration.OrchestrationResult;
import dev.orion.host.store.DecisionRow;
import dev.orion.host.store.LogRow;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.StateRow;
import dev.orion.host.util.TimeSource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The engine's one door to orchestration: it creates runs, proposes their states and sends
 * their logs. Embedded ({@code LocalOrchestrator}) and remote (over HTTP) modes differ only in
 * which implementation the engine holds. Implementations are thread-safe.
 */
public interface Orchestrator extends AutoCloseable {

    /**
     * Stores a new run and returns it as stored. Idempotent: a task run with the same flow run,
     * task key and dynamic key, or a flow run with the same idempotency key, returns the
     * existing run instead. The run has no state until its first {@link #propose}.
     */
    RunRow createRun(RunRow run);

    /**
     * Proposes a new state for a run and returns the decision: ACCEPT (the proposed state is the
     * run's state now), REJECT (adopt the returned state), WAIT (propose again after the
     * delay; see {@link #awaitWait}) or ABORT (stop). With {@code force} only bookkeeping runs,
     * no rule.
     *
     * @throws dev.orion.api.OrionException if the run does not exist
     */
    OrchestrationResult propose(UUID runId, RunKind kind, State proposed, boolean force);

    /**
     * As {@link #propose(UUID, RunKind, State, boolean)}, for a proposal that may be a repeat of
     * one whose answer was lost: a proposal with the same {@code proposalId} for the same run that
     * already wrote a state gets that decision again and makes no second transition. Null
     * {@code proposalId}: an ordinary proposal.
     */
    default OrchestrationResult propose(UUID runId, RunKind kind, State proposed, boolean force, UUID proposalId) {
        return propose(runId, kind, proposed, force);
    }

    /**
     * Blocks for the delay a WAIT asked for, or less when this orchestrator knows that what the
     * run waits for has changed (a concurrency slot was freed in this process).
     */
    void awaitWait(UUID runId, Duration delay) throws InterruptedException;

    /**
     * Changes what describes a run (name, tags, parameters, infrastructure pid, work queue,
     * deployment, retry settings), under the run's lock so that its next proposal keeps the
     * change. The run's state and bookkeeping (run count, times, pause keys) cannot be changed
     * this way: propose a state.
     *
     * @return the run as changed
     * @throws NoSuchRunException if the run does not exist
     */
    RunRow updateRun(UUID runId, RunKind kind, UnaryOperator<RunRow> change);

    /**
     * Deletes a run with its states, decisions and logs (for a flow run, its task runs too).
     *
     * @return false if there was no such run
     */
    boolean deleteRun(UUID runId, RunKind kind);

    /** The run as it stands now. */
    Optional<RunRow> readRun(UUID runId, RunKind kind);

    /**
     * The run as its store has it now, seeing changes made elsewhere (another process on the
     * same database, a server's API): how a running flow notices it is being cancelled or was resumed.
     */
    default Optional<RunRow> pollRun(UUID runId, RunKind kind) {
        return readRun(runId, kind);
    }

    /** The run's state history, oldest first. */
    List<StateRow> readStates(UUID runId, RunKind kind);

    /** The task runs of a flow run, oldest first. */
    List<RunRow> readTaskRuns(UUID flowRunId);

    /** The run's decision log, oldest first. */
    List<DecisionRow> readDecisions(UUID runId, RunKind kind);

    /** Stores log lines; they may be written in a later batch. */
    void log(List<LogRow> lines);

    /** Blocks until everything accepted so far is durable. */
    void flush();

    /**
     * The time the orchestrator decides by (states' timestamps, cache expiry, scheduled times);
     * the engine measures a task's cache expiration on it too. The system clock unless one was
     * injected (tests drive time with their own).
     */
    default TimeSource clock() {
        return TimeSource.SYSTEM;
    }

    /** Flushes and releases resources. */
    @Override
    void close();
}
