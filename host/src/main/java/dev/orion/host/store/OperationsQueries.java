package dev.orion.host.store;

import dev.orion.api.RunKind;
import java.time.Instant;
import java.util.List;

/**
 * What an operator watches, read from the store: runs by state, late runs, due runs per work
 * queue, the workers seen. Each call is one query. Thread-safe.
 */
public final class OperationsQueries {

    /** How many runs of a kind are in a state type ({@code "NONE"} for runs with no state yet). */
    public record StateCount(RunKind kind, String stateType, long count) {
    }

    /**
     * A work queue's Scheduled runs that are due: how many, and the oldest one's scheduled time
     * (null when none is due).
     */
    public record QueueDue(String queue, long due, Instant oldestDue) {
    }

    /** A worker by name: when it last polled any queue, and when a run of it last heartbeated. */
    public record WorkerActivity(String name, Instant lastPolled, Instant lastHeartbeat) {
    }

    private final Database db;

    public OperationsQueries(Database db) {
        this.db = db;
    }

    public List<StateCount> runsByState() {
        return db.query("SELECT 'FLOW', COALESCE(state_type, 'NONE'), COUNT(*) FROM flow_run GROUP BY state_type "
                        + "UNION ALL SELECT 'TASK', COALESCE(state_type, 'NONE'), COUNT(*) FROM task_run GROUP BY state_type",
                ps -> { }, rs -> new StateCount(RunKind.valueOf(rs.getString(1)), rs.getString(2), rs.getLong(3)));
    }

    /** Flow runs the late-run marker found past their scheduled time and not started yet. */
    public long lateFlowRuns() {
        return db.query("SELECT COUNT(*) FROM flow_run WHERE state_type = 'SCHEDULED' AND state_name = 'Late'",
                ps -> { }, rs -> rs.getLong(1)).getFirst();
    }

    /** Every work queue with its due runs (queues with none due too). */
    public List<QueueDue> dueByQueue(Instant now) {
        return db.query("SELECT q.name, COUNT(f.id), MIN(f.next_scheduled_start_time) AS oldest FROM work_queue q "
                        + "LEFT JOIN flow_run f ON f.work_queue_name = q.name AND f.state_type = 'SCHEDULED' "
                        + "AND f.next_scheduled_start_time <= ? GROUP BY q.name",
                ps -> ps.setLong(1, Sql.micros(now)),
                rs -> new QueueDue(rs.getString(1), rs.getLong(2), Sql.instant(rs, "oldest")));
    }

    public List<WorkerActivity> workers() {
        return db.query("SELECT name, MAX(last_polled) AS polled, MAX(last_heartbeat) AS beat FROM worker GROUP BY name",
                ps -> { }, rs -> new WorkerActivity(rs.getString(1), Sql.instant(rs, "polled"), Sql.instant(rs, "beat")));
    }
}
