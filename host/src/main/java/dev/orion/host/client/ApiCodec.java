package dev.orion.host.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateDetails;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.OrchestrationResult;
import dev.orion.api.orchestration.ResultDetails;
import dev.orion.api.orchestration.ResultStatus;
import dev.orion.api.orchestration.RunPolicy;
import dev.orion.host.store.DecisionRow;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.StateRow;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Converts between the API's JSON (Prefect 2's shapes) and Orion's states, runs and decisions. Stateless. */
final class ApiCodec {

    private static final ObjectNode EMPTY = ApiTransport.MAPPER.createObjectNode();

    private ApiCodec() {
    }

    static ObjectNode state(State s) {
        ObjectNode n = ApiTransport.MAPPER.createObjectNode();
        n.put("type", s.type().name());
        n.put("name", s.name());
        n.put("message", s.message());
        StateDetails d = s.details();
        ObjectNode details = n.putObject("state_details");
        putTime(details, "scheduled_time", d.scheduledTime());
        details.put("cache_key", d.cacheKey());
        putTime(details, "cache_expiration", d.cacheExpiration());
        if (d.refreshCache() != null) {
            details.put("refresh_cache", d.refreshCache());
        }
        details.put("transition_id", str(d.transitionId()));
        putTime(details, "pause_timeout", d.pauseTimeout());
        if (d.pauseReschedule() != null) {
            details.put("pause_reschedule", d.pauseReschedule());
        }
        details.put("pause_key", d.pauseKey());
        details.put("child_flow_run_id", str(d.childFlowRunId()));
        if (d.retriable() != null) {
            details.put("retriable", d.retriable());
        }
        if (s.resultRef() != null) {
            n.set("data", s.resultRef().startsWith("{") ? read(s.resultRef()) : n.textNode(s.resultRef()));
        }
        return n;
    }

    static State state(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        JsonNode d = n.path("state_details");
        StateDetails details = new StateDetails(time(d, "scheduled_time"), text(d, "cache_key"),
                time(d, "cache_expiration"), bool(d, "refresh_cache"), null, uuid(d, "transition_id"),
                time(d, "pause_timeout"), bool(d, "pause_reschedule"), text(d, "pause_key"),
                uuid(d, "child_flow_run_id"), bool(d, "retriable"));
        JsonNode data = n.path("data");
        String ref = data.isMissingNode() || data.isNull() ? null : data.isTextual() ? data.asText() : data.toString();
        return new State(StateType.valueOf(n.get("type").asText()), text(n, "name"), time(n, "timestamp"),
                text(n, "message"), details, ref);
    }

    /**
     * A {@code set_state} answer to a proposal with {@code transitionId}: a REJECT that names our
     * own transition (PreventDuplicateTransitions: a retried proposal the server had already
     * accepted) counts as accepted.
     */
    static OrchestrationResult result(JsonNode n, UUID transitionId) {
        OrchestrationResult r = result(n);
        if (transitionId != null && r.status() == ResultStatus.REJECT && r.state() != null
                && transitionId.equals(r.state().details().transitionId())) {
            return new OrchestrationResult(ResultStatus.ACCEPT, r.state(), null);
        }
        return r;
    }

    static OrchestrationResult result(JsonNode n) {
        JsonNode d = n.path("details");
        Double delay = d.hasNonNull("delay_seconds") ? d.get("delay_seconds").asDouble() : null;
        return new OrchestrationResult(ResultStatus.valueOf(n.get("status").asText()), state(n.get("state")),
                new ResultDetails(text(d, "reason"), delay, null));
    }

    static ObjectNode policy(RunPolicy p) {
        ObjectNode n = ApiTransport.MAPPER.createObjectNode();
        n.put("retries", p.retries());
        if (p.retryDelaysSeconds().size() == 1) {
            n.put("retry_delay", p.retryDelaysSeconds().getFirst());
        } else if (!p.retryDelaysSeconds().isEmpty()) {
            ArrayNode a = n.putArray("retry_delay");
            p.retryDelaysSeconds().forEach(a::add);
        }
        if (p.retryJitterFactor() != null) {
            n.put("retry_jitter_factor", p.retryJitterFactor());
        }
        return n;
    }

    static RunPolicy policy(JsonNode n) {
        if (n == null || !n.isObject()) {
            return RunPolicy.NONE;
        }
        List<Double> delays = new ArrayList<>();
        JsonNode delay = n.path("retry_delay");
        if (delay.isArray()) {
            delay.forEach(x -> delays.add(x.asDouble()));
        } else if (delay.isNumber() && delay.asDouble() > 0) {
            delays.add(delay.asDouble());
        }
        Set<String> keys = new LinkedHashSet<>();
        n.path("pause_keys").forEach(k -> keys.add(k.asText()));
        Double jitter = n.hasNonNull("retry_jitter_factor") ? n.get("retry_jitter_factor").asDouble() : null;
        return new RunPolicy(n.path("retries").asInt(0), delays, jitter, keys, n.path("resuming").asBoolean(false));
    }

