package dev.orion.host.store;

import dev.orion.api.RunKind;
import java.time.Instant;
import java.util.List;

/**
 * Bulk reads of recorded history, for replaying decisions: the runs touched since a moment,
 * every state they have been in and every decision on their proposals, each in one query.
 * Reads only; thread-safe.
 */
public final class HistoryStore {

    private static final String DECISION_COLUMNS = "id, run_id, run_kind, from_type, from_name, proposed_type, "
            + "proposed_name, status, ";

    private final Database db;

    public HistoryStore(Database db) {
        this.db = db;
    }

    /** Runs of a kind updated at or after {@code since}. */
    public List<RunRow> runs(RunKind kind, Instant since) {
        db.writer().flush();
        return db.query("SELECT * FROM " + table(kind) + " WHERE updated >= ?",
                ps -> ps.setLong(1, Sql.micros(since)), rs -> RunStore.readRun(rs, kind));
    }

    /** Every state of the runs of a kind updated at or after {@code since}, by run, oldest first. */
    public List<StateRow> states(RunKind kind, Instant since) {
        return db.query("SELECT * FROM run_state WHERE run_id IN (SELECT id FROM " + table(kind) + " WHERE updated >= ?)"
                        + " ORDER BY run_id, timestamp, id",
                ps -> ps.setLong(1, Sql.micros(since)), RunStore::readState);
    }

    /** Every decision at or after {@code since} on proposals for runs of a kind, by run, oldest first. */
    public List<DecisionRow> decisions(RunKind kind, Instant since) {
        return db.query("SELECT " + DECISION_COLUMNS + "result_type, result_name, rule, reason, delay_seconds, forced, "
                        + "timestamp, trace FROM decision WHERE run_kind = ? AND timestamp >= ? UNION ALL "
                        + "SELECT " + DECISION_COLUMNS + "type, name, rule, reason, NULL, forced, timestamp, trace "
                        + "FROM run_state WHERE run_kind = ? AND status IS NOT NULL AND timestamp >= ? "
                        + "ORDER BY run_id, timestamp, id",
                ps -> {
                    ps.setString(1, kind.name());
                    ps.setLong(2, Sql.micros(since));
                    ps.setString(3, kind.name());
                    ps.setLong(4, Sql.micros(since));
                }, RunStore::readDecision);
    }

    private static String table(RunKind kind) {
        return kind == RunKind.FLOW ? "flow_run" : "task_run";
    }
}
