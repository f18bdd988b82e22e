package dev.orion.host.server.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.host.store.RunRow;
import dev.orion.host.util.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A task run as the API answers it (Prefect 2.14's {@code TaskRun}, same fields in the same order). */
public record TaskRunJson(
        UUID id, Instant created, Instant updated, String name, UUID flowRunId, String taskKey, String dynamicKey,
        String cacheKey, Instant cacheExpiration, String taskVersion, Map<String, Object> empiricalPolicy,
        List<String> tags, UUID stateId, JsonNode taskInputs, StateType stateType, String stateName, int runCount,
        int flowRunRunCount, Instant expectedStartTime, Instant nextScheduledStartTime, Instant startTime,
        Instant endTime, double totalRunTime, double estimatedRunTime, double estimatedStartTimeDelta,
        StateJson state) {

    public static TaskRunJson of(RunRow r) {
        Instant now = Instant.now();
        var s = r.state();
        return new TaskRunJson(r.id(), r.created(), RunTimes.updated(r), r.name(), r.flowRunId(), r.taskKey(),
                r.dynamicKey(), s == null ? null : s.details().cacheKey(),
                s == null ? null : s.details().cacheExpiration(), null,
                EmpiricalPolicyJson.of(r.policy(), RunKind.TASK), r.tags().stream().sorted().toList(),
                StateJson.idOf(r.id(), s), taskInputs(r.taskInputs()), s == null ? null : s.type(),
                s == null ? null : s.name(), r.runCount(), r.flowRunRunCount(), r.expectedStartTime(),
                r.nextScheduledStartTime(), r.startTime(), r.endTime(), RunTimes.totalRunTime(r),
                RunTimes.estimatedRunTime(r, now), RunTimes.estimatedStartTimeDelta(r, now),
                StateJson.of(s, r.flowRunId(), r.id()));
    }

    /** Orion's engine stores {@code {"param": ["<id>"]}}; Prefect's shape is {@code [{"input_type", "id"}]}. */
    private static JsonNode taskInputs(String stored) {
        JsonNode node = Json.read(stored == null ? "{}" : stored, JsonNode.class);
        if (node instanceof ObjectNode o) {
            o.properties().forEach(e -> {
                if (e.getValue().isArray()) {
                    var out = Json.MAPPER.createArrayNode();
                    e.getValue().forEach(v -> out.add(v.isTextual()
                            ? Json.MAPPER.createObjectNode().put("input_type", "task_run").put("id", v.asText())
                            : v));
                    e.setValue(out);
                }
            });
        }
        return node;
    }
}
