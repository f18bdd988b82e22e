package dev.orion.host.store;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateDetails;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.ResultStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Bulk reads of recorded history, for replaying decisions: the runs touched since a moment,
 * every state they have been in and every decision on their proposals, in one query each.
 * Reads only; thread-safe.
 */
public final class HistoryStore {

    private static final String DECISION_COLUMNS = "id, run_id, run_kind, from_type, from_name, proposed_type, "
            + "proposed_name, status, ";

    private final Database db;

    public HistoryStore(Database db) {
        this.db = db;
    }

    /**
     * Runs of a kind updated at or after {@code since}, with what decided their proposals: names,
     * tags, retry policy, their flow run or parent and deployment; not their state, parameters or
     * inputs (the states come from {@link #states}).
     */
    public List<RunRow> runs(RunKind kind, Instant since) {
        db.writer().flush();
        String columns = kind == RunKind.FLOW ? "parent_task_run_id, deployment_id, infrastructure_pid"
                : "flow_run_id, task_key, flow_run_run_count";
        return db.query("SELECT id, name, flow_name, tags, policy, " + columns + " FROM " + table(kind)
                        + " WHERE updated >= ?",
                ps -> ps.setLong(1, Sql.micros(since)), rs -> {
                    RunRow.Builder b = RunRow.builder(UUID.fromString(rs.getString(1)), kind);
                    b.name = rs.getString(2);
                    b.flowName = rs.getString(3);
                    b.tags = RunStore.tags(rs.getString(4));
                    b.policy = RunStore.policy(rs.getString(5));
                    if (kind == RunKind.FLOW) {
                        b.parentTaskRunId = uuid(rs.getString(6));
                        b.deploymentId = uuid(rs.getString(7));
                        b.infrastructurePid = rs.getString(8);
                    } else {
                        b.flowRunId = uuid(rs.getString(6));
                        b.taskKey = rs.getString(7);
                        b.flowRunRunCount = rs.getInt(8);
                    }
                    return b.build();
                });
    }

    private static UUID uuid(String text) {
        return text == null ? null : UUID.fromString(text);
    }

    /**
     * The states of the runs of a kind, with the decisions written on them.
     *
     * @param states  every state of the runs, by run (in the store's order of run ids), oldest first
     * @param written the decisions that wrote a state at or after the moment asked for, in the same order
     */
    public record States(List<StateRow> states, List<DecisionRow> written) {
    }

    /**
     * Every state of the runs of a kind updated at or after {@code since}, and the decisions that
     * wrote them at or after it, from one pass over the states (the largest table a replay reads).
     */
    public States states(RunKind kind, Instant since) {
        long from = Sql.micros(since);
        List<StateRow> states = new ArrayList<>();
        List<DecisionRow> written = new ArrayList<>();
        db.query("SELECT id, run_id, type, name, timestamp, message, details, result_ref, rule, reason, from_type, "
                        + "from_name, proposed_type, proposed_name, status, forced, trace FROM run_state WHERE run_id IN "
                        + "(SELECT id FROM " + table(kind) + " WHERE updated >= ?) ORDER BY run_id, timestamp, id",
                ps -> ps.setLong(1, from), rs -> {
                    UUID id = UUID.fromString(rs.getString(1));
                    UUID runId = UUID.fromString(rs.getString(2));
                    long micros = rs.getLong(5);
                    Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                            Math.floorMod(micros, 1_000_000L) * 1_000L);
                    String details = rs.getString(7);
                    State state = new State(StateType.valueOf(rs.getString(3)), rs.getString(4), at, rs.getString(6),
                            details == null ? StateDetails.EMPTY : StateDetailsJson.read(details), rs.getString(8));
                    String rule = rs.getString(9);
                    String reason = rs.getString(10);
                    states.add(new StateRow(id, runId, kind, state, rule, reason));
                    String status = rs.getString(15);
                    if (status != null && micros >= from) {
                        String fromType = rs.getString(11);
                        written.add(new DecisionRow(id, runId, kind, fromType == null ? null : StateType.valueOf(fromType),
                                rs.getString(12), StateType.valueOf(rs.getString(13)), rs.getString(14),
                                ResultStatus.valueOf(status), state.type(), state.name(), rule, reason, null,
                                rs.getInt(16) != 0, at, RunStore.readTrace(rs.getString(17))));
                    }
                    return null;
                });
        return new States(states, written);
    }

    /**
     * The decisions at or after {@code since} on proposals for runs of a kind that wrote no state
     * (rejected, delayed, aborted), by run (in the store's order of run ids), oldest first.
     */
    public List<DecisionRow> unwrittenDecisions(RunKind kind, Instant since) {
        return db.query("SELECT " + DECISION_COLUMNS + "result_type, result_name, rule, reason, delay_seconds, forced, "
                        + "timestamp, trace FROM decision WHERE run_kind = ? AND timestamp >= ? "
                        + "ORDER BY run_id, timestamp, id",
                ps -> {
                    ps.setString(1, kind.name());
                    ps.setLong(2, Sql.micros(since));
                }, RunStore::readDecision);
    }

    private static String table(RunKind kind) {
        return kind == RunKind.FLOW ? "flow_run" : "task_run";
    }
}
