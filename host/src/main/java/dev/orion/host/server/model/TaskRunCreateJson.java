package dev.orion.host.server.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The body of {@code POST /api/task_runs/} (Prefect's {@code TaskRunCreate}). */
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
        UUID id) {
}
