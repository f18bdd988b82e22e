package dev.orion.host.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Heartbeats of flow runs: when the engine executing a run last said it is alive. Kept in the
 * run row's own {@code heartbeat} column, which the orchestrator's run writes never touch, so
 * a heartbeat never races a state change. Thread-safe.
 */
public final class HeartbeatStore {

    private final Database db;

    public HeartbeatStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** Records a heartbeat of a flow run and waits for its commit. */
    public void beat(UUID flowRunId, Instant at) {
        db.writer().enqueue("heartbeat:" + flowRunId, batch -> {
            var ps = batch.statement("UPDATE flow_run SET heartbeat = ? WHERE id = ?");
            ps.setLong(1, Sql.micros(at));
            ps.setString(2, flowRunId.toString());
            ps.addBatch();
            // The worker that claimed the run is alive too.
            var worker = batch.statement("UPDATE worker SET last_heartbeat = ? WHERE name IN "
                    + "(SELECT rc.worker FROM run_claim rc WHERE rc.flow_run_id = ?)");
            worker.setLong(1, Sql.micros(at));
            worker.setString(2, flowRunId.toString());
            worker.addBatch();
        });
        db.writer().flush();
    }

    /** The owner {@link #revokeClaim} records: no worker owns the run until it is claimed again. */
    public static final String REVOKED = "(declared crashed)";

    /**
     * Ends the claim of the worker executing a flow run declared Crashed: from now on that worker
     * (should it be alive after all) may not write to the run, and the run's next claim starts afresh.
     */
    public void revokeClaim(UUID flowRunId, Instant crashedAt) {
        db.writer().enqueue("revoke:" + flowRunId, batch -> {
            var ps = batch.statement("INSERT INTO run_claim (flow_run_id, state_timestamp, worker, claimed_at) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT (flow_run_id, state_timestamp) DO NOTHING");
            ps.setString(1, flowRunId.toString());
            ps.setLong(2, Sql.micros(crashedAt));
            ps.setString(3, REVOKED);
            ps.setLong(4, Sql.micros(Instant.now()));
            ps.addBatch();
        });
        db.writer().flush();
    }

    /** The worker whose claim of the flow run is the latest ({@link #REVOKED} after a crash), if a worker ever claimed it. */
    public Optional<String> claimedBy(UUID flowRunId) {
        List<String> rows = db.query("SELECT worker FROM run_claim WHERE flow_run_id = ? ORDER BY state_timestamp DESC LIMIT 1",
                ps -> ps.setString(1, flowRunId.toString()), rs -> rs.getString(1));
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.getFirst());
    }

    /** The flow run's last heartbeat, if it ever had one. */
    public Optional<Instant> last(UUID flowRunId) {
        List<Optional<Instant>> rows = db.query("SELECT heartbeat FROM flow_run WHERE id = ?",
                ps -> ps.setString(1, flowRunId.toString()), rs -> Optional.ofNullable(Sql.instant(rs, "heartbeat")));
        return rows.isEmpty() ? Optional.empty() : rows.getFirst();
    }
}
