package dev.orion.host.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A deployment: a flow made runnable by name, with default parameters, tags, a work queue and
 * an optional schedule (Prefect's schedule JSON: {@code {"cron", "timezone"}} or
 * {@code {"interval", "anchor_date", "timezone"}}). {@code path} is where a Prefect runner
 * ({@code flow.serve()}) finds the entrypoint's file, as Prefect's deployments keep it;
 * {@code prefectFields} is a JSON object of the other fields Prefect's client sends (version,
 * work pool name, parameter schema, pull steps, infrastructure overrides...), kept as sent.
 */
public record DeploymentRecord(
        UUID id,
        String name,
        UUID flowId,
        String flowName,
        String description,
        String entrypoint,
        String path,
        String schedule,
        boolean scheduleActive,
        String parameters,
        Set<String> tags,
        String workQueueName,
        Instant created,
        Instant updated,
        String prefectFields) {

    public DeploymentRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        parameters = parameters == null ? "{}" : parameters;
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        prefectFields = prefectFields == null ? "{}" : prefectFields;
    }

    /** A deployment without Prefect's other fields. */
    public DeploymentRecord(UUID id, String name, UUID flowId, String flowName, String description, String entrypoint,
                            String path, String schedule, boolean scheduleActive, String parameters, Set<String> tags,
                            String workQueueName, Instant created, Instant updated) {
        this(id, name, flowId, flowName, description, entrypoint, path, schedule, scheduleActive, parameters, tags,
                workQueueName, created, updated, null);
    }

    public DeploymentRecord withScheduleActive(boolean active) {
        return new DeploymentRecord(id, name, flowId, flowName, description, entrypoint, path, schedule, active,
                parameters, tags, workQueueName, created, updated, prefectFields);
    }

    /** This deployment on another work queue (its stored name) with Prefect's other fields. */
    public DeploymentRecord withPrefectFields(String queue, String fields) {
        return new DeploymentRecord(id, name, flowId, flowName, description, entrypoint, path, schedule, scheduleActive,
                parameters, tags, queue, created, updated, fields);
    }
}