    /** A flow run or task run as answered. */
    static RunRow run(JsonNode n, RunKind kind, String flowName) {
        RunRow.Builder b = RunRow.builder(UUID.fromString(n.get("id").asText()), kind);
        b.name = text(n, "name");
        b.flowName = flowName;
        b.flowId = uuid(n, "flow_id");
        b.flowRunId = uuid(n, "flow_run_id");
        b.taskKey = text(n, "task_key");
        b.dynamicKey = text(n, "dynamic_key");
        if (kind == RunKind.FLOW) {
            b.parameters = n.path("parameters").isObject() ? n.get("parameters").toString() : "{}";
        } else {
            b.taskInputs = taskInputs(n.path("task_inputs"));
        }
        Set<String> tags = new LinkedHashSet<>();
        n.path("tags").forEach(t -> tags.add(t.asText()));
        b.tags = tags;
        b.policy = policy(n.path("empirical_policy"));
        b.parentTaskRunId = uuid(n, "parent_task_run_id");
        b.deploymentId = uuid(n, "deployment_id");
        b.idempotencyKey = text(n, "idempotency_key");
        b.workQueueName = text(n, "work_queue_name");
        b.infrastructurePid = text(n, "infrastructure_pid");
        b.state = state(n.get("state"));
        b.runCount = n.path("run_count").asInt(0);
        b.flowRunRunCount = n.path("flow_run_run_count").asInt(0);
        b.startTime = time(n, "start_time");
        b.endTime = time(n, "end_time");
        b.expectedStartTime = time(n, "expected_start_time");
        b.nextScheduledStartTime = time(n, "next_scheduled_start_time");
        b.totalRunTimeMicros = Math.round(n.path("total_run_time").asDouble(0) * 1e6);
        b.created = time(n, "created");
        b.entrypoint = text(n.path("context"), "orion_entrypoint");
        return b.build();
    }

    static StateRow stateRow(JsonNode n, UUID runId, RunKind kind) {
        return new StateRow(uuid(n, "id"), runId, kind, state(n), null, null);
    }

    static DecisionRow decision(JsonNode n, RunKind kind) {
        List<String> trace = new ArrayList<>();
        n.path("trace").forEach(t -> trace.add(t.asText()));
        return new DecisionRow(uuid(n, "id"), uuid(n, "run_id"), kind, type(n, "from_type"), text(n, "from_name"),
                type(n, "proposed_type"), text(n, "proposed_name"), ResultStatus.valueOf(n.get("status").asText()),
                type(n, "result_type"), text(n, "result_name"), text(n, "rule"), text(n, "reason"),
                n.hasNonNull("delay_seconds") ? n.get("delay_seconds").asDouble() : null,
                n.path("forced").asBoolean(false), time(n, "timestamp"), trace);
    }

    /** Prefect's {@code [{"input_type": "task_run", "id"}]} back to Orion's {@code ["<id>"]}. */
    private static String taskInputs(JsonNode n) {
        if (!n.isObject()) {
            return "{}";
        }
        ObjectNode out = ApiTransport.MAPPER.createObjectNode();
        n.properties().forEach(e -> {
            ArrayNode ids = out.putArray(e.getKey());
            e.getValue().forEach(v -> ids.add(v.isObject() ? v.path("id").asText() : v.asText()));
        });
        return out.toString();
    }

    /** Orion's {@code {"param": ["<id>"]}} as Prefect's task inputs. */
    static ObjectNode taskInputs(String stored) {
        JsonNode n = stored == null ? EMPTY : read(stored);
        ObjectNode out = ApiTransport.MAPPER.createObjectNode();
        n.properties().forEach(e -> {
            ArrayNode a = out.putArray(e.getKey());
            e.getValue().forEach(v -> a.addObject().put("input_type", "task_run").put("id", v.asText()));
        });
        return out;
    }

    static JsonNode read(String json) {
        try {
            return ApiTransport.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new OrionException("not JSON: " + json, e);
        }
    }

    private static void putTime(ObjectNode n, String field, Instant t) {
        if (t != null) {
            n.put(field, t.toString());
        }
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static UUID uuid(JsonNode n, String field) {
        String s = text(n, field);
        return s == null ? null : UUID.fromString(s);
    }

    static Instant time(JsonNode n, String field) {
        String s = text(n, field);
        return s == null ? null : OffsetDateTime.parse(s).toInstant();
    }

    private static Boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asBoolean();
    }

    private static StateType type(JsonNode n, String field) {
        String s = text(n, field);
        return s == null ? null : StateType.valueOf(s);
    }
}
