package dev.orion.host.orchestration;

import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.orchestration.FlowRunSnapshot;
import dev.orion.api.orchestration.OrchestrationResult;
import dev.orion.api.orchestration.StateListener;
import dev.orion.host.store.CacheStore;
import dev.orion.host.store.ConcurrencyLimitStore;
import dev.orion.host.store.Database;
import dev.orion.host.store.DatabaseUnavailableException;
import dev.orion.host.store.DecisionRow;
import dev.orion.host.store.LogRow;
import dev.orion.host.store.LogStore;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.RunStore;
import dev.orion.host.store.StateRow;
import dev.orion.host.store.StoreMeters;
import dev.orion.host.util.TimeSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The orchestrator for several servers on one database: it keeps no run in memory. A proposal
 * is decided from the run's row, locked with {@code SELECT ... FOR UPDATE} (PostgreSQL), and
 * committed before the answer, so whichever server a worker talks to, it decides from the same
 * authoritative state. Proposals that arrive at this server together are decided in one
 * transaction (group commit, see {@link BatchDecider}); one arriving alone in its own.
 * Serialization failures and deadlocks are retried here and never reach the caller. Idempotent creates rest
 * on the store's unique keys. Use {@link LocalOrchestrator} for one process (it is faster);
 * this one where processes share a PostgreSQL database. Thread-safe.
 */
public final class StoreOrchestrator implements Orchestrator {

    private static final int ATTEMPTS = 5;
    /**
     * The most proposals one transaction decides ({@code -Dorion.shared.maxBatch=1} decides each
     * alone, as before batching: for comparing in benchmarks).
     */
    private static final int MAX_BATCH = 128;
    /**
     * How many transactions decide at once. Fewer make bigger batches: measured with 16 proposing
     * threads on 2 cores, 1 leader took 0.6 database round trips per proposal, 2 took 1.1 and 5
     * took 2.3, and 2 decided the most proposals per second (BENCHMARKS.md).
     */
    private static final int LEADERS = 2;

    private final Database db;
    private final RunStore runs;
    private final LogStore logs;
    private final TransitionDecider decider;
    private final StateListeners listeners;
    private final SlotSignal slots = new SlotSignal();
    private final TimeSource clock;
    private final BatchDecider batchDecider;
    /**
     * Proposals arriving together are decided in one transaction by a leader. A batch holds a
     * pooled connection for its row locks while its rules read through others: with every
     * connection held by a batch waiting for one more, they would all wait out the pool's
     * timeout. At most half the pool decides at once; the other half serves their reads.
     */
    private final GroupCommit<BatchDecider.Proposal, OrchestrationResult> proposals;

    public StoreOrchestrator(Database db, Supplier<PolicySet> policies, List<StateListener> stateListeners) {
        this(db, policies, stateListeners, TimeSource.SYSTEM);
    }

    /** As above, reading the time from {@code clock} (a test's controllable clock). */
    public StoreOrchestrator(Database db, Supplier<PolicySet> policies, List<StateListener> stateListeners,
                             TimeSource clock) {
        this(db, policies, stateListeners, clock, Math.min(LEADERS, Math.max(1, db.maxConnections() / 2)));
    }

