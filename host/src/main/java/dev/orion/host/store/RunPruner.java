package dev.orion.host.store;

import dev.orion.api.StateType;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Deletes old finished flow runs with everything that refers to them: their task runs, their
 * subflow runs, states, decisions, logs, cache entries, claims, and any other table with a
 * {@code flow_run_id}, {@code task_run_id} or {@code run_id} column (found in the schema, so
 * tables added later are covered too), plus the result files their states point to. Works in
 * batches, each one short transaction through the store's writer, so a server on the same
 * database keeps serving. Thread-safe.
 */
public final class RunPruner {

    /** What a prune deleted. */
    public record Result(int flowRuns, int taskRuns, int results) {
    }

    private record Reference(String table, String column) {
    }

    private final Database db;

    public RunPruner(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /**
     * Deletes flow runs in one of {@code states} that ended (or, never started, were created)
     * before {@code cutoff}. {@code deleteResult} is given each stored result reference of the
     * deleted runs, after their rows are gone.
     */
    public Result prune(Instant cutoff, Set<StateType> states, int batchSize, Consumer<String> deleteResult) {
        if (states.isEmpty()) {
            throw new IllegalArgumentException("no state types to prune");
        }
        List<Reference> references = references();
        int flowRuns = 0;
        int taskRuns = 0;
        int results = 0;
        while (true) {
            List<String> batch = oldFlowRuns(cutoff, states, batchSize);
            if (batch.isEmpty()) {
                return new Result(flowRuns, taskRuns, results);
            }
            Deleted deleted = db.writer().transact(c -> delete(c, batch, references));
            for (String ref : deleted.results) {
                deleteResult.accept(ref);
            }
            flowRuns += deleted.flowRuns;
            taskRuns += deleted.taskRuns;
            results += deleted.results.size();
        }
    }

    private record Deleted(int flowRuns, int taskRuns, Set<String> results) {
    }

    private List<String> oldFlowRuns(Instant cutoff, Set<StateType> states, int batchSize) {
        String in = states.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
        return db.query("SELECT id FROM flow_run WHERE state_type IN (" + in + ") AND parent_task_run_id IS NULL "
                        + "AND COALESCE(end_time, created) < ? ORDER BY created LIMIT ?",
                ps -> {
                    ps.setLong(1, Sql.micros(cutoff));
                    ps.setInt(2, batchSize);
                }, rs -> rs.getString(1));
    }

    private static Deleted delete(Connection c, List<String> roots, List<Reference> references) throws SQLException {
        Set<String> flowRuns = new LinkedHashSet<>(roots);
        Set<String> taskRuns = new LinkedHashSet<>();
        List<String> frontier = new ArrayList<>(roots);
        while (!frontier.isEmpty()) {
            List<String> tasks = select(c, "SELECT id FROM task_run WHERE flow_run_id IN (%s)", frontier);
            taskRuns.addAll(tasks);
            // Subflow runs hang off their parent's task runs; they go with their parent.
            frontier = tasks.isEmpty() ? List.of()
                    : select(c, "SELECT id FROM flow_run WHERE parent_task_run_id IN (%s)", tasks);
            frontier.removeAll(flowRuns);
            flowRuns.addAll(frontier);
        }
        Set<String> allRuns = new LinkedHashSet<>(flowRuns);
        allRuns.addAll(taskRuns);
        Set<String> results = new LinkedHashSet<>();
        results.addAll(select(c, "SELECT result_ref FROM run_state WHERE result_ref IS NOT NULL "
                + "AND result_ref NOT LIKE 'inline:%%' AND run_id IN (%s)",
                List.copyOf(allRuns)));
        for (Reference r : references) {
            List<String> ids = switch (r.column) {
                case "flow_run_id" -> List.copyOf(flowRuns);
                case "task_run_id" -> List.copyOf(taskRuns);
                default -> List.copyOf(allRuns);
            };
            update(c, "DELETE FROM " + r.table + " WHERE " + r.column + " IN (%s)", ids);
        }
        update(c, "DELETE FROM task_run WHERE id IN (%s)", List.copyOf(taskRuns));
        update(c, "DELETE FROM flow_run WHERE id IN (%s)", List.copyOf(flowRuns));
        // A result still referenced by a state that stays (a Cached copy in a newer run) is kept.
        results.removeAll(select(c, "SELECT result_ref FROM run_state WHERE result_ref IN (%s)", List.copyOf(results)));
        return new Deleted(flowRuns.size(), taskRuns.size(), results);
    }

    /** Every table column that points at a run, from the schema itself. */
    private List<Reference> references() {
        return db.writer().transact(c -> {
            List<Reference> out = new ArrayList<>();
            DatabaseMetaData meta = c.getMetaData();
            for (String table : tables(meta)) {
                if (table.equals("flow_run") || table.equals("task_run") || table.startsWith("flyway")) {
                    continue;
                }
                try (ResultSet cols = meta.getColumns(null, c.getSchema(), table, null)) {
                    while (cols.next()) {
                        String column = cols.getString("COLUMN_NAME").toLowerCase(Locale.ROOT);
                        if (column.equals("flow_run_id") || column.equals("task_run_id") || column.equals("run_id")) {
                            out.add(new Reference(table, column));
                        }
                    }
                }
            }
            return out;
        });
    }

    static List<String> tables(DatabaseMetaData meta) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = meta.getTables(null, meta.getConnection().getSchema(), null, new String[] {"TABLE"})) {
            while (rs.next()) {
                out.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    private static List<String> select(Connection c, String sql, List<String> ids) throws SQLException {
        List<String> out = new ArrayList<>();
        for (List<String> chunk : chunks(ids)) {
            try (PreparedStatement ps = c.prepareStatement(sql.formatted(placeholders(chunk.size())))) {
                bind(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    private static void update(Connection c, String sql, List<String> ids) throws SQLException {
        for (List<String> chunk : chunks(ids)) {
            try (PreparedStatement ps = c.prepareStatement(sql.formatted(placeholders(chunk.size())))) {
                bind(ps, chunk);
                ps.executeUpdate();
            }
        }
    }

    /** SQLite allows 32,766 parameters a statement; stay far below. */
    private static List<List<String>> chunks(List<String> ids) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 500) {
            out.add(ids.subList(i, Math.min(ids.size(), i + 500)));
        }
        return out;
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static void bind(PreparedStatement ps, List<String> ids) throws SQLException {
        for (int i = 0; i < ids.size(); i++) {
            ps.setString(i + 1, ids.get(i));
        }
    }
}
