package dev.orion.host.store;

import dev.orion.api.RunKind;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The reads behind the API's {@code /filter} and {@code /count} endpoints: flows, flow runs,
 * task runs and logs matched by a {@link Filter}, sorted, limited and offset. The field maps
 * say which Prefect filter fields each entity takes. Reads see what was committed. Thread-safe.
 */
public final class FilterQueries {

    public static final Map<String, FilterField> FLOW_FIELDS = Map.of(
            "id", FilterField.of("id", FilterField.Kind.ID),
            "name", FilterField.of("name", FilterField.Kind.TEXT),
            // Orion's flows carry no tags.
            "tags", FilterField.of("'[]'", FilterField.Kind.TAGS),
            "deployment", FilterField.of("(SELECT MIN(d.id) FROM deployment d WHERE d.flow_id = flow.id)",
                    FilterField.Kind.ID));

    public static final Map<String, FilterField> FLOW_RUN_FIELDS = Map.ofEntries(
            Map.entry("id", FilterField.of("id", FilterField.Kind.ID)),
            Map.entry("name", FilterField.of("name", FilterField.Kind.TEXT)),
            Map.entry("tags", FilterField.of("tags", FilterField.Kind.TAGS)),
            Map.entry("deployment_id", FilterField.of("deployment_id", FilterField.Kind.ID)),
            Map.entry("work_queue_name", FilterField.of("work_queue_name", FilterField.Kind.TEXT)),
            Map.entry("state", FilterField.of("state", FilterField.Kind.STATE)),
            Map.entry("start_time", FilterField.of("start_time", FilterField.Kind.TIME)),
            Map.entry("end_time", FilterField.of("end_time", FilterField.Kind.TIME)),
            Map.entry("expected_start_time", FilterField.of("expected_start_time", FilterField.Kind.TIME)),
            Map.entry("next_scheduled_start_time", FilterField.of("next_scheduled_start_time", FilterField.Kind.TIME)),
            Map.entry("parent_task_run_id", FilterField.of("parent_task_run_id", FilterField.Kind.ID)),
            Map.entry("parent_flow_run_id", FilterField.of("(SELECT t.flow_run_id FROM task_run t "
                    + "WHERE t.id = flow_run.parent_task_run_id)", FilterField.Kind.ID)),
            Map.entry("idempotency_key", FilterField.of("idempotency_key", FilterField.Kind.TEXT)));

    public static final Map<String, FilterField> TASK_RUN_FIELDS = Map.ofEntries(
            Map.entry("id", FilterField.of("id", FilterField.Kind.ID)),
            Map.entry("name", FilterField.of("name", FilterField.Kind.TEXT)),
            Map.entry("tags", FilterField.of("tags", FilterField.Kind.TAGS)),
            Map.entry("state", FilterField.of("state", FilterField.Kind.STATE)),
            Map.entry("start_time", FilterField.of("start_time", FilterField.Kind.TIME)),
            Map.entry("expected_start_time", FilterField.of("expected_start_time", FilterField.Kind.TIME)),
            Map.entry("flow_run_id", FilterField.of("flow_run_id", FilterField.Kind.ID)),
            Map.entry("subflow_runs", FilterField.of(
                    "EXISTS (SELECT 1 FROM flow_run sub WHERE sub.parent_task_run_id = task_run.id)",
                    FilterField.Kind.EXISTS)));

    public static final Map<String, FilterField> LOG_FIELDS = Map.of(
            "level", FilterField.of("level", FilterField.Kind.LEVEL),
            "timestamp", FilterField.of("timestamp", FilterField.Kind.TIME),
            "flow_run_id", FilterField.of("flow_run_id", FilterField.Kind.ID),
            "task_run_id", FilterField.of("task_run_id", FilterField.Kind.ID));

    public static final Map<String, String> FLOW_RUN_SORTS = Map.of(
            "ID_DESC", "id DESC",
            "START_TIME_ASC", "start_time ASC, id",
            "START_TIME_DESC", "start_time DESC, id",
            "EXPECTED_START_TIME_ASC", "expected_start_time ASC, id",
            "EXPECTED_START_TIME_DESC", "expected_start_time DESC, id",
            "NAME_ASC", "name ASC, id",
            "NAME_DESC", "name DESC, id",
            "NEXT_SCHEDULED_START_TIME_ASC", "next_scheduled_start_time ASC, id",
            "END_TIME_DESC", "end_time DESC, id",
            "CREATED_DESC", "created DESC, id");

