package dev.orion.host.store;

import dev.orion.host.util.Ids;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;

/** Run log lines. Writes are queued to the writer; reads see what was committed. Thread-safe. */
public final class LogStore {

    private static final String INSERT = Sql.insert("log",
            List.of("id", "flow_run_id", "task_run_id", "level", "logger", "message", "timestamp"));

    private final Database db;

    public LogStore(Database db) {
        this.db = db;
    }

    /** Queues the lines for the next group commit. */
    public void append(List<LogRow> lines) {
        if (lines.isEmpty()) {
            return;
        }
        List<LogRow> copy = List.copyOf(lines);
        db.writer().enqueue(batch -> {
            PreparedStatement ps = batch.statement(INSERT);
            for (LogRow l : copy) {
                ps.setString(1, Ids.next().toString());
                Sql.setString(ps, 2, l.flowRunId());
                Sql.setString(ps, 3, l.taskRunId());
                ps.setString(4, l.level());
                ps.setString(5, l.logger() == null ? "" : l.logger());
                ps.setString(6, l.message() == null ? "" : l.message());
                ps.setLong(7, Sql.micros(l.timestamp()));
                ps.addBatch();
            }
        });
    }

    /** Every line of a flow run (its own and its task runs'), oldest first. */
    public List<LogRow> forFlowRun(UUID flowRunId) {
        return db.query("SELECT * FROM log WHERE flow_run_id = ? ORDER BY timestamp, id",
                ps -> ps.setString(1, flowRunId.toString()),
                rs -> new LogRow(Sql.uuid(rs, "flow_run_id"), Sql.uuid(rs, "task_run_id"), rs.getString("level"),
                        rs.getString("logger"), rs.getString("message"), Sql.instant(rs, "timestamp")));
    }
}
