package dev.orion.host.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A deployment to create: a flow made runnable by name.
 *
 * @param flowName      the flow's name (the flow is registered when missing)
 * @param entrypoint    where a worker finds the flow ({@code path:flow} under its flows root, or {@code plugin:NAME})
 * @param schedule      Prefect's schedule JSON ({@code {"cron", "timezone"}} or {@code {"interval"}}), or null
 * @param parameters    default parameters
 * @param workQueueName the work queue its runs wait in (null: the default queue)
 */
public record DeploymentSpec(String name, String flowName, String entrypoint, JsonNode schedule,
                             Map<String, Object> parameters, List<String> tags, String workQueueName) {

    public DeploymentSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(flowName, "flowName");
        parameters = parameters == null ? Map.of() : parameters;
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
