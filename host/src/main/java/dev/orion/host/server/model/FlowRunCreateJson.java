package dev.orion.host.server.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;

/** The body of {@code POST /api/flow_runs/} (Prefect's {@code FlowRunCreate}). */
public record FlowRunCreateJson(
        StateCreateJson state,
        String name,
        UUID flowId,
        UUID deploymentId,
        String flowVersion,
        JsonNode parameters,
        JsonNode context,
        UUID parentTaskRunId,
        UUID infrastructureDocumentId,
        EmpiricalPolicyJson empiricalPolicy,
        List<String> tags,
        String idempotencyKey,
        String workQueueName,
        UUID workPoolId,
        String workPoolName,
        JsonNode jobVariables) {
}
