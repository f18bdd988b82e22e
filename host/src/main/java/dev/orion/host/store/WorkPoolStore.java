package dev.orion.host.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Work pools and the queues they hold. Prefect's {@code default-agent-pool} holds Orion's own
 * queues (a queue without a pool is in it) under their own names; a queue of another pool is
 * stored under {@code POOL/QUEUE}, its key, so that queue names stay unique and a flow run names
 * its queue as before. Every pool has a queue called {@value #DEFAULT_QUEUE}. Thread-safe.
 */
public final class WorkPoolStore {

    public static final UUID DEFAULT_POOL_ID = UUID.fromString("00000000-0000-4000-8000-00000000a9e7");
    public static final String DEFAULT_POOL = "default-agent-pool";
    public static final String DEFAULT_QUEUE = "default";

    /** A queue's name within its pool, in SQL over {@code work_queue q JOIN work_pool p}. */
    private static final String LOCAL_NAME = "(CASE WHEN p.id = '" + DEFAULT_POOL_ID + "' THEN q.name "
            + "ELSE SUBSTR(q.name, LENGTH(p.name) + 2) END)";
    private static final String QUEUES_OF_POOLS = "SELECT q.name FROM work_queue q JOIN work_pool p "
            + "ON p.id = COALESCE(q.work_pool_id, '" + DEFAULT_POOL_ID + "')";

    /** The fields a {@code work_pools} filter takes. */
    public static final Map<String, FilterField> POOL_FIELDS = Map.of(
            "id", FilterField.of("p.id", FilterField.Kind.ID),
            "name", FilterField.of("p.name", FilterField.Kind.TEXT),
            "type", FilterField.of("p.type", FilterField.Kind.TEXT));

    /** The fields a {@code work_queues} filter takes (a queue's name is its name in its pool). */
    public static final Map<String, FilterField> QUEUE_FIELDS = Map.of(
            "id", FilterField.of("q.id", FilterField.Kind.ID),
            "name", FilterField.of(LOCAL_NAME, FilterField.Kind.TEXT));

    private final Database db;

    public WorkPoolStore(Database db) {
        this.db = db;
    }

    /** The stored name of the queue {@code queue} of the pool {@code pool}. */
    public static String queueKey(String pool, String queue) {
        return pool == null || pool.equals(DEFAULT_POOL) ? queue : pool + "/" + queue;
    }

    /** The name of a stored queue within its pool (null: the default pool). */
    public static String localName(String key, String pool) {
        return key == null || pool == null || pool.equals(DEFAULT_POOL) || !key.startsWith(pool + "/") ? key
                : key.substring(pool.length() + 1);
    }

    /**
     * The condition on flow runs (by {@code work_queue_name}) of being in a queue matched by both
     * filters ({@link Filter#ALL} matches every queue of every pool).
     */
    public static Filter runsInQueues(Filter pools, Filter queues) {
        return Filter.in("work_queue_name", QUEUES_OF_POOLS, pools.and(queues));
    }

    /** Creates a pool with its default queue; empty if the name is taken. */
    public Optional<WorkPoolRecord> create(String name, String description, String type, String baseJobTemplate,
                                           boolean paused, Integer limit) {
        UUID id = UUID.randomUUID();
        boolean created = db.writer().transact(c -> {
            long now = Sql.micros(Instant.now());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO work_pool (id, name, description, type, "
                    + "base_job_template, is_paused, concurrency_limit, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (name) DO NOTHING")) {
                ps.setString(1, id.toString());
                ps.setString(2, name);
                Sql.setString(ps, 3, description);
                ps.setString(4, type);
                ps.setString(5, baseJobTemplate);
                ps.setInt(6, paused ? 1 : 0);
                Sql.setLong(ps, 7, limit == null ? null : limit.longValue());
                ps.setLong(8, now);
                ps.setLong(9, now);
                return ps.executeUpdate() > 0;
            }
        });
        return created ? find(id) : Optional.empty();
    }

    public Optional<WorkPoolRecord> find(UUID id) {
        return query("SELECT * FROM work_pool WHERE id = ?", ps -> ps.setString(1, id.toString())).stream().findFirst();
    }

    public Optional<WorkPoolRecord> named(String name) {
        return query("SELECT * FROM work_pool WHERE name = ?", ps -> ps.setString(1, name)).stream().findFirst();
    }

    /** The pool of a stored queue. */
    public WorkPoolRecord poolOf(UUID queuePoolId) {
        return find(queuePoolId == null ? DEFAULT_POOL_ID : queuePoolId).orElseThrow();
    }

    /** Pools matched by a {@code work_pools} filter, by name. */
    public List<WorkPoolRecord> list(Filter where, int limit, int offset) {
        return query("SELECT * FROM work_pool p WHERE " + where.sql() + " ORDER BY p.name LIMIT ? OFFSET ?", ps -> {
            int i = FilterQueries.bind(ps, where, 0);
            ps.setInt(++i, limit);
            ps.setInt(++i, offset);
        });
    }

    /** The stored names of the queues of a pool matched by a {@code work_queues} filter. */
    public List<String> queueKeys(WorkPoolRecord pool, Filter queues) {
        return queueKeys(new Filter("p.id = ?", List.of(pool.id().toString())).and(queues));
    }

    /** The stored names of the queues matched by a condition on {@code work_queue q} and its pool {@code p}. */
    public List<String> queueKeys(Filter where) {
        return db.query(QUEUES_OF_POOLS + " WHERE " + where.sql() + " ORDER BY q.priority, q.name",
                ps -> FilterQueries.bind(ps, where, 0), rs -> rs.getString(1));
    }

    /** Puts a stored queue in a pool. */
    public void adopt(UUID queueId, WorkPoolRecord pool) {
        db.writer().transact(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE work_queue SET work_pool_id = ? WHERE id = ?")) {
                ps.setString(1, pool.id().toString());
                ps.setString(2, queueId.toString());
                return ps.executeUpdate();
            }
        });
    }

    /** Changes a pool's settings; null leaves a field as it is (use {@code clearLimit} to remove the limit). */
    public void update(UUID id, String description, Boolean paused, String baseJobTemplate, Integer limit,
                       boolean clearLimit) {
        db.writer().transact(c -> {
            StringBuilder sql = new StringBuilder("UPDATE work_pool SET updated = ?");
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
            if (baseJobTemplate != null) {
                sql.append(", base_job_template = ?");
                values.add(baseJobTemplate);
            }
            if (limit != null || clearLimit) {
                sql.append(", concurrency_limit = ?");
                values.add(clearLimit ? null : (Object) limit.longValue());
            }
            sql.append(" WHERE id = ?");
            values.add(id.toString());
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                Sql.setAll(ps, values);
                return ps.executeUpdate();
            }
        });
    }

    /** Deletes a pool and its queues (not the default pool, whose queues are Orion's). */
    public boolean delete(WorkPoolRecord pool) {
        if (pool.isDefault()) {
            throw new IllegalArgumentException("the default pool holds Orion's work queues and cannot be deleted");
        }
        return db.writer().transact(c -> {
            try (PreparedStatement q = c.prepareStatement("DELETE FROM work_queue WHERE work_pool_id = ?");
                 PreparedStatement p = c.prepareStatement("DELETE FROM work_pool WHERE id = ?")) {
                q.setString(1, pool.id().toString());
                q.executeUpdate();
                p.setString(1, pool.id().toString());
                return p.executeUpdate() > 0;
            }
        });
    }

    /**
     * Scheduled flow runs in the given queues due by {@code before} (and not before {@code after},
     * if given), the soonest first; the queues' polls are recorded. As Prefect's, the answer claims
     * nothing: the worker proposes Pending, and the orchestrator lets one worker have a run.
     */
    public List<UUID> dueRuns(List<String> queueKeys, Instant before, Instant after, int limit) {
        if (queueKeys.isEmpty() || limit == 0) {
            return List.of();
        }
        String in = String.join(", ", queueKeys.stream().map(k -> "?").toList());
        db.writer().transact(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE work_queue SET last_polled = ? WHERE name IN (" + in + ")")) {
                ps.setLong(1, Sql.micros(Instant.now()));
                for (int i = 0; i < queueKeys.size(); i++) {
                    ps.setString(i + 2, queueKeys.get(i));
                }
                return ps.executeUpdate();
            }
        });
        return db.query("SELECT id FROM flow_run WHERE work_queue_name IN (" + in + ") AND state_type = 'SCHEDULED' "
                        + "AND next_scheduled_start_time <= ? AND next_scheduled_start_time >= ? "
                        + "ORDER BY next_scheduled_start_time, id LIMIT ?", ps -> {
                    int i = 0;
                    for (String k : queueKeys) {
                        ps.setString(++i, k);
                    }
                    ps.setLong(++i, Sql.micros(before));
                    ps.setLong(++i, after == null ? Long.MIN_VALUE : Sql.micros(after));
                    ps.setInt(++i, limit);
                }, rs -> UUID.fromString(rs.getString(1)));
    }

    private List<WorkPoolRecord> query(String sql, Database.Binder binder) {
        return db.query(sql, binder, WorkPoolStore::read);
    }

    private static WorkPoolRecord read(ResultSet rs) throws SQLException {
        int limit = rs.getInt("concurrency_limit");
        Integer concurrency = rs.wasNull() ? null : limit;
        return new WorkPoolRecord(UUID.fromString(rs.getString("id")), rs.getString("name"), rs.getString("description"),
                rs.getString("type"), rs.getString("base_job_template"), rs.getInt("is_paused") != 0, concurrency,
                Sql.instant(rs, "created"), Sql.instant(rs, "updated"));
    }
}
