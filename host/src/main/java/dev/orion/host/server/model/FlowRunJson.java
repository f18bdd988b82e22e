package dev.orion.host.server.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.host.store.RunRow;
import dev.orion.host.util.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A flow run as the API answers it (Prefect 2.14's {@code FlowRun}, same fields in the same order). */
public record FlowRunJson(
        UUID id, Instant created, Instant updated, String name, UUID flowId, UUID stateId, UUID deploymentId,
        UUID workQueueId, String workQueueName, String flowVersion, JsonNode parameters, String idempotencyKey,
        Map<String, Object> context, Map<String, Object> empiricalPolicy, List<String> tags, UUID parentTaskRunId,
        StateType stateType, String stateName, int runCount, Instant expectedStartTime,
        Instant nextScheduledStartTime, Instant startTime, Instant endTime, double totalRunTime,
        double estimatedRunTime, double estimatedStartTimeDelta, boolean autoScheduled,
        UUID infrastructureDocumentId, String infrastructurePid, Object createdBy, UUID workPoolId,
        String workPoolName, StateJson state) {

    /** The key under which {@code context} carries where the run's flow came from (see {@code orion flow-run retry}). */
    public static final String ENTRYPOINT = "orion_entrypoint";

    /** Prefect's free-form {@code context}: Orion keeps the flow's entrypoint there, when it is known. */
    private static Map<String, Object> context(RunRow r) {
        return r.entrypoint() == null ? Map.of() : Map.of(ENTRYPOINT, r.entrypoint());
    }

    public static FlowRunJson of(RunRow r) {
        Instant now = Instant.now();
        var s = r.state();
        return new FlowRunJson(r.id(), r.created(), RunTimes.updated(r), r.name(), r.flowId(),
                StateJson.idOf(r.id(), s), r.deploymentId(), null, r.workQueueName(), null,
                Json.read(r.parameters() == null ? "{}" : r.parameters(), JsonNode.class), r.idempotencyKey(),
                context(r), EmpiricalPolicyJson.of(r.policy(), RunKind.FLOW), r.tags().stream().sorted().toList(),
                r.parentTaskRunId(), s == null ? null : s.type(), s == null ? null : s.name(), r.runCount(),
                r.expectedStartTime(), r.nextScheduledStartTime(), r.startTime(), r.endTime(),
                RunTimes.totalRunTime(r), RunTimes.estimatedRunTime(r, now), RunTimes.estimatedStartTimeDelta(r, now),
                r.deploymentId() != null && s != null && "Scheduled".equals(s.name()) && r.idempotencyKey() != null
                        && r.idempotencyKey().startsWith("scheduled "),
                null, r.infrastructurePid(), null, null, null, StateJson.of(s, r.id(), null));
    }
}
