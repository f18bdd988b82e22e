package dev.orion.host.services;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.OrionException;
import dev.orion.host.store.DeploymentRecord;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;

/**
 * The rules of a new deployment, in one place the API and the embedded client use: it has a name;
 * its schedule is one Orion reads (stored in its normal form); its entrypoint names nothing outside
 * the workers' flows root; unsaid, it is active, without parameters or tags, on the work queue
 * {@value #DEFAULT_QUEUE}. Stateless.
 */
public final class NewDeployments {

    /** The work queue of a deployment that names none. */
    public static final String DEFAULT_QUEUE = "default";

    private NewDeployments() {
    }

    /**
     * A deployment to save (a new id; saving it replaces the one of the same flow and name).
     *
     * @param path       where a Prefect runner finds the entrypoint's file (Prefect's deployment path), or null
     * @param schedule   Prefect's schedule JSON, or null
     * @param parameters its default parameters as a JSON object, or null
     * @throws OrionException saying what is wrong, for a missing name, a bad schedule or entrypoint
     */
    public static DeploymentRecord of(String name, UUID flowId, String flowName, String description, String entrypoint,
                                      String path, JsonNode schedule, Boolean scheduleActive, String parameters,
                                      Collection<String> tags, String workQueueName) {
        if (name == null || name.isBlank()) {
            throw new OrionException("a deployment needs a 'name'");
        }
        String normalSchedule = null;
        if (schedule != null && !schedule.isNull()) {
            try {
                normalSchedule = Schedule.parse(schedule).toJson().toString();
            } catch (InvalidScheduleException e) {
                throw new OrionException("invalid 'schedule': " + e.getMessage(), e);
            }
        }
        if (entrypoint != null) {
            Entrypoint.parse(entrypoint); // refuses a file outside the workers' flows root
        }
        return new DeploymentRecord(UUID.randomUUID(), name, flowId, flowName, description, entrypoint, path, normalSchedule,
                !Boolean.FALSE.equals(scheduleActive), parameters == null ? "{}" : parameters,
                tags == null ? Set.of() : Set.copyOf(tags), workQueueName == null ? DEFAULT_QUEUE : workQueueName,
                null, null);
    }
}
