package dev.orion.host.store;

import com.fasterxml.jackson.databind.JavaType;
import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.FlowRunSnapshot;
import dev.orion.api.orchestration.OrchestrationResult;
import dev.orion.api.orchestration.ResultDetails;
import dev.orion.api.orchestration.ResultStatus;
import dev.orion.api.orchestration.RunPolicy;
import dev.orion.host.util.Ids;
import dev.orion.host.util.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Flow runs, task runs, their state history and the decision log. Writes go through the
 * database's {@link StoreWriter}; reads use pooled connections and see what was committed.
 * Thread-safe.
 */
public final class RunStore {

    private static final List<String> FLOW_RUN_COLUMNS = List.of("id", "flow_id", "flow_name", "name", "parameters",
            "tags", "policy", "parent_task_run_id", "deployment_id", "idempotency_key", "work_queue_name",
            "infrastructure_pid", "state_type", "state_name", "state_timestamp", "state_message", "state_details",
            "state_result_ref", "run_count", "start_time", "end_time", "expected_start_time",
            "next_scheduled_start_time", "total_run_time_us", "created", "updated", "entrypoint");
    private static final List<String> TASK_RUN_COLUMNS = List.of("id", "flow_run_id", "flow_name", "task_key",
            "dynamic_key", "name", "tags", "policy", "task_inputs", "state_type", "state_name", "state_timestamp",
            "state_message", "state_details", "state_result_ref", "run_count", "flow_run_run_count", "start_time",
            "end_time", "expected_start_time", "next_scheduled_start_time", "total_run_time_us", "created", "updated");
    private static final SqlRow.Insert UPSERT_FLOW_RUN = SqlRow.Insert.of(
            Sql.upsert("flow_run", FLOW_RUN_COLUMNS, List.of("created")));
    private static final SqlRow.Insert UPSERT_TASK_RUN = SqlRow.Insert.of(
            Sql.upsert("task_run", TASK_RUN_COLUMNS, List.of("created")));
    private static final SqlRow.Insert INSERT_STATE = SqlRow.Insert.of(Sql.insert("run_state", List.of("id",
            "run_id", "run_kind", "type", "name", "timestamp", "message", "details", "result_ref", "rule", "reason",
            "from_type", "from_name", "proposed_type", "proposed_name", "status", "forced", "trace")));
    private static final SqlRow.Insert INSERT_DECISION = SqlRow.Insert.of(Sql.insert("decision", List.of("id",
            "run_id", "run_kind", "from_type", "from_name", "proposed_type", "proposed_name", "status", "result_type",
            "result_name", "rule", "reason", "delay_seconds", "forced", "timestamp", "trace")));
    /** Sets {@code synchronous_commit} off for the rest of the transaction (PostgreSQL). */
    private static final String SYNC_OFF = "set_config('synchronous_commit', 'off', true)";
    private static final JavaType TRACE = Json.MAPPER.getTypeFactory().constructCollectionType(List.class, String.class);
    private static final JavaType TAGS = Json.MAPPER.getTypeFactory().constructCollectionType(Set.class, String.class);
    /**
     * Tag sets and retry policies repeat across runs (most runs of a task share them), so each
     * distinct text is parsed once: reading 10,000 runs for a replay spent a fifth of its time here.
     * Both values are immutable; the caches are dropped when they grow past a bound.
     */
    private static final Map<String, Set<String>> TAG_SETS = new ConcurrentHashMap<>();
    private static final Map<String, RunPolicy> POLICIES = new ConcurrentHashMap<>();
    private static final int PARSED_BOUND = 1_024;

    private final Database db;

    public RunStore(Database db) {
        this.db = db;
    }

    public Database database() {
        return db;
    }

    // ---- writes -----------------------------------------------------------------------------

