package dev.orion.host.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.host.store.DeploymentRecord;
import dev.orion.host.store.RunRow;
import dev.orion.host.util.Json;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;

/**
 * The rules of a new run, in one place every path that creates runs uses (the embedded and shared
 * orchestrators, the HTTP client and its held task runs, the API, the engine): what a flow run and
 * a task run must say, and what they get when they say nothing. Stateless.
 */
public final class NewRuns {

    /** A task run's dynamic key when none is given: its task's first call in the flow run. */
    public static final String FIRST_DYNAMIC_KEY = "0";

    private NewRuns() {
    }

    /** A run to create is missing what identifies it. */
    public static final class InvalidRunException extends OrionException {
        public InvalidRunException(String message) {
            super(message);
        }
    }

    /**
     * A flow run as it is created: it must name its flow; it is given a generated name when it has none.
     *
     * @throws InvalidRunException when it names no flow
     */
    public static RunRow.Builder flowRun(RunRow run) {
        if (run.flowName() == null || run.flowName().isBlank()) {
            throw new InvalidRunException("a flow run needs the name of its flow");
        }
        RunRow.Builder b = run.toBuilder();
        if (b.name == null) {
            b.name = RunNames.next();
        }
        return b;
    }

    /**
     * A task run as it is created: it must name its flow run and its task (the task key); its
     * dynamic key is {@link #FIRST_DYNAMIC_KEY} and its name {@code TASKKEY-DYNAMICKEY} when it has none.
     *
     * @throws InvalidRunException when it names no flow run or no task
     */
    public static RunRow.Builder taskRun(RunRow run) {
        checkTaskRun(run.flowRunId(), run.taskKey());
        RunRow.Builder b = run.toBuilder();
        b.dynamicKey = dynamicKey(b.dynamicKey);
        if (b.name == null) {
            b.name = taskRunName(b.taskKey, b.dynamicKey);
        }
        return b;
    }

    /**
     * A new task run of a flow run, of the {@code dynamicKey}-th call of the task {@code taskKey},
     * with the name it is shown by; the caller adds inputs, tags and retry settings.
     */
    public static RunRow.Builder taskRun(UUID id, UUID flowRunId, String flowName, String taskKey, String dynamicKey) {
        RunRow.Builder b = RunRow.builder(id, RunKind.TASK);
        b.flowRunId = flowRunId;
        b.flowName = flowName;
        b.taskKey = taskKey;
        b.dynamicKey = dynamicKey(dynamicKey);
        b.name = taskRunName(taskKey, b.dynamicKey);
        return b;
    }

    /** @throws InvalidRunException when a task run names no flow run or no task */
    public static void checkTaskRun(UUID flowRunId, String taskKey) {
        if (flowRunId == null) {
            throw new InvalidRunException("a task run needs its flow run ('flow_run_id')");
        }
        if (taskKey == null || taskKey.isBlank()) {
            throw new InvalidRunException("a task run needs its task key ('task_key')");
        }
    }

    /** The dynamic key a task run has: the given one, else {@link #FIRST_DYNAMIC_KEY}. */
    public static String dynamicKey(String given) {
        return given == null ? FIRST_DYNAMIC_KEY : given;
    }

    private static String taskRunName(String taskKey, String dynamicKey) {
        return taskKey + "-" + dynamicKey;
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
