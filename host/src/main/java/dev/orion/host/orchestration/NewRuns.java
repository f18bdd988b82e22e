package dev.orion.host.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orion.api.RunKind;
import dev.orion.host.Json;
import dev.orion.host.store.DeploymentRecord;
import dev.orion.host.store.RunRow;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;

/**
 * The rules of a new run, in one place every path uses (the embedded and shared orchestrators,
 * the API, the HTTP client, the engine): what a flow run of a deployment holds. Stateless.
 */
public final class NewRuns {

    private NewRuns() {
    }

    /**
     * A flow run of a deployment: its flow, tags and work queue unless given, its default
     * parameters overridden by {@code parameters} (an object, or null for none).
     */
    public static RunRow.Builder fromDeployment(DeploymentRecord d, JsonNode parameters, Collection<String> tags,
                                                String workQueueName) {
        ObjectNode params = (ObjectNode) Json.read(d.parameters(), JsonNode.class);
        if (parameters != null && parameters.isObject()) {
            params.setAll((ObjectNode) parameters);
        }
        RunRow.Builder r = RunRow.builder(UUID.randomUUID(), RunKind.FLOW);
        r.flowName = d.flowName();
        r.parameters = params.toString();
        r.tags = tags == null ? d.tags() : Set.copyOf(tags);
        r.deploymentId = d.id();
        r.workQueueName = workQueueName != null ? workQueueName : d.workQueueName();
        return r;
    }
}
