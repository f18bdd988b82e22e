package dev.orion.host.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.client.ApiTransport;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The few questions the load and fault test asks a server's REST API, as a user's script would:
 * flow runs by state, counts, state histories, task runs. Calls are retried while the server is
 * unreachable (it may be restarting). Thread-safe.
 */
final class LoadApi {

    static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED", "CRASHED");
    private static final int PAGE = 200;

    private final ApiTransport api;

    LoadApi(String url) {
        this.api = new ApiTransport(url, Optional.empty(), Duration.ofMinutes(2));
    }

    JsonNode post(String path, Object body) {
        return api.post(path, body);
    }

    JsonNode get(String path) {
        return api.get(path);
    }

    /** How many flow runs are in one of these state types. */
    int countRuns(Set<String> stateTypes) {
        return api.post("/flow_runs/count", stateFilter(stateTypes)).asInt();
    }

    /** Every flow run in one of these state types (every flow run when empty), page by page. */
    List<JsonNode> runs(Set<String> stateTypes) {
        List<JsonNode> out = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            Map<String, Object> body = new HashMap<>(stateTypes.isEmpty() ? Map.of() : stateFilter(stateTypes));
            body.putAll(Map.of("limit", PAGE, "offset", offset, "sort", "ID_DESC"));
            JsonNode page = api.post("/flow_runs/filter", body);
            page.forEach(out::add);
            if (page.size() < PAGE) {
                return out;
            }
        }
    }

    /** The names of a flow run's or task run's states, oldest first ({@code kind} is "flow" or "task"). */
    List<String> stateNames(String kind, String runId) {
        List<String> names = new ArrayList<>();
        api.get("/" + kind + "_run_states/?" + kind + "_run_id=" + runId).forEach(s -> names.add(s.get("name").asText()));
        return names;
    }

    /** The task runs of one flow run. */
    List<JsonNode> taskRuns(String flowRunId) {
        List<JsonNode> out = new ArrayList<>();
        api.post("/task_runs/filter", Map.of("flow_runs", Map.of("id", Map.of("any_", List.of(flowRunId))),
                "limit", PAGE)).forEach(out::add);
        return out;
    }

    /** How many task runs of these flow runs are Running now. */
    int countRunningTaskRuns(Set<String> flowRunIds) {
        if (flowRunIds.isEmpty()) {
            return 0;
        }
        return api.post("/task_runs/count", Map.of("task_runs", Map.of("flow_run_id", Map.of("any_", List.copyOf(flowRunIds)),
                "state", Map.of("type", Map.of("any_", List.of("RUNNING")))))).asInt();
    }

    static Instant time(JsonNode run, String field) {
        JsonNode n = run.get(field);
        return n == null || n.isNull() ? null : OffsetDateTime.parse(n.asText()).toInstant();
    }

    private static Map<String, Object> stateFilter(Set<String> stateTypes) {
        return Map.of("flow_runs", Map.of("state", Map.of("type", Map.of("any_", List.copyOf(stateTypes)))));
    }
}
