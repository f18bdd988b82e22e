package dev.orion.host.store;

import com.fasterxml.jackson.databind.JavaType;
import dev.orion.host.util.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Work queues, and the atomic claiming of their due runs by workers: candidates are selected
 * and claimed in one transaction of the single writer, with {@code FOR UPDATE SKIP LOCKED} on
 * PostgreSQL so that servers sharing a database skip each other's candidates, and a claim is a
 * row whose primary key (run, scheduled state) can be inserted once only. Thread-safe.
 */
public final class WorkQueueStore {

    private static final JavaType TAGS = Json.MAPPER.getTypeFactory().constructCollectionType(Set.class, String.class);

    /** A run claimed from a queue, with the timestamp of the Scheduled state it was claimed in. */
    public record Claim(UUID flowRunId, Instant stateTimestamp) {
    }

    private final Database db;

    public WorkQueueStore(Database db) {
        this.db = db;
    }

    /** Creates a queue; empty if the name is taken. */
    public Optional<WorkQueueRecord> create(String name, String description, Integer limit, int priority, Set<String> tags) {
        UUID id = UUID.randomUUID();
        boolean created = db.writer().transact(c -> {
            long now = Sql.micros(Instant.now());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO work_queue (id, name, description, is_paused, "
                    + "concurrency_limit, priority, tags, created, updated) VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (name) DO NOTHING")) {
                ps.setString(1, id.toString());
                ps.setString(2, name);
                Sql.setString(ps, 3, description);
                Sql.setLong(ps, 4, limit == null ? null : limit.longValue());
                ps.setInt(5, priority);
                ps.setString(6, Json.write(tags == null ? Set.of() : tags));
                ps.setLong(7, now);
                ps.setLong(8, now);
                return ps.executeUpdate() > 0;
            }
        });
        return created ? find(id) : Optional.empty();
    }

    public Optional<WorkQueueRecord> find(UUID id) {
        return query("SELECT * FROM work_queue WHERE id = ?", ps -> ps.setString(1, id.toString())).stream().findFirst();
    }

    public Optional<WorkQueueRecord> named(String name) {
        return query("SELECT * FROM work_queue WHERE name = ?", ps -> ps.setString(1, name)).stream().findFirst();
    }

    public List<WorkQueueRecord> list(int limit, int offset) {
        return query("SELECT * FROM work_queue ORDER BY priority, name LIMIT ? OFFSET ?", ps -> {
            ps.setInt(1, limit);
            ps.setInt(2, offset);
        });
    }

    /** Changes a queue's settings; null leaves a field as it is (use {@code clearLimit} to remove the limit). */
    public boolean update(UUID id, String description, Boolean paused, Integer limit, boolean clearLimit, Integer priority) {
        return db.writer().transact(c -> {
            StringBuilder sql = new StringBuilder("UPDATE work_queue SET updated = ?");
            List<Object> values = new ArrayList<>();
            values.add(Sql.micros(Instant.now()));
            if (description != null) {
                sql.append(", description = ?");
                values.add(description);
            }
            if (paused != null) {
                sql.append(", is_paused = ?");
                values.add(paused ? 1L : 0L);
            }
            if (limit != null || clearLimit) {
                sql.append(", concurrency_limit = ?");
                values.add(clearLimit ? null : (Object) limit.longValue());
            }
            if (priority != null) {
                sql.append(", priority = ?");
                values.add(priority.longValue());
            }
            sql.append(" WHERE id = ?");
            values.add(id.toString());
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                Sql.setAll(ps, values);
                return ps.executeUpdate() > 0;
            }
        });
    }

    public boolean delete(UUID id) {
        return db.writer().transact(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM work_queue WHERE id = ?")) {
                ps.setString(1, id.toString());
                return ps.executeUpdate() > 0;
            }
        });
    }

    /**
     * Claims up to {@code maxRuns} Scheduled runs of the queue due by {@code before} for a worker,
     * oldest first, skipping runs another worker claimed, and no more than the queue's concurrency
     * limit leaves free, counted in the same transaction; also records the poll. A claimed run's
     * heartbeat is set to now: the claim is the worker's first sign of life, so a run whose
     * worker dies before its first heartbeat is still declared Crashed, and a rescheduled run is
     * not judged by the heartbeats of the worker that executed it before.
     */
    public List<Claim> claimDue(String queueName, Instant before, int maxRuns, String worker) {
        String lock = db.dialect() == Database.Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
        return db.writer().transact(c -> {
            long now = Sql.micros(Instant.now());
            // On PostgreSQL this update locks the queue's row until the commit: polls of one queue, on
            // any server, count and claim one after the other, so its concurrency limit holds.
            try (PreparedStatement ps = c.prepareStatement("UPDATE work_queue SET last_polled = ? WHERE name = ?")) {
                ps.setLong(1, now);
                ps.setString(2, queueName);
                ps.executeUpdate();
            }
            int limit = Math.min(maxRuns, freeSlots(c, queueName));
            if (limit <= 0) {
                return List.of();
            }
            List<Claim> candidates = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, state_timestamp FROM flow_run f "
                    + "WHERE work_queue_name = ? AND state_type = 'SCHEDULED' AND next_scheduled_start_time <= ? "
                    + "AND NOT EXISTS (SELECT 1 FROM run_claim rc WHERE rc.flow_run_id = f.id "
                    + "AND rc.state_timestamp = f.state_timestamp) "
                    + "ORDER BY next_scheduled_start_time, id LIMIT ?" + lock)) {
                ps.setString(1, queueName);
                ps.setLong(2, Sql.micros(before));
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(new Claim(UUID.fromString(rs.getString(1)), Sql.instant(rs, "state_timestamp")));
                    }
                }
            }
            List<Claim> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_claim (flow_run_id, state_timestamp, worker, "
                    + "claimed_at) VALUES (?, ?, ?, ?) ON CONFLICT (flow_run_id, state_timestamp) DO NOTHING");
                 PreparedStatement beat = c.prepareStatement("UPDATE flow_run SET heartbeat = ? WHERE id = ?")) {
                for (Claim cl : candidates) {
                    ps.setString(1, cl.flowRunId().toString());
                    ps.setLong(2, Sql.micros(cl.stateTimestamp()));
                    ps.setString(3, worker);
                    ps.setLong(4, now);
                    if (ps.executeUpdate() > 0) {
                        claimed.add(cl);
                        beat.setLong(1, now);
                        beat.setString(2, cl.flowRunId().toString());
                        beat.executeUpdate();
                    }
                }
            }
            return claimed;
        });
    }

    /**
     * How many more runs the queue's concurrency limit lets start (no limit: unbounded), counting
     * the runs that are Pending, Running or Cancelling and those claimed but not yet Pending.
     */
    private static int freeSlots(Connection c, String queueName) throws SQLException {
        Integer cap = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT concurrency_limit FROM work_queue WHERE name = ?")) {
            ps.setString(1, queueName);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    long v = rs.getLong(1);
                    cap = rs.wasNull() ? null : (int) v;
                }
            }
        }
        if (cap == null) {
            return Integer.MAX_VALUE;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM flow_run f WHERE f.work_queue_name = ? "
                + "AND (f.state_type IN ('PENDING', 'RUNNING', 'CANCELLING') OR (f.state_type = 'SCHEDULED' AND EXISTS "
                + "(SELECT 1 FROM run_claim rc WHERE rc.flow_run_id = f.id AND rc.state_timestamp = f.state_timestamp)))")) {
            ps.setString(1, queueName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Math.max(0, cap - rs.getInt(1));
            }
        }
    }

    /**
     * Gives a claim back: its run's Pending was refused or told to wait, so it is still Scheduled in
     * the state it was claimed in, and a later poll (of any worker) may claim it again.
     */
    public void release(Claim claim) {
        db.writer().transact(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM run_claim WHERE flow_run_id = ? AND state_timestamp = ?")) {
                ps.setString(1, claim.flowRunId().toString());
                ps.setLong(2, Sql.micros(claim.stateTimestamp()));
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Runs of the queue whose latest claim is this worker's and that have not started: still
     * Scheduled in the claimed state (the claim committed, moving them to Pending did not) or
     * Pending. A worker that never heard the answer to its claim gets them at its next poll
     * instead of leaving them stranded until they are declared Crashed.
     */
    public List<UUID> claimedNotStarted(String queueName, String worker, int limit) {
        return db.query("SELECT f.id FROM flow_run f JOIN run_claim rc ON rc.flow_run_id = f.id "
                        + "WHERE f.work_queue_name = ? AND rc.worker = ? AND (f.state_type = 'PENDING' "
                        + "OR (f.state_type = 'SCHEDULED' AND rc.state_timestamp = f.state_timestamp)) "
                        + "AND rc.claimed_at = (SELECT MAX(r2.claimed_at) FROM run_claim r2 WHERE r2.flow_run_id = f.id) "
                        + "ORDER BY rc.claimed_at, f.id LIMIT ?",
                ps -> {
                    ps.setString(1, queueName);
                    ps.setString(2, worker);
                    ps.setInt(3, limit);
                }, rs -> UUID.fromString(rs.getString(1)));
    }

    /** Records that a worker polled the queue now (its first poll adds it). */
    public void seen(UUID queueId, String worker, Instant at) {
        db.writer().enqueue("worker:" + worker + ":" + queueId, batch -> {
            var ps = batch.statement("INSERT INTO worker (name, work_queue_id, last_polled) VALUES (?, ?, ?) "
                    + "ON CONFLICT (name, work_queue_id) DO UPDATE SET last_polled = excluded.last_polled");
            ps.setString(1, worker);
            ps.setString(2, queueId.toString());
            ps.setLong(3, Sql.micros(at));
            ps.addBatch();
        });
    }

    /** The workers seen on the queue, the most recently polling first. */
    public List<WorkerSeen> workers(UUID queueId) {
        return db.query("SELECT name, last_polled, last_heartbeat FROM worker WHERE work_queue_id = ? "
                        + "ORDER BY last_polled DESC, name",
                ps -> ps.setString(1, queueId.toString()),
                rs -> new WorkerSeen(rs.getString("name"), Sql.instant(rs, "last_polled"), Sql.instant(rs, "last_heartbeat")));
    }

    private List<WorkQueueRecord> query(String sql, Database.Binder binder) {
        return db.query(sql, binder, WorkQueueStore::read);
    }

    private static WorkQueueRecord read(ResultSet rs) throws SQLException {
        int limit = rs.getInt("concurrency_limit");
        Integer concurrency = rs.wasNull() ? null : limit;
        return new WorkQueueRecord(UUID.fromString(rs.getString("id")), rs.getString("name"),
                rs.getString("description"), rs.getInt("is_paused") != 0, concurrency, rs.getInt("priority"),
                Json.read(rs.getString("tags"), TAGS), Sql.instant(rs, "last_polled"), Sql.instant(rs, "created"),
                Sql.instant(rs, "updated"), Sql.uuid(rs, "work_pool_id"));
    }
}
