package dev.orion.api.orchestration;

import dev.orion.api.RunKind;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A flow run or task run as orchestration rules see it: an immutable snapshot taken when a
 * transition is proposed. Rules change the run's bookkeeping through
 * {@link TransitionContext#updateRun}, never by holding on to this object.
 *
 * @param id                 the run's id
 * @param kind               flow run or task run
 * @param name               the run's display name
 * @param flowName           the name of the flow (of the task run's flow run, for a task run)
 * @param taskKey            the task's key, for a task run; null for a flow run
 * @param tags               the run's tags (concurrency limits apply by tag)
 * @param runCount           how many times the run has entered Running
 * @param policy             retries and pause bookkeeping
 * @param flowRunRunCount    for a task run: the run count of its flow run when it last ran
 * @param flowRun            for a task run: its flow run now; null for a flow run
 * @param parentTaskRunId    for a subflow run: the task run of the parent that stands for it
 * @param deploymentId       the deployment that created the flow run, if any
 * @param infrastructurePid  where the run executes (host and process), once an engine has it
 */
public record RunInfo(
        UUID id,
        RunKind kind,
        String name,
        String flowName,
        String taskKey,
        Set<String> tags,
        int runCount,
        RunPolicy policy,
        int flowRunRunCount,
        FlowRunSnapshot flowRun,
        UUID parentTaskRunId,
        UUID deploymentId,
        String infrastructurePid) {

    public RunInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        policy = policy == null ? RunPolicy.NONE : policy;
    }

    public Optional<FlowRunSnapshot> flowRunSnapshot() {
        return Optional.ofNullable(flowRun);
    }

    public RunInfo withRunCount(int value) {
        return new RunInfo(id, kind, name, flowName, taskKey, tags, value, policy, flowRunRunCount,
                flowRun, parentTaskRunId, deploymentId, infrastructurePid);
    }

    public RunInfo withPolicy(RunPolicy value) {
        return new RunInfo(id, kind, name, flowName, taskKey, tags, runCount, value, flowRunRunCount,
                flowRun, parentTaskRunId, deploymentId, infrastructurePid);
    }

    public RunInfo withFlowRunRunCount(int value) {
        return new RunInfo(id, kind, name, flowName, taskKey, tags, runCount, policy, value,
                flowRun, parentTaskRunId, deploymentId, infrastructurePid);
    }
}
