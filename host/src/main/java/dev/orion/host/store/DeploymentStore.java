package dev.orion.host.store;

import com.fasterxml.jackson.databind.JavaType;
import dev.orion.host.util.Json;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Deployments. Writes wait for their commit; reads see what was committed. Thread-safe. */
public final class DeploymentStore {

    private static final JavaType TAGS = Json.MAPPER.getTypeFactory().constructCollectionType(Set.class, String.class);
    private static final String UPSERT = "INSERT INTO deployment (id, name, flow_id, flow_name, description, entrypoint, "
            + "path, schedule, is_schedule_active, parameters, tags, work_queue_name, created, updated, prefect_fields) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (flow_id, name) DO UPDATE SET "
            + "description = excluded.description, entrypoint = excluded.entrypoint, path = excluded.path, schedule = excluded.schedule, "
            + "is_schedule_active = excluded.is_schedule_active, parameters = excluded.parameters, tags = excluded.tags, "
            + "work_queue_name = excluded.work_queue_name, updated = excluded.updated, prefect_fields = excluded.prefect_fields";

    private final Database db;

    public DeploymentStore(Database db) {
        this.db = db;
    }

    /** Creates the deployment, or updates the one of the same flow and name (keeping its id); returns it as stored. */
    public DeploymentRecord save(DeploymentRecord d) {
        db.writer().transact(c -> {
            long now = Sql.micros(Instant.now());
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                ps.setString(1, d.id().toString());
                ps.setString(2, d.name());
                ps.setString(3, d.flowId().toString());
                ps.setString(4, d.flowName());
                Sql.setString(ps, 5, d.description());
                Sql.setString(ps, 6, d.entrypoint());
                Sql.setString(ps, 7, d.path());
                Sql.setString(ps, 8, d.schedule());
                ps.setInt(9, d.scheduleActive() ? 1 : 0);
                ps.setString(10, d.parameters());
                ps.setString(11, Json.write(d.tags()));
                Sql.setString(ps, 12, d.workQueueName());
                ps.setLong(13, d.created() == null ? now : Sql.micros(d.created()));
                ps.setLong(14, now);
                ps.setString(15, d.prefectFields());
                ps.executeUpdate();
            }
            return null;
        });
        return byFlowAndName(d.flowId(), d.name()).orElseThrow();
    }

    public Optional<DeploymentRecord> find(UUID id) {
        return query("SELECT * FROM deployment WHERE id = ?", ps -> ps.setString(1, id.toString())).stream().findFirst();
    }

    public Optional<DeploymentRecord> byFlowAndName(UUID flowId, String name) {
        return query("SELECT * FROM deployment WHERE flow_id = ? AND name = ?", ps -> {
            ps.setString(1, flowId.toString());
            ps.setString(2, name);
        }).stream().findFirst();
    }

    /** Deployments called {@code name}, or {@code flow/name}. */
    public List<DeploymentRecord> named(String name) {
        int slash = name.indexOf('/');
        if (slash > 0) {
            return query("SELECT * FROM deployment WHERE flow_name = ? AND name = ?", ps -> {
                ps.setString(1, name.substring(0, slash));
                ps.setString(2, name.substring(slash + 1));
            });
        }
        return query("SELECT * FROM deployment WHERE name = ? ORDER BY flow_name", ps -> ps.setString(1, name));
    }

    public List<DeploymentRecord> list(int limit, int offset) {
        return query("SELECT * FROM deployment ORDER BY flow_name, name LIMIT ? OFFSET ?", ps -> {
            ps.setInt(1, limit);
            ps.setInt(2, offset);
        });
    }

    /** Active deployments that have a schedule. */
    public List<DeploymentRecord> scheduled() {
        return query("SELECT * FROM deployment WHERE is_schedule_active = 1 AND schedule IS NOT NULL", ps -> { });
    }

    /**
     * Switches the deployment's schedule on or off; off, the runs it made that still wait go too
     * (as Prefect does). Returns whether the deployment exists.
     */
    public boolean setScheduleActive(UUID id, boolean active) {
        return db.writer().transact(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE deployment SET is_schedule_active = ?, updated = ? WHERE id = ?")) {
                ps.setInt(1, active ? 1 : 0);
                ps.setLong(2, Sql.micros(Instant.now()));
                ps.setString(3, id.toString());
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            if (!active) {
                ScheduledRunStore.deleteAutoScheduled(c, id);
            }
            return true;
        });
    }

    public boolean delete(UUID id) {
        return update("DELETE FROM deployment WHERE id = ?", ps -> ps.setString(1, id.toString()));
    }

    private boolean update(String sql, Database.Binder binder) {
        return db.writer().transact(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private List<DeploymentRecord> query(String sql, Database.Binder binder) {
        return db.query(sql, binder, DeploymentStore::read);
    }

    private static DeploymentRecord read(ResultSet rs) throws SQLException {
        return new DeploymentRecord(UUID.fromString(rs.getString("id")), rs.getString("name"),
                UUID.fromString(rs.getString("flow_id")), rs.getString("flow_name"), rs.getString("description"),
                rs.getString("entrypoint"), rs.getString("path"), rs.getString("schedule"), rs.getInt("is_schedule_active") != 0,
                rs.getString("parameters"), Json.read(rs.getString("tags"), TAGS), rs.getString("work_queue_name"),
                Sql.instant(rs, "created"), Sql.instant(rs, "updated"), rs.getString("prefect_fields"));
    }
}
