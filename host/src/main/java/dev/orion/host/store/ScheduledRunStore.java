package dev.orion.host.store;

import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.RunPolicy;
import dev.orion.host.util.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Inserts the Scheduled runs of deployments, as Prefect's scheduler does: straight into the
 * store, each with its first state, and {@code ON CONFLICT DO NOTHING} on the run's
 * {@code (flow, idempotency key)}, so that a restarted scheduler, or two schedulers on one
 * database, never create the same run twice. Thread-safe.
 */
public final class ScheduledRunStore {

    private static final String INSERT_RUN = "INSERT INTO flow_run (id, flow_id, flow_name, name, parameters, tags, "
            + "policy, deployment_id, idempotency_key, work_queue_name, state_type, state_name, state_timestamp, "
            + "state_details, run_count, expected_start_time, next_scheduled_start_time, total_run_time_us, created, "
            + "updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 0, ?, ?) ON CONFLICT DO NOTHING";
    private static final String INSERT_STATE = "INSERT INTO run_state (id, run_id, run_kind, type, name, timestamp, "
            + "details, reason) VALUES (?, ?, 'FLOW', ?, ?, ?, ?, ?)";

    private final Database db;

    public ScheduledRunStore(Database db) {
        this.db = db;
    }

    /** The idempotency key of a deployment's run at a time. */
    public static String idempotencyKey(UUID deploymentId, Instant at) {
        return "scheduled " + deploymentId + " " + at;
    }

    /**
     * Inserts the deployment's run due at {@code at} unless it exists or the deployment's schedule
     * is off; returns whether it was inserted. The deployment's row is locked first (a no-op update),
     * so a schedule switched off meanwhile either waits for this insert and deletes its run, or is
     * seen off here.
     */
    public boolean insert(DeploymentRecord d, Instant at, String runName) {
        State state = State.scheduled(at);
        return db.writer().transact(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE deployment SET is_schedule_active = is_schedule_active WHERE id = ? AND is_schedule_active = 1")) {
                ps.setString(1, d.id().toString());
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            UUID id = UUID.randomUUID();
            long now = Sql.micros(Instant.now());
            try (PreparedStatement ps = c.prepareStatement(INSERT_RUN)) {
                int i = 1;
                ps.setString(i++, id.toString());
                ps.setString(i++, d.flowId().toString());
                ps.setString(i++, d.flowName());
                ps.setString(i++, runName);
                ps.setString(i++, d.parameters());
                ps.setString(i++, Json.write(d.tags()));
                ps.setString(i++, Json.write(RunPolicy.NONE));
                ps.setString(i++, d.id().toString());
                ps.setString(i++, idempotencyKey(d.id(), at));
                Sql.setString(ps, i++, d.workQueueName());
                ps.setString(i++, StateType.SCHEDULED.name());
                ps.setString(i++, state.name());
                ps.setLong(i++, now);
                ps.setString(i++, StateCodec.details(state));
                ps.setLong(i++, Sql.micros(at));
                ps.setLong(i++, Sql.micros(at));
                ps.setLong(i++, now);
                ps.setLong(i, now);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(INSERT_STATE)) {
                ps.setString(1, UUID.randomUUID().toString());
                ps.setString(2, id.toString());
                ps.setString(3, StateType.SCHEDULED.name());
                ps.setString(4, state.name());
                ps.setLong(5, now);
                ps.setString(6, StateCodec.details(state));
                ps.setString(7, "scheduled by deployment " + d.flowName() + "/" + d.name());
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** Scheduled runs not yet marked late whose time passed before {@code before}. */
    public List<UUID> overdue(Instant before, int limit) {
        return db.query("SELECT id FROM flow_run WHERE state_type = 'SCHEDULED' AND state_name = 'Scheduled' "
                + "AND next_scheduled_start_time < ? ORDER BY next_scheduled_start_time LIMIT ?", ps -> {
                    ps.setLong(1, Sql.micros(before));
                    ps.setInt(2, limit);
                }, rs -> UUID.fromString(rs.getString(1)));
    }

    /**
     * The Scheduled runs (Late ones included) of the deployments due before {@code before}, the
     * earliest first: what a served flow ({@code flow.serve()}) polls for.
     */
    public List<UUID> dueFor(List<UUID> deploymentIds, Instant before, int limit) {
        if (deploymentIds.isEmpty() || limit == 0) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(deploymentIds.size(), "?"));
        return db.query("SELECT id FROM flow_run WHERE deployment_id IN (" + marks + ") AND state_type = 'SCHEDULED' "
                + "AND next_scheduled_start_time <= ? ORDER BY next_scheduled_start_time LIMIT ?", ps -> {
                    int i = 1;
                    for (UUID id : deploymentIds) {
                        ps.setString(i++, id.toString());
                    }
                    ps.setLong(i++, Sql.micros(before));
                    ps.setInt(i, limit);
                }, rs -> UUID.fromString(rs.getString(1)));
    }

    /**
     * Deletes the runs the scheduler made for the deployment that are still Scheduled (Late ones
     * included), with their states, as Prefect does when a schedule is switched off; a run another
     * server moved on meanwhile is kept. Runs in the caller's transaction; returns how many were deleted.
     */
    static int deleteAutoScheduled(Connection c, UUID deploymentId) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM flow_run WHERE deployment_id = ? "
                + "AND state_type = 'SCHEDULED' AND idempotency_key LIKE 'scheduled %' RETURNING id")) {
            ps.setString(1, deploymentId.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        for (String sql : List.of("DELETE FROM run_state WHERE run_id = ?", "DELETE FROM decision WHERE run_id = ?",
                "DELETE FROM run_claim WHERE flow_run_id = ?")) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (String id : ids) {
                    ps.setString(1, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        return ids.size();
    }

    /** How many Scheduled runs of the deployment are due after {@code after}. */
    public int countUpcoming(UUID deploymentId, Instant after) {
        return db.query("SELECT COUNT(*) FROM flow_run WHERE deployment_id = ? AND state_type = 'SCHEDULED' "
                + "AND next_scheduled_start_time > ?", ps -> {
                    ps.setString(1, deploymentId.toString());
                    ps.setLong(2, Sql.micros(after));
                }, rs -> rs.getInt(1)).getFirst();
    }
}