    public static final Map<String, String> TASK_RUN_SORTS = Map.of(
            "ID_DESC", "id DESC",
            "EXPECTED_START_TIME_ASC", "expected_start_time ASC, id",
            "EXPECTED_START_TIME_DESC", "expected_start_time DESC, id",
            "NAME_ASC", "name ASC, id",
            "NAME_DESC", "name DESC, id",
            "NEXT_SCHEDULED_START_TIME_ASC", "next_scheduled_start_time ASC, id",
            "END_TIME_DESC", "end_time DESC, id");

    public static final Map<String, String> FLOW_SORTS = Map.of(
            "CREATED_DESC", "created DESC, id",
            "UPDATED_DESC", "created DESC, id",
            "NAME_ASC", "name ASC",
            "NAME_DESC", "name DESC");

    public static final Map<String, String> LOG_SORTS = Map.of(
            "TIMESTAMP_ASC", "timestamp ASC, id",
            "TIMESTAMP_DESC", "timestamp DESC, id");

    /** One page of a sorted result. */
    public record Page(String orderBy, int limit, int offset) {
    }

    private final Database db;

    public FilterQueries(Database db) {
        this.db = db;
    }

    public List<RunRow> runs(RunKind kind, Filter where, Page page) {
        String table = kind == RunKind.FLOW ? "flow_run" : "task_run";
        return select("SELECT * FROM " + table + " WHERE " + where.sql(), where, page, rs -> RunStore.readRun(rs, kind));
    }

    public long countRuns(RunKind kind, Filter where) {
        String table = kind == RunKind.FLOW ? "flow_run" : "task_run";
        return db.query("SELECT COUNT(*) FROM " + table + " WHERE " + where.sql(), ps -> bind(ps, where, 0),
                rs -> rs.getLong(1)).getFirst();
    }

    public List<FlowRecord> flows(Filter where, Page page) {
        return select("SELECT id, name, created FROM flow WHERE " + where.sql(), where, page, FilterQueries::flow);
    }

    public long countFlows(Filter where) {
        return db.query("SELECT COUNT(*) FROM flow WHERE " + where.sql(), ps -> bind(ps, where, 0),
                rs -> rs.getLong(1)).getFirst();
    }

    public Optional<FlowRecord> flow(UUID id) {
        return db.query("SELECT id, name, created FROM flow WHERE id = ?", ps -> ps.setString(1, id.toString()),
                FilterQueries::flow).stream().findFirst();
    }

    public Optional<FlowRecord> flowNamed(String name) {
        return db.query("SELECT id, name, created FROM flow WHERE name = ?", ps -> ps.setString(1, name),
                FilterQueries::flow).stream().findFirst();
    }

    /** Log lines with their ids. */
    public record LogLine(UUID id, LogRow row) {
    }

    public List<LogLine> logs(Filter where, Page page) {
        return select("SELECT * FROM log WHERE " + where.sql(), where, page, rs -> new LogLine(
                UUID.fromString(rs.getString("id")), new LogRow(Sql.uuid(rs, "flow_run_id"), Sql.uuid(rs, "task_run_id"),
                rs.getString("level"), rs.getString("logger"), rs.getString("message"), Sql.instant(rs, "timestamp"))));
    }

    private <T> List<T> select(String sql, Filter where, Page page, Database.Mapper<T> mapper) {
        String full = sql + " ORDER BY " + page.orderBy() + " LIMIT ? OFFSET ?";
        return db.query(full, ps -> {
            int i = bind(ps, where, 0);
            ps.setInt(++i, page.limit());
            ps.setInt(++i, page.offset());
        }, mapper);
    }

    public static int bind(PreparedStatement ps, Filter where, int start) throws SQLException {
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

    private static FlowRecord flow(ResultSet rs) throws SQLException {
        return new FlowRecord(UUID.fromString(rs.getString("id")), rs.getString("name"), Sql.instant(rs, "created"));
    }
}
