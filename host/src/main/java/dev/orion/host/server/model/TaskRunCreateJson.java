package dev.orion.host.server.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The body of {@code POST /api/task_runs/} (Prefect's {@code TaskRunCreate}), plus one Orion
 * extension: {@code orion_then_set_state}, a {@code set_state} body to propose right after the
 * run is created, answered in the same response, so that a client that creates a task run and
 * starts it at once needs one round trip, not two. Prefect clients never send it.
 */
public record TaskRunCreateJson(
        StateCreateJson state,
        String name,
        UUID flowRunId,
        String taskKey,
        String dynamicKey,
        String cacheKey,
        Instant cacheExpiration,
        String taskVersion,
        EmpiricalPolicyJson empiricalPolicy,
        List<String> tags,
        JsonNode taskInputs,
        UUID id,
        SetStateJson orionThenSetState) {
}
