package dev.orion.host.orchestration;

import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.orchestration.OrchestrationResult;
import dev.orion.host.store.DatabaseFailure;
import dev.orion.host.store.DatabaseOutage;
import dev.orion.host.store.DecisionRow;
import dev.orion.host.store.LogRow;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.StateRow;
import dev.orion.host.util.RetryWindow;
import dev.orion.host.util.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded orchestrator that waits out its database: while the database cannot be reached
 * (PostgreSQL restarting, failing over) every call is tried again, for up to a window
 * ({@code ORION_API_RETRY_WINDOW}), and the run carries on when the database is back. A
 * proposal is retried with its transition id as proposal id, so one whose commit went through
 * before the connection broke is answered with its decision, not made twice. Says once that it
 * waits and once that the database is back. Thread-safe.
 */
public final class PatientOrchestrator implements Orchestrator {

    private static final Logger LOG = LoggerFactory.getLogger(PatientOrchestrator.class);
    private static final long PAUSE_MILLIS = 500;

    private final Orchestrator inner;
    private final String database;
    private final Duration window;
    private final AtomicReference<Instant> waitingSince = new AtomicReference<>();

    public PatientOrchestrator(Orchestrator inner, String database, Duration window) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.database = Objects.requireNonNull(database, "database");
        this.window = Objects.requireNonNull(window, "window");
    }

    public Orchestrator inner() {
        return inner;
    }

    private <T> T patiently(Supplier<T> call) {
        long deadline = 0;
        while (true) {
            try {
                T value = call.get();
                back();
                return value;
            } catch (RuntimeException e) {
                if (DatabaseFailure.of(e).filter(DatabaseFailure::isTransient).isEmpty()) {
                    throw e;
                }
                long now = System.nanoTime();
                deadline = deadline == 0 ? now + window.toNanos() : deadline;
                if (now >= deadline) {
                    throw new OrionException("the database at " + database + " stayed unreachable for "
                            + RetryWindow.describe(window) + " (" + RetryWindow.VARIABLE + "): " + e.getMessage(), e);
                }
                if (waitingSince.compareAndSet(null, Instant.now())) {
                    LOG.warn("the database at {} is unreachable ({}); waiting for up to {} ({}), the run carries on "
                            + "when it is back", database, DatabaseOutage.rootMessage(e), RetryWindow.describe(window),
                            RetryWindow.VARIABLE);
                }
                try {
                    Thread.sleep(PAUSE_MILLIS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private void back() {
        Instant since = waitingSince.get();
        if (since != null && waitingSince.compareAndSet(since, null)) {
            LOG.warn("the database at {} is back after {} s; carrying on", database,
                    Duration.between(since, Instant.now()).toSeconds());
        }
    }

    private void patientlyDo(Runnable call) {
        patiently(() -> {
            call.run();
            return null;
        });
    }

    @Override
    public RunRow createRun(RunRow run) {
        return patiently(() -> inner.createRun(run));
    }

    @Override
    public OrchestrationResult propose(UUID runId, RunKind kind, State proposed, boolean force) {
        return propose(runId, kind, proposed, force, proposed.details().transitionId());
    }

    @Override
    public OrchestrationResult propose(UUID runId, RunKind kind, State proposed, boolean force, UUID proposalId) {
        return patiently(() -> inner.propose(runId, kind, proposed, force, proposalId));
    }

    @Override
    public void awaitWait(UUID runId, Duration delay) throws InterruptedException {
        inner.awaitWait(runId, delay);
    }

    @Override
    public RunRow updateRun(UUID runId, RunKind kind, UnaryOperator<RunRow> change) {
        return patiently(() -> inner.updateRun(runId, kind, change));
    }

    @Override
    public boolean deleteRun(UUID runId, RunKind kind) {
        return patiently(() -> inner.deleteRun(runId, kind));
    }

    @Override
    public Optional<RunRow> readRun(UUID runId, RunKind kind) {
        return patiently(() -> inner.readRun(runId, kind));
    }

    @Override
    public Optional<RunRow> pollRun(UUID runId, RunKind kind) {
        return patiently(() -> inner.pollRun(runId, kind));
    }

    @Override
    public List<StateRow> readStates(UUID runId, RunKind kind) {
        return patiently(() -> inner.readStates(runId, kind));
    }

    @Override
    public List<RunRow> readTaskRuns(UUID flowRunId) {
        return patiently(() -> inner.readTaskRuns(flowRunId));
    }

    @Override
    public List<DecisionRow> readDecisions(UUID runId, RunKind kind) {
        return patiently(() -> inner.readDecisions(runId, kind));
    }

    @Override
    public void log(List<LogRow> lines) {
        patientlyDo(() -> inner.log(lines));
    }

    @Override
    public TimeSource clock() {
        return inner.clock();
    }

    @Override
    public void flush() {
        patientlyDo(inner::flush);
    }

    @Override
    public void close() {
        inner.close();
    }
}