    /**
     * The flow's id, creating the flow if it is new. Waits for the commit. Atomic across
     * processes sharing the database: the insert does nothing when another process created the
     * flow first, and the id read afterwards is then that process's.
     */
    public UUID ensureFlow(String name) {
        Optional<UUID> existing = findFlowId(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        return db.writer().transact(c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO flow (id, name, created) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
                insert.setString(1, Ids.next().toString());
                insert.setString(2, name);
                insert.setLong(3, Sql.micros(Instant.now()));
                insert.executeUpdate();
            }
            try (PreparedStatement find = c.prepareStatement("SELECT id FROM flow WHERE name = ?")) {
                find.setString(1, name);
                try (ResultSet rs = find.executeQuery()) {
                    rs.next();
                    return UUID.fromString(rs.getString(1));
                }
            }
        });
    }

    /**
     * Queues the run's row (insert or update); a later save of the same run replaces it while it
     * still waits in the queue. The row is encoded here, on the caller's thread, not on the writer's.
     */
    public CompletableFuture<Object> saveRun(RunRow run) {
        return db.writer().enqueue(run.id(), runRow(run, json));
    }

    /**
     * Queues a state of a run's history together with the decision that wrote it (one row);
     * {@code decision} may be null for a state written without a proposal.
     */
    public CompletableFuture<Object> insertState(StateRow row, DecisionRow decision) {
        return db.writer().enqueue(stateRow(row, decision));
    }

    private static SqlRow stateRow(StateRow row, DecisionRow decision) {
        State s = row.state();
        boolean d = decision != null;
        return INSERT_STATE.row(new Object[] {
            row.id().toString(), row.runId().toString(), row.kind().name(), s.type().name(), s.name(),
            Sql.micros(s.timestamp()), SqlRow.text(s.message()), SqlRow.text(StateCodec.details(s)),
            SqlRow.text(s.resultRef()), SqlRow.text(row.rule()), SqlRow.text(row.reason()),
            SqlRow.text(d ? decision.fromType() : null), SqlRow.text(d ? decision.fromName() : null),
            SqlRow.text(d ? decision.proposedType() : null), SqlRow.text(d ? decision.proposedName() : null),
            SqlRow.text(d ? decision.status() : null), d ? (Object) (decision.forced() ? 1 : 0) : SqlRow.Null.SMALLINT,
            SqlRow.text(d ? writeTrace(decision.trace()) : null)});
    }

    /** Queues a state of a run's history written without a proposal. */
    public CompletableFuture<Object> insertState(StateRow row) {
        return insertState(row, null);
    }

    /** Queues an entry of the decision log. */
    public CompletableFuture<Object> insertDecision(DecisionRow d) {
        return db.writer().enqueue(decisionRow(d));
    }

    private static SqlRow decisionRow(DecisionRow d) {
        return INSERT_DECISION.row(new Object[] {
            d.id().toString(), d.runId().toString(), d.kind().name(), SqlRow.text(d.fromType()),
            SqlRow.text(d.fromName()), d.proposedType().name(), d.proposedName(), d.status().name(),
            SqlRow.text(d.resultType()), SqlRow.text(d.resultName()), SqlRow.text(d.rule()), SqlRow.text(d.reason()),
            SqlRow.real(d.delaySeconds()), d.forced() ? 1 : 0, Sql.micros(d.timestamp()),
            SqlRow.text(writeTrace(d.trace()))});
    }

    /**
     * JSON of the last tags and policy encoded, reused when the next run carries the same
     * (mapped task runs share them). Thread-safe: each pair is published as one immutable
     * value, and two threads encoding at once at worst both compute it.
     */
    private static final class JsonMemo {
        private record Encoded<T>(T value, String json) {
        }

        private volatile Encoded<Set<String>> tags = new Encoded<>(Set.of(), "[]");
        private volatile Encoded<RunPolicy> policy;

        String tags(Set<String> value) {
            if (value.isEmpty()) {
                return "[]";
            }
            Encoded<Set<String>> last = tags;
            if (!value.equals(last.value)) {
                last = new Encoded<>(value, Json.write(value));
                tags = last;
            }
            return last.json;
        }

        String policy(RunPolicy value) {
            Encoded<RunPolicy> last = policy;
            if (last == null || !value.equals(last.value)) {
                last = new Encoded<>(value, Json.write(value));
                policy = last;
            }
            return last.json;
        }
    }

    private final JsonMemo json = new JsonMemo();

    private static SqlRow runRow(RunRow r, JsonMemo json) {
        return (r.kind() == RunKind.FLOW ? UPSERT_FLOW_RUN : UPSERT_TASK_RUN).row(runValues(r, json));
    }

    /** The run's row as parameter values in the order of its table's columns. */
    private static Object[] runValues(RunRow r, JsonMemo json) {
        boolean flow = r.kind() == RunKind.FLOW;
        Object[] v = new Object[flow ? FLOW_RUN_COLUMNS.size() : TASK_RUN_COLUMNS.size()];
        int i = 0;
        v[i++] = r.id().toString();
        if (flow) {
            v[i++] = SqlRow.text(r.flowId());
            v[i++] = SqlRow.text(r.flowName());
            v[i++] = SqlRow.text(r.name());
            v[i++] = r.parameters() == null ? "{}" : r.parameters();
            v[i++] = json.tags(r.tags());
            v[i++] = json.policy(r.policy());
            v[i++] = SqlRow.text(r.parentTaskRunId());
            v[i++] = SqlRow.text(r.deploymentId());
            v[i++] = SqlRow.text(r.idempotencyKey());
            v[i++] = SqlRow.text(r.workQueueName());
            v[i++] = SqlRow.text(r.infrastructurePid());
        } else {
            v[i++] = r.flowRunId().toString();
            v[i++] = SqlRow.text(r.flowName());
            v[i++] = SqlRow.text(r.taskKey());
            v[i++] = r.dynamicKey() == null ? "0" : r.dynamicKey();
            v[i++] = SqlRow.text(r.name());
            v[i++] = json.tags(r.tags());
            v[i++] = json.policy(r.policy());
            v[i++] = r.taskInputs() == null ? "{}" : r.taskInputs();
        }
        State s = r.state();
        v[i++] = SqlRow.text(s == null ? null : s.type().name());
        v[i++] = SqlRow.text(s == null ? null : s.name());
        v[i++] = SqlRow.bigint(s == null ? null : Sql.micros(s.timestamp()));
        v[i++] = SqlRow.text(s == null ? null : s.message());
        v[i++] = SqlRow.text(s == null ? null : StateCodec.details(s));
        v[i++] = SqlRow.text(s == null ? null : s.resultRef());
        v[i++] = r.runCount();
        if (!flow) {
            v[i++] = r.flowRunRunCount();
        }
        v[i++] = SqlRow.bigint(Sql.micros(r.startTime()));
        v[i++] = SqlRow.bigint(Sql.micros(r.endTime()));
        v[i++] = SqlRow.bigint(Sql.micros(r.expectedStartTime()));
        v[i++] = SqlRow.bigint(Sql.micros(r.nextScheduledStartTime()));
        v[i++] = r.totalRunTimeMicros();
        v[i++] = SqlRow.bigint(Sql.micros(r.created()));
        v[i++] = Sql.micros(Instant.now());
        if (flow) {
            v[i] = SqlRow.text(r.entrypoint());
        }
        return v;
    }

    /**
     * Deletes a run with its states, decisions and logs; a flow run also loses its task runs.
     * Waits for the commit. Returns whether the run existed.
     */
    public boolean deleteRun(UUID id, RunKind kind) {
        return db.writer().transact(c -> {
            String runId = id.toString();
            List<String> statements = kind == RunKind.FLOW
                    ? List.of("DELETE FROM run_state WHERE run_id IN (SELECT id FROM task_run WHERE flow_run_id = ?)",
                    "DELETE FROM decision WHERE run_id IN (SELECT id FROM task_run WHERE flow_run_id = ?)",
                    "DELETE FROM task_run WHERE flow_run_id = ?", "DELETE FROM log WHERE flow_run_id = ?",
                    "DELETE FROM run_state WHERE run_id = ?", "DELETE FROM decision WHERE run_id = ?")
                    : List.of("DELETE FROM log WHERE task_run_id = ?", "DELETE FROM run_state WHERE run_id = ?",
                    "DELETE FROM decision WHERE run_id = ?");
            for (String sql : statements) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, runId);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + (kind == RunKind.FLOW ? "flow_run" : "task_run")
                    + " WHERE id = ?")) {
                ps.setString(1, runId);
                return ps.executeUpdate() > 0;
            }
        });
    }

    // ---- writes in the caller's transaction (coherent mode, several servers on one database) ----

    /**
     * Reads a run and locks its row until the caller's transaction ends ({@code FOR UPDATE} on
     * PostgreSQL; SQLite serialises writers by itself).
     */
    public Optional<RunRow> lockRun(Connection c, UUID id, RunKind kind) throws SQLException {
        return lockRun(c, id, kind, false);
    }

    /**
     * As {@link #lockRun(Connection, UUID, RunKind)}; with {@code relaxDurability} on PostgreSQL
     * the same statement also makes the transaction commit without waiting for the WAL flush
     * ({@code synchronous_commit = off} for this transaction, see {@link #RELAXING}): no round
     * trip of its own.
     */
    public Optional<RunRow> lockRun(Connection c, UUID id, RunKind kind, boolean relaxDurability) throws SQLException {
        String table = kind == RunKind.FLOW ? "flow_run" : "task_run";
        String lock = db.dialect() == Database.Dialect.POSTGRESQL ? " FOR UPDATE" : "";
        try (PreparedStatement ps = c.prepareStatement("SELECT *" + relaxing(relaxDurability) + " FROM " + table
                + " WHERE id = ?" + lock)) {
            ps.setString(1, id.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(readRun(rs, kind)) : Optional.empty();
            }
        }
    }

    /**
     * A column whose evaluation sets {@code synchronous_commit} off for the rest of the
     * transaction (PostgreSQL reads it at commit); the caller restores it with
     * {@code SET LOCAL synchronous_commit TO DEFAULT} when the transaction turns out to need it.
     */
    static final String RELAXING = ", " + SYNC_OFF + " AS relaxed";

    private String relaxing(boolean relaxDurability) {
        return relaxDurability && db.dialect() == Database.Dialect.POSTGRESQL ? RELAXING : "";
    }

    /** Reads a run without locking it, in the caller's transaction. */
    public Optional<RunRow> readRun(Connection c, UUID id, RunKind kind) throws SQLException {
        String table = kind == RunKind.FLOW ? "flow_run" : "task_run";
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table + " WHERE id = ?")) {
            ps.setString(1, id.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(readRun(rs, kind)) : Optional.empty();
            }
        }
    }

    /**
     * Reads runs of one kind and locks their rows until the caller's transaction ends, in the
     * order of their ids (so that two transactions locking overlapping sets never deadlock on
     * them); runs that do not exist are absent from the answer. {@code FOR UPDATE} on PostgreSQL.
     */
    public Map<UUID, RunRow> lockRuns(Connection c, RunKind kind, Collection<UUID> ids)
            throws SQLException {
        return readRuns(c, kind, ids, db.dialect() == Database.Dialect.POSTGRESQL ? " ORDER BY id FOR UPDATE" : "");
    }

    /** A task run read under its row lock, with its flow run as it stood (read, not locked). */
    public record LockedTaskRun(RunRow run, FlowRunSnapshot flowRun) {
    }

    /**
     * As {@link #lockRuns} for task runs, reading each one's flow run in the same statement (the
     * policy decides a task run's transition knowing its flow run's state): one round trip.
     */
    public Map<UUID, LockedTaskRun> lockTaskRuns(Connection c, Collection<UUID> ids)
            throws SQLException {
        return lockTaskRuns(c, ids, false);
    }

    /** As {@link #lockTaskRuns(Connection, Collection)}, relaxing durability as {@link #lockRun(Connection, UUID, RunKind, boolean)} does. */
    public Map<UUID, LockedTaskRun> lockTaskRuns(Connection c, Collection<UUID> ids, boolean relaxDurability)
            throws SQLException {
        var found = new HashMap<UUID, LockedTaskRun>();
        if (ids.isEmpty()) {
            return found;
        }
        String lock = isPostgres() ? " ORDER BY t.id FOR UPDATE OF t" : "";
        try (PreparedStatement ps = c.prepareStatement("SELECT t.*, f.id AS f_id, f.run_count AS f_run_count, "
                + "f.state_type AS f_state_type, f.state_name AS f_state_name, f.state_timestamp AS f_state_timestamp, "
                + "f.state_message AS f_state_message, f.state_details AS f_state_details, "
                + "f.state_result_ref AS f_state_result_ref" + relaxing(relaxDurability) + " FROM task_run t LEFT JOIN flow_run f ON f.id = t.flow_run_id "
                + "WHERE t.id " + in(ids.size()) + lock)) {
            bindIds(c, ps, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RunRow row = readRun(rs, RunKind.TASK);
                    String flowId = rs.getString("f_id");
                    found.put(row.id(), new LockedTaskRun(row, flowId == null ? null
                            : new FlowRunSnapshot(UUID.fromString(flowId),
                            StateCodec.read(rs, "f_state_"), rs.getInt("f_run_count"))));
                }
            }
        }
        return found;
    }

    private Map<UUID, RunRow> readRuns(Connection c, RunKind kind, Collection<UUID> ids,
                                                 String suffix) throws SQLException {
        var found = new HashMap<UUID, RunRow>();
        if (ids.isEmpty()) {
            return found;
        }
        String table = kind == RunKind.FLOW ? "flow_run" : "task_run";
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table + " WHERE id " + in(ids.size())
                + suffix)) {
            bindIds(c, ps, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RunRow row = readRun(rs, kind);
                    found.put(row.id(), row);
                }
            }
        }
        return found;
    }

    /**
     * The decisions that proposals with these ids made for their runs when they wrote a state
     * ({@code proposalId -> runId} asked, {@code proposalId -> decision} answered), read in the
     * caller's transaction: the batched form of {@link #decidedProposal}.
     */
    public Map<UUID, OrchestrationResult> decidedProposals(Connection c, Map<UUID, UUID> runOfProposal)
            throws SQLException {
        var found = new HashMap<UUID, OrchestrationResult>();
        if (runOfProposal.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM run_state WHERE id "
                + in(runOfProposal.size()) + " AND status IS NOT NULL")) {
            bindIds(c, ps, runOfProposal.keySet());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID id = UUID.fromString(rs.getString("id"));
                    if (rs.getString("run_id").equals(String.valueOf(runOfProposal.get(id)))) {
                        found.put(id, decidedResult(rs));
                    }
                }
            }
        }
        return found;
    }

    /** {@code = ANY(?)} with one array on PostgreSQL, {@code IN (?, ...)} on SQLite. */
    private String in(int n) {
        return isPostgres() ? "= ANY(?)" : "IN (" + String.join(", ", Collections.nCopies(n, "?")) + ")";
    }

    private void bindIds(Connection c, PreparedStatement ps, Collection<UUID> ids) throws SQLException {
        String[] text = ids.stream().sorted().map(UUID::toString).toArray(String[]::new);
        if (isPostgres()) {
            ps.setArray(1, c.createArrayOf("varchar", text));
        } else {
            for (int i = 0; i < text.length; i++) {
                ps.setString(i + 1, text[i]);
            }
        }
    }

    private boolean isPostgres() {
        return db.dialect() == Database.Dialect.POSTGRESQL;
    }

    /**
     * Writes a decided proposal in the caller's transaction: the run's new row and the written
     * state carrying its decision, or the decision alone when nothing was written.
     */
    public void writeTransition(Connection c, RunRow updated, StateRow state, DecisionRow decision) throws SQLException {
        if (updated == null || !isPostgres()) {
            writeTransitions(c, List.of(new TransitionRows(updated, state, decision)));
            return;
        }
        // PostgreSQL runs both inserts of one statement (the state's in a WITH): one round trip, not two.
        SqlRow stateRow = stateRow(state, decision);
        SqlRow runRow = runRow(updated, new JsonMemo());
        Object[] values = Arrays.copyOf(stateRow.values(), stateRow.values().length + runRow.values().length);
        System.arraycopy(runRow.values(), 0, values, stateRow.values().length, runRow.values().length);
        String sql = "WITH state AS (" + stateRow.sql() + ") " + runRow.sql();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            new SqlRow(sql, values).bind(ps);
            ps.executeUpdate();
        }
    }

    /**
     * The rows one decided proposal writes: the run's new row and the written state (both null
     * when nothing was written) and the decision.
     */
    public record TransitionRows(RunRow updated, StateRow state, DecisionRow decision) {
    }

    /**
     * Writes decided proposals in the caller's transaction with one batched statement per table:
     * a run changed by several of them is written once, as the last left it.
     */
    public void writeTransitions(Connection c, List<TransitionRows> transitions) throws SQLException {
        var lastRow = new LinkedHashMap<UUID, RunRow>();
        for (TransitionRows t : transitions) {
            if (t.updated() != null) {
                lastRow.put(t.updated().id(), t.updated());
            }
        }
        var memo = new JsonMemo();
        try (var batch = new ConnectionBatch(c)) {
            for (RunRow r : lastRow.values()) {
                batch.add(runRow(r, memo));
            }
            for (TransitionRows t : transitions) {
                if (t.updated() != null) {
                    batch.add(stateRow(t.state(), t.decision()));
                } else {
                    batch.add(decisionRow(t.decision()));
                }
            }
            batch.execute();
        }
    }

    /** Writes a run's row (insert or update) in the caller's transaction. */
    /**
     * Inserts a new task run in one statement that also reads its flow name from its flow run
     * (and, on PostgreSQL with {@code relaxDurability}, commits without waiting for the WAL
     * flush): on a connection in autocommit mode that is one round trip. Answers the flow name;
     * empty, and nothing written, when this run or another of the same task key and dynamic key
     * exists already, or its flow run does not.
     */
    public Optional<String> insertNewTaskRun(Connection c, RunRow run, boolean relaxDurability) throws SQLException {
        Object[] row = runValues(run, new JsonMemo());
        int flowName = TASK_RUN_COLUMNS.indexOf("flow_name");
        Object[] values = new Object[row.length];
        for (int i = 0, j = 0; i < row.length; i++) {
            if (i != flowName) {
                values[j++] = row[i];
            }
        }
        values[values.length - 1] = run.flowRunId().toString();
        String sql = relaxDurability && db.dialect() == Database.Dialect.POSTGRESQL ? NEW_TASK_RUN_RELAXED : NEW_TASK_RUN;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            new SqlRow(sql, values).bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static final String NEW_TASK_RUN = newTaskRun("");
    private static final String NEW_TASK_RUN_RELAXED = newTaskRun(" CROSS JOIN (SELECT " + SYNC_OFF + ") durability");

    private static String newTaskRun(String join) {
        String values = TASK_RUN_COLUMNS.stream().map(c -> c.equals("flow_name") ? "f.flow_name" : "?")
                .collect(Collectors.joining(", "));
        return "INSERT INTO task_run (" + String.join(", ", TASK_RUN_COLUMNS) + ") SELECT " + values
                + " FROM flow_run f" + join + " WHERE f.id = ? ON CONFLICT DO NOTHING RETURNING flow_name";
    }

    public void writeRun(Connection c, RunRow run) throws SQLException {
        try (var batch = new ConnectionBatch(c)) {
            batch.add(runRow(run, new JsonMemo()));
            batch.execute();
        }
    }

    /** Statements prepared on one connection, executed together. */
    private static final class ConnectionBatch implements AutoCloseable {
        private final Connection c;
        private final LinkedHashMap<String, PreparedStatement> statements = new LinkedHashMap<>();

        ConnectionBatch(Connection c) {
            this.c = c;
        }

        void add(SqlRow row) throws SQLException {
            PreparedStatement ps = statements.get(row.sql());
            if (ps == null) {
                ps = c.prepareStatement(row.sql());
                statements.put(row.sql(), ps);
            }
            row.addTo(ps);
        }

        void execute() throws SQLException {
            for (PreparedStatement ps : statements.values()) {
                ps.executeBatch();
            }
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement ps : statements.values()) {
                ps.close();
            }
        }
    }

    // ---- reads ------------------------------------------------------------------------------

    public Optional<UUID> findFlowId(String name) {
        return query("SELECT id FROM flow WHERE name = ?", ps -> ps.setString(1, name),
                rs -> UUID.fromString(rs.getString(1))).stream().findFirst();
    }

    public Optional<RunRow> findRun(UUID id, RunKind kind) {
        String table = kind == RunKind.FLOW ? "flow_run" : "task_run";
        return query("SELECT * FROM " + table + " WHERE id = ?", ps -> ps.setString(1, id.toString()),
                rs -> readRun(rs, kind)).stream().findFirst();
    }

    /** Finds a flow run or a task run by id, trying flow runs first. */
    public Optional<RunRow> findAnyRun(UUID id) {
        return findRun(id, RunKind.FLOW).or(() -> findRun(id, RunKind.TASK));
    }

    public Optional<RunRow> findFlowRunByIdempotencyKey(UUID flowId, String key) {
        return query("SELECT * FROM flow_run WHERE flow_id = ? AND idempotency_key = ?", ps -> {
            ps.setString(1, flowId.toString());
            ps.setString(2, key);
        }, rs -> readRun(rs, RunKind.FLOW)).stream().findFirst();
    }

    /** The task run of a flow run with this task key and dynamic key, if any. */
    public Optional<RunRow> findTaskRun(UUID flowRunId, String taskKey, String dynamicKey) {
        return query("SELECT * FROM task_run WHERE flow_run_id = ? AND task_key = ? AND dynamic_key = ?", ps -> {
            ps.setString(1, flowRunId.toString());
            ps.setString(2, taskKey);
            ps.setString(3, dynamicKey);
        }, rs -> readRun(rs, RunKind.TASK)).stream().findFirst();
    }

    /** The task runs of a flow run, in creation order. */
    public List<RunRow> taskRunsOf(UUID flowRunId) {
        return query("SELECT * FROM task_run WHERE flow_run_id = ? ORDER BY created, id",
                ps -> ps.setString(1, flowRunId.toString()), rs -> readRun(rs, RunKind.TASK));
    }

    /** A page of a flow run's task runs, in creation order: at most {@code limit} from {@code offset} on. */
    public List<RunRow> taskRunsOf(UUID flowRunId, int offset, int limit) {
        return query("SELECT * FROM task_run WHERE flow_run_id = ? ORDER BY created, id LIMIT ? OFFSET ?", ps -> {
            ps.setString(1, flowRunId.toString());
            ps.setInt(2, limit);
            ps.setInt(3, offset);
        }, rs -> readRun(rs, RunKind.TASK));
    }

    /** How many task runs a flow run has. */
    public long taskRunCount(UUID flowRunId) {
        return query("SELECT COUNT(*) FROM task_run WHERE flow_run_id = ?", ps -> ps.setString(1, flowRunId.toString()),
                rs -> rs.getLong(1)).getFirst();
    }

    /** The flow runs that match, newest first. */
    public List<RunRow> listFlowRuns(int limit, StateType state, String flowName) {
        StringBuilder sql = new StringBuilder("SELECT * FROM flow_run WHERE 1 = 1");
        if (state != null) {
            sql.append(" AND state_type = ?");
        }
        if (flowName != null) {
            sql.append(" AND flow_name = ?");
        }
        sql.append(" ORDER BY created DESC, id LIMIT ?");
        return query(sql.toString(), ps -> {
            int i = 1;
            if (state != null) {
                ps.setString(i++, state.name());
            }
            if (flowName != null) {
                ps.setString(i++, flowName);
            }
            ps.setInt(i, limit);
        }, rs -> readRun(rs, RunKind.FLOW));
    }

    /**
     * The final states of the flow's latest finished runs, newest first. Flushes the writer
     * first, so states decided a moment ago count.
     */
    public List<State> recentFinalStates(String flowName, int limit) {
        db.writer().flush();
        return query("SELECT state_type, state_name, state_timestamp, state_message, state_details, state_result_ref "
                        + "FROM flow_run WHERE flow_name = ? AND state_type IN ('COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED') "
                        + "ORDER BY state_timestamp DESC LIMIT ?",
                ps -> {
                    ps.setString(1, flowName);
                    ps.setInt(2, limit);
                }, rs -> StateCodec.read(rs, "state_"));
    }

    public List<StateRow> states(UUID runId) {
        return query("SELECT * FROM run_state WHERE run_id = ? ORDER BY timestamp, id", ps -> ps.setString(1, runId.toString()),
                RunStore::readState);
    }

    /**
     * The decision a proposal with this id made for the run when it wrote a state (the state row
     * takes the proposal's id), read on {@code c} (the deciding transaction) or, when null, on a
     * pooled connection: how a repeated proposal gets its original answer.
     */
    public Optional<OrchestrationResult> decidedProposal(Connection c, UUID runId, UUID proposalId) throws SQLException {
        String sql = "SELECT * FROM run_state WHERE id = ? AND run_id = ? AND status IS NOT NULL";
        Database.Binder bind = ps -> {
            ps.setString(1, proposalId.toString());
            ps.setString(2, runId.toString());
        };
        Database.Mapper<OrchestrationResult> map = RunStore::decidedResult;
        if (c == null) {
            return query(sql, bind, map).stream().findFirst();
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map.map(rs)) : Optional.empty();
            }
        }
    }

    private static OrchestrationResult decidedResult(ResultSet rs) throws SQLException {
        return new OrchestrationResult(ResultStatus.valueOf(rs.getString("status")), StateCodec.read(rs, ""),
                new ResultDetails(rs.getString("reason"), null, rs.getString("rule")));
    }

    /**
     * Marks a flow run Crashed by changing its row in place, on a connection of its own, past the
     * writer: the last resort when the writer cannot write (the disk is full), so that the run
     * is not left Running. An update in place needs no new page, where a new state row would.
     *
     * @return whether the row was changed
     */
    public boolean crashInPlace(UUID flowRunId, String message) {
        try {
            db.writer().flush();
        } catch (RuntimeException e) {
            // the writer cannot write: that is why we are here
        }
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("UPDATE flow_run SET "
                + "state_type = 'CRASHED', state_name = 'Crashed', state_message = ?, state_timestamp = ?, end_time = ? "
                + "WHERE id = ? AND (state_type IS NULL OR state_type NOT IN ('COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED'))")) {
            long now = Sql.micros(Instant.now());
            ps.setString(1, message);
            ps.setLong(2, now);
            ps.setLong(3, now);
            ps.setString(4, flowRunId.toString());
            return ps.executeUpdate() > 0;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** The run's decision log, oldest first: proposals that wrote a state (kept on it) and those that did not. */
    public List<DecisionRow> decisions(UUID runId) {
        return query("SELECT id, run_id, run_kind, from_type, from_name, proposed_type, proposed_name, status, "
                        + "result_type, result_name, rule, reason, delay_seconds, forced, timestamp, trace FROM decision "
                        + "WHERE run_id = ? UNION ALL "
                        + "SELECT id, run_id, run_kind, from_type, from_name, proposed_type, proposed_name, status, "
                        + "type, name, rule, reason, NULL, forced, timestamp, trace FROM run_state "
                        + "WHERE run_id = ? AND status IS NOT NULL ORDER BY timestamp, id",
                ps -> {
                    ps.setString(1, runId.toString());
                    ps.setString(2, runId.toString());
                }, RunStore::readDecision);
    }

    static StateRow readState(ResultSet rs) throws SQLException {
        return new StateRow(UUID.fromString(rs.getString("id")), UUID.fromString(rs.getString("run_id")),
                RunKind.valueOf(rs.getString("run_kind")), StateCodec.read(rs, ""), rs.getString("rule"),
                rs.getString("reason"));
    }

    static DecisionRow readDecision(ResultSet rs) throws SQLException {
        String from = rs.getString("from_type");
        String result = rs.getString("result_type");
        double delay = rs.getDouble("delay_seconds");
        Double delaySeconds = rs.wasNull() ? null : delay;
        return new DecisionRow(UUID.fromString(rs.getString("id")), UUID.fromString(rs.getString("run_id")),
                RunKind.valueOf(rs.getString("run_kind")), from == null ? null : StateType.valueOf(from),
                rs.getString("from_name"), StateType.valueOf(rs.getString("proposed_type")), rs.getString("proposed_name"),
                ResultStatus.valueOf(rs.getString("status")), result == null ? null : StateType.valueOf(result),
                rs.getString("result_name"), rs.getString("rule"), rs.getString("reason"), delaySeconds,
                rs.getInt("forced") != 0, Sql.instant(rs, "timestamp"), readTrace(rs.getString("trace")));
    }

    /** A trace is stored as its lines (rows written by V2 hold a JSON array, still read). */
    private static String writeTrace(List<String> trace) {
        return trace.isEmpty() ? null : String.join("\n", trace);
    }

    static List<String> readTrace(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        return text.startsWith("[") ? Json.read(text, TRACE) : List.of(text.split("\n"));
    }

    static RunRow readRun(ResultSet rs, RunKind kind) throws SQLException {
        RunRow.Builder b = RunRow.builder(UUID.fromString(rs.getString("id")), kind);
        b.name = rs.getString("name");
        b.flowName = rs.getString("flow_name");
        b.tags = tags(rs.getString("tags"));
        b.policy = policy(rs.getString("policy"));
        b.state = StateCodec.read(rs, "state_");
        b.runCount = rs.getInt("run_count");
        b.startTime = Sql.instant(rs, "start_time");
        b.endTime = Sql.instant(rs, "end_time");
        b.expectedStartTime = Sql.instant(rs, "expected_start_time");
        b.nextScheduledStartTime = Sql.instant(rs, "next_scheduled_start_time");
        b.totalRunTimeMicros = rs.getLong("total_run_time_us");
        b.created = Sql.instant(rs, "created");
        if (kind == RunKind.FLOW) {
            b.flowId = Sql.uuid(rs, "flow_id");
            b.parameters = rs.getString("parameters");
            b.parentTaskRunId = Sql.uuid(rs, "parent_task_run_id");
            b.deploymentId = Sql.uuid(rs, "deployment_id");
            b.idempotencyKey = rs.getString("idempotency_key");
            b.workQueueName = rs.getString("work_queue_name");
            b.infrastructurePid = rs.getString("infrastructure_pid");
            b.entrypoint = rs.getString("entrypoint");
        } else {
            b.flowRunId = Sql.uuid(rs, "flow_run_id");
            b.taskKey = rs.getString("task_key");
            b.dynamicKey = rs.getString("dynamic_key");
            b.taskInputs = rs.getString("task_inputs");
            b.flowRunRunCount = rs.getInt("flow_run_run_count");
        }
        return b.build();
    }

    static Set<String> tags(String json) {
        return parsed(TAG_SETS, json, text -> Set.copyOf(Json.<Set<String>>read(text, TAGS)));
    }

    static RunPolicy policy(String json) {
        return parsed(POLICIES, json, text -> Json.read(text, RunPolicy.class));
    }

    private static <T> T parsed(Map<String, T> cache, String text, Function<String, T> parse) {
        if (text == null) {
            return null;
        }
        T value = cache.get(text);
        if (value == null) {
            if (cache.size() >= PARSED_BOUND) {
                cache.clear();
            }
            value = parse.apply(text);
            cache.put(text, value);
        }
        return value;
    }

    private <T> List<T> query(String sql, Database.Binder binder, Database.Mapper<T> mapper) {
        return db.query(sql, binder, mapper);
    }
}
