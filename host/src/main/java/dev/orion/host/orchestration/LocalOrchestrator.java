package dev.orion.host.orchestration;

import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.orchestration.FlowRunSnapshot;
import dev.orion.api.orchestration.OrchestrationResult;
import dev.orion.api.orchestration.StateListener;
import dev.orion.host.orchestration.rules.CorePolicies;
import dev.orion.host.store.CacheStore;
import dev.orion.host.store.ConcurrencyLimitStore;
import dev.orion.host.store.Database;
import dev.orion.host.store.DecisionRow;
import dev.orion.host.store.LogRow;
import dev.orion.host.store.LogStore;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.RunStore;
import dev.orion.host.store.StateRow;
import dev.orion.host.util.TimeSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The embedded orchestrator: decides every proposal in memory and persists in batches.
 *
 * <p>It keeps the current row of every active run in memory and is the only writer of it;
 * each proposal is decided under that run's lock from this authoritative state, and the
 * written state, the decision and the run's new row are queued to the store's single writer,
 * which commits them in groups. A run that reaches a terminal state leaves memory once its
 * row is committed; a later proposal reloads it from the store. Call {@link #flush()} where
 * durability matters (a flow run's final state). Thread-safe.
 */
public final class LocalOrchestrator implements Orchestrator {

    /** A run's in-memory state; guarded by its own monitor. */
    private static final class ActiveRun {
        volatile RunRow row;
        boolean evicted;
        /**
         * Made by this process (not loaded from the store): in its first attempt its task run keys
         * are the ones {@link #claimTaskKey} recorded; a retry reads them back into {@code taskKeys}.
         */
        final boolean createdHere;
        /** For a flow run loaded from the store: its stored task run keys were read into {@link #taskKeys}. */
        volatile boolean taskKeysLoaded;
        /**
         * The latest decisions that wrote a state, by proposal id: a repeated proposal gets its
         * answer again. Made at the first proposal that has an id (most runs never have one).
         */
        Map<UUID, OrchestrationResult> decided;
        /**
         * For the first attempt of a flow run created here: the (task key, dynamic key) pairs of
         * its task runs, compactly: numeric dynamic keys (the engine counts them from zero) as
         * bits per task key, others as text. A million task runs of one task take 125 KB.
         */
        private Map<String, BitSet> numericKeys;
        private Set<String> otherKeys;

        ActiveRun(RunRow row, boolean createdHere) {
            this.row = row;
            this.createdHere = createdHere;
        }

        /**
         * Records a task run's keys; false when a task run of this flow run has them already. The
         * caller holds this run's monitor until the new run is queued.
         */
        boolean claimTaskKey(String taskKey, String dynamicKey) {
            int n = numeric(dynamicKey);
            if (n >= 0) {
                if (numericKeys == null) {
                    numericKeys = new HashMap<>();
                }
                BitSet bits = numericKeys.computeIfAbsent(taskKey, k -> new BitSet());
                if (bits.get(n)) {
                    return false;
                }
                bits.set(n);
                return true;
            }
            if (otherKeys == null) {
                otherKeys = new HashSet<>();
            }
            return otherKeys.add(taskKey + "|" + dynamicKey);
        }

        /** The dynamic key as a small non-negative number in its canonical form, else -1. */
        private static int numeric(String key) {
            if (key.isEmpty() || key.length() > 9 || (key.length() > 1 && key.charAt(0) == '0')) {
                return -1;
            }
            for (int i = 0; i < key.length(); i++) {
                if (key.charAt(i) < '0' || key.charAt(i) > '9') {
                    return -1;
                }
            }
            return Integer.parseInt(key);
        }
    }

    private final Database db;
    private final RunStore runs;
    private final LogStore logs;
    private final Supplier<PolicySet> policies;
    private final StoreOrchestrationData data;
    private final Map<UUID, ActiveRun> active = new ConcurrentHashMap<>();
    private final Map<String, UUID> taskKeys = new ConcurrentHashMap<>();
    private final Map<String, UUID> flowIds = new ConcurrentHashMap<>();
    private final ExecutorService evictor = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("orion-evictor").factory());
    private final StateListeners listeners;
    private final TransitionDecider decider;
    private final SlotSignal slots = new SlotSignal();
    private final TimeSource clock;

    /** An orchestrator over a database, deciding with Prefect 2's core policies. */
    public LocalOrchestrator(Database db) {
        this(db, CorePolicies::policySet);
    }

    /**
     * An orchestrator over a database, deciding with the policies the supplier gives at each
     * proposal (so a changed policy applies to the next transition).
     */
    public LocalOrchestrator(Database db, Supplier<PolicySet> policies) {
        this(db, policies, List.of());
    }

    /** As {@link #LocalOrchestrator(Database, Supplier)}, telling each written state to the listeners. */
    public LocalOrchestrator(Database db, Supplier<PolicySet> policies, List<StateListener> stateListeners) {
        this(db, policies, stateListeners, TimeSource.SYSTEM);
    }

    /** As above, reading the time from {@code clock} (a test's controllable clock). */
    public LocalOrchestrator(Database db, Supplier<PolicySet> policies, List<StateListener> stateListeners,
                             TimeSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.db = Objects.requireNonNull(db, "db");
        this.listeners = new StateListeners(List.copyOf(stateListeners));
        this.policies = Objects.requireNonNull(policies, "policies");
        this.runs = new RunStore(db);
        this.logs = new LogStore(db);
        this.data = new StoreOrchestrationData(new CacheStore(db), new ConcurrencyLimitStore(db), runs,
                slots::signal);
        this.decider = new TransitionDecider(policies, data, clock);
    }

    @Override
    public TimeSource clock() {
        return clock;
    }

    public Database database() {
        return db;
    }

    /** How many runs are held in memory now: the active ones, and finished ones until their last write commits. */
    public int runsInMemory() {
        return active.size();
    }

    // ---- runs ----------------------------------------------------------------------------------

    @Override
    public RunRow createRun(RunRow run) {
        Objects.requireNonNull(run, "run");
        return run.kind() == RunKind.FLOW ? createFlowRun(run) : createTaskRun(run);
    }

    private RunRow createFlowRun(RunRow run) {
        RunRow.Builder b = NewRuns.flowRun(run);
        UUID flowId = flowIds.computeIfAbsent(run.flowName(), runs::ensureFlow);
        if (run.idempotencyKey() != null) {
            db.writer().flush();
            Optional<RunRow> existing = runs.findFlowRunByIdempotencyKey(flowId, run.idempotencyKey());
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        b.flowId = flowId;
        RunRow row = b.build();
        active.put(row.id(), new ActiveRun(row, true));
        runs.saveRun(row);
        return row;
    }

    private RunRow createTaskRun(RunRow run) {
        RunRow.Builder b = NewRuns.taskRun(run);
        ActiveRun flowRun = activeRun(run.flowRunId(), RunKind.FLOW);
        b.flowName = flowRun.row.flowName();
        if (flowRun.createdHere && flowRun.row.runCount() <= 1) {
            // The first attempt of a flow run made here: its task runs' keys are kept compactly
            // (a map of a million ids would not fit); a repeated create (a client retrying, or
            // asking again for the same key) is answered with the stored run. A retry of the flow
            // run reads the keys back below.
            synchronized (flowRun) { // the claimed run is queued before another create looks for it
                if (flowRun.claimTaskKey(run.taskKey(), b.dynamicKey)) {
                    RunRow row = b.build();
                    active.put(row.id(), new ActiveRun(row, true));
                    runs.saveRun(row);
                    return row;
                }
            }
            db.writer().flush();
            return runs.findTaskRun(run.flowRunId(), run.taskKey(), b.dynamicKey)
                    .orElseThrow(() -> new NoSuchRunException(RunKind.TASK, run.id()));
        }
        String key = run.flowRunId() + "|" + run.taskKey() + "|" + b.dynamicKey;
        if (!flowRun.taskKeysLoaded) {
            synchronized (flowRun) {
                if (!flowRun.taskKeysLoaded) {
                    db.writer().flush();
                    for (RunRow t : runs.taskRunsOf(run.flowRunId())) {
                        taskKeys.putIfAbsent(t.flowRunId() + "|" + t.taskKey() + "|" + t.dynamicKey(), t.id());
                    }
                    flowRun.taskKeysLoaded = true;
                }
            }
        }
        UUID existingId = taskKeys.putIfAbsent(key, run.id());
        if (existingId != null) {
            return readRun(existingId, RunKind.TASK).orElseThrow(() -> new NoSuchRunException(RunKind.TASK, existingId));
        }
        RunRow row = b.build();
        active.put(row.id(), new ActiveRun(row, true));
        runs.saveRun(row);
        return row;
    }

    @Override
    public RunRow updateRun(UUID runId, RunKind kind, UnaryOperator<RunRow> change) {
        while (true) {
            ActiveRun ar = activeRun(runId, kind);
            synchronized (ar) {
                if (ar.evicted) {
                    continue;
                }
                RunRow before = ar.row;
                RunRow after = Objects.requireNonNull(change.apply(before), "changed run").describing(before);
                if (!after.id().equals(runId) || after.kind() != kind) {
                    throw new OrionException("a run's id and kind cannot change");
                }
                ar.row = after;
                runs.saveRun(after);
                return after;
            }
        }
    }

    @Override
    public boolean deleteRun(UUID runId, RunKind kind) {
        ActiveRun ar = active.remove(runId);
        if (ar != null) {
            synchronized (ar) {
                ar.evicted = true;
            }
        }
        if (kind == RunKind.FLOW) {
            for (RunRow task : runs.taskRunsOf(runId)) {
                ActiveRun t = active.remove(task.id());
                if (t != null) {
                    synchronized (t) {
                        t.evicted = true;
                    }
                }
            }
            String prefix = runId + "|";
            taskKeys.keySet().removeIf(k -> k.startsWith(prefix));
        }
        db.writer().flush();
        return runs.deleteRun(runId, kind);
    }

    @Override
    public Optional<RunRow> readRun(UUID runId, RunKind kind) {
        ActiveRun ar = active.get(runId);
        if (ar != null && ar.row.kind() == kind) {
            return Optional.of(ar.row);
        }
        return runs.findRun(runId, kind);
    }

    /**
     * The stored run; when another process on the same database wrote a later state than the
     * one held in memory (a cancel, a resume), the stored row replaces it, so the next decision
     * starts from there.
     */
    @Override
    public Optional<RunRow> pollRun(UUID runId, RunKind kind) {
        ActiveRun ar = active.get(runId);
        if (ar == null || ar.row.kind() != kind) {
            return readRun(runId, kind);
        }
        db.writer().flush();
        Optional<RunRow> stored = runs.findRun(runId, kind);
        synchronized (ar) {
            RunRow mine = ar.row;
            if (stored.isPresent() && !ar.evicted && stored.get().state() != null && (mine.state() == null
                    || stored.get().state().timestamp().isAfter(mine.state().timestamp()))) {
                ar.row = stored.get();
            }
            return Optional.of(ar.row);
        }
    }

    @Override
    public List<StateRow> readStates(UUID runId, RunKind kind) {
        db.writer().flush();
        return runs.states(runId);
    }

    @Override
    public List<RunRow> readTaskRuns(UUID flowRunId) {
        db.writer().flush();
        return runs.taskRunsOf(flowRunId);
    }

    @Override
    public List<DecisionRow> readDecisions(UUID runId, RunKind kind) {
        db.writer().flush();
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

    // ---- proposals -----------------------------------------------------------------------------

    @Override
    public OrchestrationResult propose(UUID runId, RunKind kind, State proposed, boolean force) {
        return propose(runId, kind, proposed, force, null);
    }

    @Override
    public OrchestrationResult propose(UUID runId, RunKind kind, State proposed, boolean force, UUID proposalId) {
        Objects.requireNonNull(proposed, "proposed");
        long start = System.nanoTime();
        if (!force && db.writer().condition().isPresent()) {
            throw db.writer().condition().get(); // the disk is full (say): end the run instead of deciding into the void
        }
        while (true) {
            ActiveRun ar = activeRun(runId, kind);
            synchronized (ar) {
                if (!ar.evicted) {
                    Optional<OrchestrationResult> earlier = proposalId == null ? Optional.empty() : earlier(ar, proposalId);
                    OrchestrationResult result = earlier.isPresent() ? earlier.get()
                            : slots.decide(() -> decide(ar, proposed, force, proposalId));
                    TransitionMeters.decided(kind, start);
                    return result;
                }
            }
        }
    }

    /**
     * The decision a repeated proposal made before: held in memory for a run decided here, read
     * from the store for one loaded from it (decided before this process restarted, say).
     */
    private Optional<OrchestrationResult> earlier(ActiveRun ar, UUID proposalId) {
        OrchestrationResult known = ar.decided == null ? null : ar.decided.get(proposalId);
        if (known != null || ar.createdHere) {
            return Optional.ofNullable(known);
        }
        try {
            return runs.decidedProposal(null, ar.row.id(), proposalId);
        } catch (SQLException e) {
            throw new OrionException("cannot read the earlier decisions of run " + ar.row.id() + ": " + e.getMessage(), e);
        }
    }

    private OrchestrationResult decide(ActiveRun ar, State proposed, boolean force, UUID proposalId) {
        RunRow row = ar.row;
        TransitionDecider.Outcome outcome = decider.decide(row, flowRunSnapshot(row), proposed, force, proposalId);
        if (outcome.updated() != null) {
            RunRow updated = outcome.updated();
            ar.row = updated;
            if (proposalId != null) {
                if (ar.decided == null) {
                    ar.decided = new LinkedHashMap<>(16, 0.75f, false) {
                        @Override
                        protected boolean removeEldestEntry(Map.Entry<UUID, OrchestrationResult> eldest) {
                            return size() > 16;
                        }
                    };
                }
                ar.decided.put(proposalId, outcome.result());
            }
            runs.insertState(outcome.state(), outcome.decision());
            var saved = runs.saveRun(updated);
            if (updated.state().isTerminal()) {
                saved.whenCompleteAsync((ok, error) -> evictIfUnchanged(ar, updated), evictor);
            }
            if (!listeners.isEmpty()) {
                listeners.publish(outcome.change());
            }
        } else {
            runs.insertDecision(outcome.decision());
            if (row.state() != null && row.state().isTerminal()) {
                // A finished run reloaded for a proposal that changed nothing leaves memory again.
                evictor.execute(() -> evictIfUnchanged(ar, row));
            }
        }
        return outcome.result();
    }

    /**
     * For a task run: its flow run as it stands; a task run whose flow run was deleted (pruned)
     * has none. Only read: a flow run not in memory (a finished one) is not loaded into it.
     */
    private FlowRunSnapshot flowRunSnapshot(RunRow row) {
        if (row.kind() != RunKind.TASK) {
            return null;
        }
        ActiveRun ar = active.get(row.flowRunId());
        Optional<RunRow> flow = ar != null ? Optional.of(ar.row) : runs.findRun(row.flowRunId(), RunKind.FLOW);
        return flow.map(f -> new FlowRunSnapshot(f.id(), f.state(), f.runCount())).orElse(null);
    }

    private ActiveRun activeRun(UUID runId, RunKind kind) {
        return findActiveRun(runId, kind).orElseThrow(() -> new NoSuchRunException(kind, runId));
    }

    private Optional<ActiveRun> findActiveRun(UUID runId, RunKind kind) {
        ActiveRun ar = active.get(runId);
        if (ar != null) {
            return Optional.of(ar);
        }
        return runs.findRun(runId, kind).map(row -> active.computeIfAbsent(runId, id -> new ActiveRun(row, false)));
    }

    private void evictIfUnchanged(ActiveRun ar, RunRow written) {
        synchronized (ar) {
            if (ar.row == written && !ar.evicted) {
                ar.evicted = true;
                active.remove(written.id(), ar);
                if (written.kind() == RunKind.FLOW) {
                    String prefix = written.id() + "|";
                    taskKeys.keySet().removeIf(k -> k.startsWith(prefix));
                }
            }
        }
    }

    // ---- waiting ---------------------------------------------------------------------------------

    @Override
    public void awaitWait(UUID runId, Duration delay) throws InterruptedException {
        slots.await(delay, Duration.ofDays(365));
    }

    @Override
    public void close() {
        flush();
        evictor.shutdown();
        listeners.close();
    }
}
