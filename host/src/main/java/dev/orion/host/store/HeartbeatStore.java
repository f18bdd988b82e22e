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

    /** The flow run's last heartbeat, if it ever had one. */
    public Optional<Instant> last(UUID flowRunId) {
        List<Optional<Instant>> rows = db.query("SELECT heartbeat FROM flow_run WHERE id = ?",
                ps -> ps.setString(1, flowRunId.toString()), rs -> Optional.ofNullable(Sql.instant(rs, "heartbeat")));
        return rows.isEmpty() ? Optional.empty() : rows.getFirst();
    }
}
