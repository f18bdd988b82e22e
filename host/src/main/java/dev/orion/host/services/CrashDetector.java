package dev.orion.host.services;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.orchestration.OrchestrationResult;
import dev.orion.host.orchestration.Orchestrator;
import dev.orion.host.store.Database;
import dev.orion.host.store.GlobalLimitStore;
import dev.orion.host.store.HeartbeatStore;
import dev.orion.host.store.RunRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Declares Crashed the flow runs whose worker stopped heartbeating: a Running, Pending or
 * Cancelling run with no heartbeat for {@code timeout} is proposed Crashed, with its
 * unfinished task runs, and, when it came from a deployment and its retries are not spent,
 * proposed Scheduled ("AwaitingRetry") so another worker on its queue claims and executes it. It
 * judges only silence it watched: a run is not declared Crashed for heartbeats missed while this
 * server was down (its workers could not reach it). Declaring a run Crashed revokes its worker's
 * claim, so that worker, should it be alive after all, may not write to the run any more. Any
 * number of servers may run it: every change goes through the orchestrator, which serialises
 * proposals per run. Thread-safe.
 */
public final class CrashDetector {

    private static final Logger LOG = LoggerFactory.getLogger(CrashDetector.class);

    private final Database db;
    private final Orchestrator orchestrator;
    private final Clock clock;
    private final Duration timeout;
    private final Instant watchingSince;
    private final HeartbeatStore heartbeats;

    /** A detector that starts watching now. */
    public CrashDetector(Database db, Orchestrator orchestrator, Clock clock, Duration timeout) {
        this(db, orchestrator, clock, timeout, clock.instant());
    }

    /**
     * @param watchingSince heartbeats are judged from this time on: a run is declared Crashed only
     *                      once it has been silent for {@code timeout} after it, so a server that
     *                      just (re)started gives workers a full timeout to reach it again
     */
    public CrashDetector(Database db, Orchestrator orchestrator, Clock clock, Duration timeout, Instant watchingSince) {
        this.db = db;
        this.heartbeats = new HeartbeatStore(db);
        this.orchestrator = orchestrator;
        this.clock = clock;
        this.timeout = timeout;
        this.watchingSince = watchingSince;
    }

    /** One pass; returns how many runs were declared Crashed. */
    public int runOnce() {
        Instant now = clock.instant();
        if (now.isBefore(watchingSince.plus(timeout))) {
            return 0;
        }
        // The query reads the database, where an embedded orchestrator's accepted proposals land
        // in batches: without this a run that just went Pending is missed until the next pass.
        orchestrator.flush();
        long cutoff = micros(now.minus(timeout));
        List<UUID> silent = db.query("SELECT id FROM flow_run WHERE state_type IN ('RUNNING', 'PENDING', 'CANCELLING') "
                + "AND heartbeat IS NOT NULL AND heartbeat < ?", ps -> ps.setLong(1, cutoff),
                rs -> UUID.fromString(rs.getString(1)));
        int crashed = 0;
        for (UUID id : silent) {
            RunRow run = orchestrator.readRun(id, RunKind.FLOW).orElse(null);
            if (run == null || run.state() == null || run.state().isTerminal()) {
                continue;
            }
            String why = "No heartbeat from the worker executing this flow run for " + timeout.toSeconds()
                    + " s; declared Crashed";
            OrchestrationResult result = orchestrator.propose(id, RunKind.FLOW, State.crashed(why), false);
            new GlobalLimitStore(db).releaseHoldsOf(id);
            if (!result.isAccepted()) {
                continue;
            }
            // Should its worker be alive after all, it may not write to the run any more.
            heartbeats.revokeClaim(id, result.state().timestamp());
            crashed++;
            for (RunRow task : orchestrator.readTaskRuns(id)) {
                if (task.state() != null && !task.state().isTerminal()) {
                    orchestrator.propose(task.id(), RunKind.TASK, State.crashed(why), true);
                }
            }
            boolean retry = run.deploymentId() != null && run.runCount() <= run.policy().retries();
            if (retry) {
                orchestrator.propose(id, RunKind.FLOW, State.awaitingRetry(now)
                        .withMessage("Rescheduled after a crash (retry " + run.runCount() + " of "
                                + run.policy().retries() + ")"), false);
            }
            LOG.warn("flow run {} ({}) stopped heartbeating: Crashed{}", id, run.name(),
                    retry ? ", rescheduled" : "");
        }
        return crashed;
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