    /** As above, with at most {@code leaders} transactions deciding at once. */
    StoreOrchestrator(Database db, Supplier<PolicySet> policies, List<StateListener> stateListeners,
                      TimeSource clock, int leaders) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.proposals = new GroupCommit<>(leaders, Integer.getInteger("orion.shared.maxBatch", MAX_BATCH),
                this::decideBatch);
        this.db = Objects.requireNonNull(db, "db");
        this.runs = new RunStore(db);
        this.logs = new LogStore(db);
        this.listeners = new StateListeners(List.copyOf(stateListeners));
        var data = new StoreOrchestrationData(new CacheStore(db), new ConcurrencyLimitStore(db), runs, slots::signal);
        this.decider = new TransitionDecider(Objects.requireNonNull(policies, "policies"), data, clock);
        this.batchDecider = new BatchDecider(runs, decider);
    }

    @Override
    public TimeSource clock() {
        return clock;
    }

    @Override
    public RunRow createRun(RunRow run) {
        Objects.requireNonNull(run, "run");
        if (run.kind() == RunKind.TASK) {
            return createTaskRun(run);
        }
        Optional<RunRow> same = runs.findRun(run.id(), run.kind());
        if (same.isPresent()) {
            return same.get(); // a client retrying its create
        }
        RunRow.Builder b = run.kind() == RunKind.FLOW ? NewRuns.flowRun(run) : NewRuns.taskRun(run);
        if (run.kind() == RunKind.FLOW) {
            b.flowId = runs.ensureFlow(run.flowName());
            if (run.idempotencyKey() != null) {
                Optional<RunRow> existing = runs.findFlowRunByIdempotencyKey(b.flowId, run.idempotencyKey());
                if (existing.isPresent()) {
                    return existing.get();
                }
            }
        }
        RunRow row = b.build();
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                if (db.dialect() == Database.Dialect.POSTGRESQL) {
                    try (var s = c.createStatement()) {
                        s.execute("SET LOCAL synchronous_commit TO OFF");
                    }
                }
                runs.writeRun(c, row);
                c.commit();
            } catch (SQLException e) {
                rollbackQuietly(c, e);
                throw e;
            }
            return row;
        } catch (SQLException e) {
            if (!isUniqueViolation(e)) {
                throw new OrionException("cannot store the new run: " + e.getMessage(), e);
            }
            // Another server created it first: the unique keys make the create idempotent.
            return existing(row).orElseThrow(() -> new OrionException("cannot store the new run: " + e.getMessage(), e));
        }
    }

    /**
     * A task run's create is one statement in its own transaction (one round trip), its flow name
     * read there from its flow run; only a create that inserted nothing looks further: the same
     * run asked for again (a client retrying), another run of the same task key and dynamic key
     * (another server, or the client asking again), or a flow run that does not exist.
     */
    private RunRow createTaskRun(RunRow run) {
        RunRow row = NewRuns.taskRun(run).build();
        try (Connection c = db.connection()) {
            Optional<String> flowName = runs.insertNewTaskRun(c, row, true);
            if (flowName.isPresent()) {
                RunRow.Builder b = row.toBuilder();
                b.flowName = flowName.get();
                return b.build();
            }
        } catch (SQLException e) {
            Optional<DatabaseUnavailableException> down = db.unavailable(e);
            if (down.isPresent()) {
                throw down.get();
            }
            throw new OrionException("cannot store the new run: " + e.getMessage(), e);
        }
        return runs.findRun(row.id(), RunKind.TASK)
                .or(() -> existing(row))
                .orElseThrow(() -> new NoSuchRunException(RunKind.FLOW, run.flowRunId()));
    }

    private Optional<RunRow> existing(RunRow row) {
        if (row.kind() == RunKind.FLOW) {
            return row.idempotencyKey() == null ? Optional.empty()
                    : runs.findFlowRunByIdempotencyKey(row.flowId(), row.idempotencyKey());
        }
        return runs.findTaskRun(row.flowRunId(), row.taskKey(), row.dynamicKey());
    }

    @Override
    public OrchestrationResult propose(UUID runId, RunKind kind, State proposed, boolean force) {
        return propose(runId, kind, proposed, force, null);
    }

    @Override
    public OrchestrationResult propose(UUID runId, RunKind kind, State proposed, boolean force, UUID proposalId) {
        long start = System.nanoTime();
        OrchestrationResult result = decideAndStore(runId, kind, proposed, force, proposalId);
        TransitionMeters.decided(kind, start);
        return result;
    }

    private OrchestrationResult decideAndStore(UUID runId, RunKind kind, State proposed, boolean force,
                                               UUID proposalId) {
        Objects.requireNonNull(proposed, "proposed");
        if (db.dialect() == Database.Dialect.SQLITE) {
            // SQLite has one writer per database: decide inside the store writer's transaction.
            return finish(db.writer().transact(c -> decideIn(c, runId, kind, proposed, force, proposalId, false)));
        }
        return proposals.submit(new BatchDecider.Proposal(runId, kind, proposed, force, proposalId));
    }

    /**
     * Decides the proposals a leader took: one alone in its own transaction (the fast path); more
     * in one transaction and one commit, answered only after it. When that transaction fails as a
     * whole (a serialization failure, a deadlock), each member is decided again alone, with
     * retries, so that one member's trouble never fails the others.
     */
    private void decideBatch(List<GroupCommit.Member<BatchDecider.Proposal, OrchestrationResult>> batch) {
        if (batch.size() > 1) {
            List<BatchDecider.Decided> decided = decideTogether(batch);
            if (decided != null) {
                for (int i = 0; i < batch.size(); i++) {
                    var d = decided.get(i);
                    if (d.failure() != null) {
                        batch.get(i).fail(d.failure());
                    } else {
                        batch.get(i).answer(finish(d.outcome()));
                    }
                }
                return;
            }
        }
        for (var m : batch) {
            BatchDecider.Proposal p = m.request();
            try {
                m.answer(decideOnPostgres(p.runId(), p.kind(), p.proposed(), p.force(), p.proposalId()));
            } catch (RuntimeException e) {
                m.fail(e);
            }
        }
    }

    /**
     * The batch decided and committed in one transaction, or null when it must be decided member by
     * member. A database that is down fails every member at once.
     */
    private List<BatchDecider.Decided> decideTogether(
            List<GroupCommit.Member<BatchDecider.Proposal, OrchestrationResult>> batch) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                List<BatchDecider.Decided> decided = batchDecider.decide(c,
                        batch.stream().map(GroupCommit.Member::request).toList());
                boolean anyFinal = decided.stream().anyMatch(d -> d.outcome() != null && d.outcome().updated() != null
                        && d.outcome().updated().state().isTerminal());
                if (!anyFinal) {
                    relaxDurability(c);
                }
                StoreMeters.commit(c);
                return decided;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            Optional<DatabaseUnavailableException> down = db.unavailable(e);
            if (down.isPresent()) {
                throw down.get();
            }
            return null;
        }
    }

    private OrchestrationResult decideOnPostgres(UUID runId, RunKind kind, State proposed, boolean force,
                                                 UUID proposalId) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = db.connection()) {
                c.setAutoCommit(false);
                try {
                    TransitionDecider.Outcome outcome = decideIn(c, runId, kind, proposed, force, proposalId, true);
                    durableIfFinal(c, outcome);
                    StoreMeters.commit(c);
                    return finish(outcome);
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c, e);
                    throw e;
                }
            } catch (SQLException e) {
                if (db.unavailable(e).isPresent()) {
                    throw db.unavailable(e).get();
                }
                if (attempt >= ATTEMPTS || !isRetryable(e)) {
                    throw new OrionException("cannot record the transition of " + kind.label() + " run " + runId
                            + ": " + e.getMessage(), e);
                }
                sleep(10L * attempt);
            }
        }
    }

    /**
     * Locks the run's row, decides, and writes the outcome in the caller's transaction; a repeated
     * proposal that already wrote a state gets that decision and writes nothing.
     */
    private TransitionDecider.Outcome decideIn(Connection c, UUID runId, RunKind kind, State proposed, boolean force,
            UUID proposalId, boolean relaxDurability) throws SQLException {
        RunRow row;
        FlowRunSnapshot flowRun = null;
        if (kind == RunKind.TASK) {
            RunStore.LockedTaskRun locked = runs.lockTaskRuns(c, List.of(runId), relaxDurability).get(runId);
            if (locked == null) {
                throw new NoSuchRunException(kind, runId);
            }
            row = locked.run();
            flowRun = locked.flowRun();
        } else {
            row = runs.lockRun(c, runId, kind, relaxDurability).orElseThrow(() -> new NoSuchRunException(kind, runId));
        }
        if (proposalId != null) {
            Optional<OrchestrationResult> earlier = runs.decidedProposal(c, runId, proposalId);
            if (earlier.isPresent()) {
                return new TransitionDecider.Outcome(earlier.get(), null, null, null, null);
            }
        }
        TransitionDecider.Outcome outcome = decider.decide(row, flowRun, proposed, force, proposalId);
        runs.writeTransition(c, outcome.updated(), outcome.state(), outcome.decision());
        return outcome;
    }

    /**
     * A final state is flushed to disk before the answer; any other commits without waiting for
     * the WAL flush (PostgreSQL's {@code synchronous_commit = off} for this transaction, set by the
     * statement that locked the run): the database stays consistent after a crash, and a run
     * caught mid-way is marked Crashed anyway.
     */
    private static void durableIfFinal(Connection c, TransitionDecider.Outcome outcome) throws SQLException {
        if (outcome.updated() != null && outcome.updated().state().isTerminal()) {
            try (var s = c.createStatement()) {
                s.execute("SET LOCAL synchronous_commit TO DEFAULT"); // the lock's statement relaxed it
            }
        }
    }

    private static void relaxDurability(Connection c) throws SQLException {
        try (var s = c.createStatement()) {
            s.execute("SET LOCAL synchronous_commit TO OFF");
        }
    }

    private OrchestrationResult finish(TransitionDecider.Outcome outcome) {
        if (outcome.change() != null && !listeners.isEmpty()) {
            listeners.publish(outcome.change());
        }
        return outcome.result();
    }

    /** How many proposals wait for a transaction to take them. */
    int proposalsWaiting() {
        return proposals.waiting();
    }

    @Override
    public RunRow updateRun(UUID runId, RunKind kind, UnaryOperator<RunRow> change) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                RunRow before = runs.lockRun(c, runId, kind).orElseThrow(() -> new NoSuchRunException(kind, runId));
                RunRow after = Objects.requireNonNull(change.apply(before), "changed run").describing(before);
                runs.writeRun(c, after);
                c.commit();
                return after;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new OrionException("cannot update " + kind.label() + " run " + runId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean deleteRun(UUID runId, RunKind kind) {
        return runs.deleteRun(runId, kind);
    }

    @Override
    public void awaitWait(UUID runId, Duration delay) throws InterruptedException {
        // A slot freed by another server is only seen by asking again: wait at most a quarter second.
        slots.await(delay, Duration.ofMillis(250));
    }

    @Override
    public Optional<RunRow> readRun(UUID runId, RunKind kind) {
        return runs.findRun(runId, kind);
    }

    @Override
    public List<StateRow> readStates(UUID runId, RunKind kind) {
        return runs.states(runId);
    }

    @Override
    public List<RunRow> readTaskRuns(UUID flowRunId) {
        return runs.taskRunsOf(flowRunId);
    }

    @Override
    public List<DecisionRow> readDecisions(UUID runId, RunKind kind) {
        return runs.decisions(runId);
    }

    @Override
    public void log(List<LogRow> lines) {
        logs.append(lines);
    }

    @Override
    public void flush() {
        db.writer().flush();
    }

    @Override
    public void close() {
        flush();
        listeners.close();
    }

    /** Rolls back; a connection the failure already broke cannot, and must not hide that failure. */
    private static void rollbackQuietly(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && ("23505".equals(s.getSQLState())
                    || String.valueOf(s.getMessage()).contains("UNIQUE constraint failed"))) {
                return true;
            }
        }
        return false;
    }

    /** Serialization failure, deadlock, or a busy SQLite database. */
    private static boolean isRetryable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                String m = String.valueOf(s.getMessage());
                if ("40001".equals(state) || "40P01".equals(state) || m.contains("SQLITE_BUSY") || m.contains("locked")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrionException("interrupted while retrying a transition", e);
        }
    }
}
