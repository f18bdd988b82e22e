package dev.orion.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.host.OrionSettings;
import dev.orion.host.client.ApiTransport;
import dev.orion.host.client.HttpOrchestrator;
import dev.orion.host.orchestration.Orchestrator;
import dev.orion.host.orchestration.Orchestrators;
import dev.orion.host.orchestration.rules.CorePolicies;
import dev.orion.host.services.OrphanedRunMarker;
import dev.orion.host.store.Database;
import dev.orion.host.store.DecisionRow;
import dev.orion.host.store.FilterCompiler;
import dev.orion.host.store.LogRow;
import dev.orion.host.store.LogStore;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.RunStore;
import dev.orion.host.store.StateRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What {@code orion flow-run ls | inspect | logs} read: the local store, or, when
 * {@code ORION_API_URL} is set, the server's API (so a run executed by a worker elsewhere is
 * shown the same way). Reads only.
 */
interface RunReader extends AutoCloseable {

    /** The newest flow runs first, optionally of one state type and one flow. */
    List<RunRow> flowRuns(int limit, StateType type, String flowName);

    Optional<RunRow> flowRun(UUID id);

    /** A run's states, oldest first. */
    List<StateRow> states(UUID runId, RunKind kind);

    /** The decisions on a run's proposals, oldest first. */
    List<DecisionRow> decisions(UUID runId, RunKind kind);

    List<RunRow> taskRuns(UUID flowRunId);

    /** A flow run's log lines (its task runs' too), oldest first. */
    List<LogRow> logs(UUID flowRunId);

    @Override
    void close();

    /** The server at {@code ORION_API_URL} when it is set, else the store of {@code ORION_DATABASE_URL}. */
    static RunReader open(OrionSettings settings) {
        if (settings.apiUrl().isPresent()) {
            // As the other commands that talk to a server: give up after 30 s of an unreachable server.
            return new Remote(new HttpOrchestrator(new ApiTransport(settings.apiUrl().get(), settings.apiKey())));
        }
        Database db = Database.open(settings.databaseUrl());
        // A list must not show Running a run whose process was killed: mark those Crashed first.
        try (Orchestrator orchestrator = Orchestrators.forDatabase(db, settings.sharedDatabase(),
                CorePolicies::policySet, List.of())) {
            OrphanedRunMarker.markCrashed(db, orchestrator);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return new Local(db);
    }

    /** The local store. */
    final class Local implements RunReader {
        private final Database db;
        private final RunStore runs;

        Local(Database db) {
            this.db = db;
            this.runs = new RunStore(db);
        }

        @Override
        public List<RunRow> flowRuns(int limit, StateType type, String flowName) {
            return runs.listFlowRuns(limit, type, flowName);
        }

        @Override
        public Optional<RunRow> flowRun(UUID id) {
            return runs.findRun(id, RunKind.FLOW);
        }

        @Override
        public List<StateRow> states(UUID runId, RunKind kind) {
            return runs.states(runId);
        }

        @Override
        public List<DecisionRow> decisions(UUID runId, RunKind kind) {
            return runs.decisions(runId);
        }

        @Override
        public List<RunRow> taskRuns(UUID flowRunId) {
            return runs.taskRunsOf(flowRunId);
        }

        @Override
        public List<LogRow> logs(UUID flowRunId) {
            return new LogStore(db).forFlowRun(flowRunId);
        }

        @Override
        public void close() {
            db.close();
        }
    }

    /** The server's API, through the same client the engine reports with. */
    final class Remote implements RunReader {
        private static final int PAGE = 200;
        private final HttpOrchestrator api;

        Remote(HttpOrchestrator api) {
            this.api = api;
        }

        @Override
        public List<RunRow> flowRuns(int limit, StateType type, String flowName) {
            List<RunRow> out = new ArrayList<>();
            for (int offset = 0; out.size() < limit; offset += PAGE) {
                ObjectNode body = ApiTransport.MAPPER.createObjectNode();
                if (type != null) {
                    body.putObject("flow_runs").putObject("state").putObject("type").putArray("any_").add(type.name());
                }
                if (flowName != null) {
                    body.putObject("flows").putObject("name").putArray("any_").add(flowName);
                }
                body.put("sort", "CREATED_DESC"); // newest first, as the local store lists them
                body.put("limit", Math.min(PAGE, limit - out.size()));
                body.put("offset", offset);
                List<RunRow> page = api.readFlowRuns(body);
                out.addAll(page);
                if (page.size() < PAGE) {
                    break;
                }
            }
            return out;
        }

        @Override
        public Optional<RunRow> flowRun(UUID id) {
            return api.readRun(id, RunKind.FLOW);
        }

        /** The API's states carry no rule: each takes the rule and reason of the decision that wrote it. */
        @Override
        public List<StateRow> states(UUID runId, RunKind kind) {
            java.util.Map<Instant, DecisionRow> wrote = new java.util.HashMap<>();
            for (DecisionRow d : api.readDecisions(runId, kind)) {
                if (d.resultType() != null && d.timestamp() != null) {
                    wrote.put(d.timestamp(), d);
                }
            }
            return api.readStates(runId, kind).stream().map(s -> {
                DecisionRow d = wrote.get(s.state().timestamp());
                return d == null || d.resultType() != s.state().type() ? s
                        : new StateRow(s.id(), s.runId(), s.kind(), s.state(), d.rule(), d.reason());
            }).toList();
        }

        @Override
        public List<DecisionRow> decisions(UUID runId, RunKind kind) {
            return api.readDecisions(runId, kind);
        }

        @Override
        public List<RunRow> taskRuns(UUID flowRunId) {
            return api.readTaskRuns(flowRunId);
        }

        @Override
        public List<LogRow> logs(UUID flowRunId) {
            List<LogRow> out = new ArrayList<>();
            for (int offset = 0; ; offset += PAGE) {
                ObjectNode body = ApiTransport.MAPPER.createObjectNode();
                body.putObject("logs").putObject("flow_run_id").putArray("any_").add(flowRunId.toString());
                body.put("sort", "TIMESTAMP_ASC");
                body.put("limit", PAGE);
                body.put("offset", offset);
                JsonNode page = api.api().post("/logs/filter", body);
                page.forEach(n -> out.add(new LogRow(flowRunId, uuid(n.get("task_run_id")),
                        FilterCompiler.levelName(n.path("level").asInt(20)), n.path("name").asText(null),
                        n.path("message").asText(""), Instant.parse(n.get("timestamp").asText()))));
                if (page.size() < PAGE) {
                    return out;
                }
            }
        }

        private static UUID uuid(JsonNode n) {
            return n == null || n.isNull() ? null : UUID.fromString(n.asText());
        }

        @Override
        public void close() {
            api.close();
        }
    }
}
