package dev.orion.host.server;

import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.OrchestrationResult;
import dev.orion.host.orchestration.NoSuchRunException;
import dev.orion.host.store.DatabaseFailure;
import dev.orion.host.store.RunRow;
import java.util.Objects;
import java.util.UUID;

/**
 * Creates runs and proposes their states through the orchestrator, and commits before it
 * returns ("server mode commits before it answers"; concurrent requests still share commits).
 * Thread-safe.
 */
public final class RunService {

    /**
     * A created run, whether it is new (false when an idempotency key found an existing one), and
     * the answer to the proposal that followed its creation (null when none was asked or the run was not new).
     */
    public record Created(RunRow run, boolean isNew, OrchestrationResult then) {
    }

    /** A state to propose right after a run's creation, as a {@code set_state} would. */
    public record Then(State state, boolean force) {
    }

    private final ServerContext ctx;

    public RunService(ServerContext ctx) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
    }

    /** Stores a run and proposes its first state (forced, as Prefect does); answers the run as committed. */
    public Created create(RunRow run, State initial) {
        return create(run, initial, null);
    }

    /**
     * Stores a run and proposes its first state through the whole policy, as the embedded engine
     * does (so a rule on the first transition decides remote runs too); answers the run as
     * committed, with whatever state the policy left it in (none after a WAIT or ABORT).
     */
    public Created createDecided(RunRow run, State initial) {
        return create(run, null, new Then(initial, false));
    }

    /**
     * As {@link #create(RunRow, State)}, then, when the run is new, proposes {@code then}; both
     * are committed together before this returns.
     */
    public Created create(RunRow run, State initial, Then then) {
        RunRow stored;
        try {
            stored = ctx.orchestrator().createRun(run);
        } catch (NoSuchRunException e) {
            throw new NotFoundException("flow run", run.flowRunId());
        } catch (OrionException e) {
            if (DatabaseFailure.of(e).filter(DatabaseFailure::isTransient).isPresent()) {
                throw e; // the database's passing trouble: a 503 the client retries, not the request's fault
            }
            throw new InvalidRequestException(e.getMessage());
        }
        boolean isNew = stored.id().equals(run.id());
        if (isNew && initial != null) {
            ctx.orchestrator().propose(stored.id(), stored.kind(), initial, true);
        }
        OrchestrationResult answer = isNew && then != null
                ? ctx.orchestrator().propose(stored.id(), stored.kind(), then.state(), then.force())
                : null;
        ctx.orchestrator().flush();
        RunRow created = read(stored.id(), stored.kind());
        signalIfScheduled(created.kind(), created.state());
        return new Created(created, isNew, answer);
    }

    /** Proposes a state; the answer is committed. */
    public OrchestrationResult propose(UUID id, RunKind kind, State state, boolean force) {
        return propose(id, kind, state, force, null);
    }

    /** Proposes a state that may repeat a proposal whose answer was lost (same {@code proposalId}); the answer is committed. */
    public OrchestrationResult propose(UUID id, RunKind kind, State state, boolean force, UUID proposalId) {
        OrchestrationResult result;
        try {
            result = ctx.orchestrator().propose(id, kind, state, force, proposalId);
        } catch (NoSuchRunException e) {
            throw new NotFoundException(kind.label() + " run", id);
        }
        ctx.orchestrator().flush();
        signalIfScheduled(kind, result.state());
        return result;
    }

    /** A flow run left Scheduled (and committed) may be due: workers waiting on their queues look again. */
    private void signalIfScheduled(RunKind kind, State state) {
        if (kind == RunKind.FLOW && state != null && state.type() == StateType.SCHEDULED) {
            ctx.dueRuns().signal();
        }
    }

    /** The run as it stands, or 404. */
    public RunRow read(UUID id, RunKind kind) {
        return ctx.orchestrator().readRun(id, kind).orElseThrow(() -> new NotFoundException(kind.label() + " run", id));
    }
}
