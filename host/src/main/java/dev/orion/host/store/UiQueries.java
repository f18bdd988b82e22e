package dev.orion.host.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The reads behind the web UI that the Prefect-shaped API has no endpoint for: every task run
 * of a flow run with its state history in one query (the timeline of a 10,000-task run), and
 * flow run counts per state and per time bucket (the dashboard). Reads see what was committed.
 * Thread-safe.
 */
public final class UiQueries {

    /** A task run as the timeline draws it; times in epoch microseconds, null when unknown. */
    public record TimelineTask(UUID id, String name, String taskKey, String stateType, String stateName,
                               Long startTime, Long endTime, long created, int runCount, String taskInputs,
                               List<TimelineState> states) {
    }

    /** One state of a task run's history, with the rule that decided it (null when none intervened). */
    public record TimelineState(String type, String name, long timestamp, String rule, String reason) {
    }

    /** How many flow runs in one state fall in one time bucket. */
    public record BucketCount(String stateType, long bucket, long count) {
    }

    private final Database db;

    public UiQueries(Database db) {
        this.db = db;
    }

    /**
     * The first {@code limit} task runs of a flow run, in creation order, with their states; only
     * those updated at or after {@code updatedSince} (epoch microseconds) when it is not null.
     */
    public List<TimelineTask> timeline(UUID flowRunId, Long updatedSince, int limit) {
        String since = (updatedSince == null ? "" : " AND updated >= ?") + " ORDER BY created, id LIMIT " + limit;
        List<TimelineTask> tasks = db.query("SELECT id, name, task_key, state_type, state_name, start_time, end_time, "
                + "created, run_count, task_inputs FROM task_run WHERE flow_run_id = ?" + since,
                ps -> bindRun(ps, flowRunId, updatedSince),
                rs -> new TimelineTask(UUID.fromString(rs.getString(1)), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), longOrNull(rs, 6), longOrNull(rs, 7), rs.getLong(8),
                        rs.getInt(9), rs.getString(10), new ArrayList<>()));
        if (tasks.isEmpty()) {
            return tasks;
        }
        Map<String, List<TimelineState>> byRun = new HashMap<>(tasks.size() * 2);
        tasks.forEach(t -> byRun.put(t.id().toString(), t.states()));
        db.query("SELECT run_id, type, name, timestamp, rule, reason FROM run_state WHERE run_id IN "
                        + "(SELECT id FROM task_run WHERE flow_run_id = ?" + since + ") ORDER BY run_id, timestamp, id",
                ps -> bindRun(ps, flowRunId, updatedSince),
                rs -> {
                    List<TimelineState> states = byRun.get(rs.getString(1));
                    if (states != null) {
                        states.add(new TimelineState(rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                                rs.getString(6)));
                    }
                    return null;
                });
        return tasks;
    }

    /** How many task runs a flow run has. */
    public long taskRunCount(UUID flowRunId) {
        return db.query("SELECT COUNT(*) FROM task_run WHERE flow_run_id = ?", ps -> ps.setString(1, flowRunId.toString()),
                rs -> rs.getLong(1)).getFirst();
    }

    /**
     * Flow runs matching {@code where}, counted per state type and per bucket of
     * {@code bucketMicros} of their expected start time, from {@code fromMicros} (inclusive) to
     * {@code toMicros} (exclusive); bucket 0 starts at {@code fromMicros}.
     */
    public List<BucketCount> flowRunHistogram(Filter where, long fromMicros, long toMicros, long bucketMicros) {
        String sql = "SELECT state_type, (expected_start_time - ?) / ? AS bucket, COUNT(*) FROM flow_run WHERE "
                + where.sql() + " AND expected_start_time >= ? AND expected_start_time < ? GROUP BY state_type, bucket";
        return db.query(sql, ps -> {
            int i = 0;
            ps.setLong(++i, fromMicros);
            ps.setLong(++i, bucketMicros);
            i = bind(ps, where, i);
            ps.setLong(++i, fromMicros);
            ps.setLong(++i, toMicros);
        }, rs -> new BucketCount(rs.getString(1), rs.getLong(2), rs.getLong(3)));
    }

    /** Flow runs matching {@code where}, counted per state type (null for runs with no state yet). */
    public List<BucketCount> flowRunCountsByState(Filter where) {
        return db.query("SELECT state_type, COUNT(*) FROM flow_run WHERE " + where.sql() + " GROUP BY state_type",
                ps -> bind(ps, where, 0), rs -> new BucketCount(rs.getString(1), 0, rs.getLong(2)));
    }

    private static void bindRun(PreparedStatement ps, UUID flowRunId, Long updatedSince) throws SQLException {
        ps.setString(1, flowRunId.toString());
        if (updatedSince != null) {
            ps.setLong(2, updatedSince);
        }
    }

    private static int bind(PreparedStatement ps, Filter where, int start) throws SQLException {
        int i = start;
        for (Object p : where.params()) {
            ++i;
            if (p instanceof Long l) {
                ps.setLong(i, l);
            } else {
                ps.setString(i, String.valueOf(p));
            }
        }
        return i;
    }

    private static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
