package dev.orion.host.store;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.orchestration.RunPolicy;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * One flow run or task run as stored: its identity, its current state and the bookkeeping
 * the orchestrator keeps on it. Immutable; {@link #toBuilder()} makes a changed copy.
 *
 * @param id                     the run's id
 * @param kind                   flow run or task run
 * @param name                   display name
 * @param flowId                 the flow's id
 * @param flowName               the flow's name
 * @param flowRunId              for a task run: its flow run
 * @param taskKey                for a task run: the task's key (its name, unless given)
 * @param dynamicKey             for a task run: tells apart calls of the same task in one flow run
 * @param parameters             for a flow run: its parameters as a JSON object
 * @param taskInputs             for a task run: upstream edges as JSON, {@code {"param": ["<task run id>"...]}}
 * @param tags                   tags
 * @param policy                 retries and pause bookkeeping
 * @param parentTaskRunId        for a subflow run: the parent's task run that stands for it
 * @param deploymentId           the deployment it came from, if any
 * @param idempotencyKey         a client's key that makes creating it idempotent
 * @param workQueueName          the work queue it waits in, if any
 * @param infrastructurePid      where it executes, once an engine has it
 * @param state                  its current state; null before the first
 * @param runCount               times it entered Running
 * @param flowRunRunCount        for a task run: its flow run's run count when it last ran
 * @param startTime              when it first entered Running
 * @param endTime                when it entered its terminal state
 * @param expectedStartTime      when it was expected to start
 * @param nextScheduledStartTime when it is scheduled to start next, while Scheduled
 * @param totalRunTimeMicros     time spent Running, in microseconds
 * @param created                when it was created
 * @param entrypoint             for a flow run: where its flow was loaded from, to load it again
 */
public record RunRow(
        UUID id,
        RunKind kind,
        String name,
        UUID flowId,
        String flowName,
        UUID flowRunId,
        String taskKey,
        String dynamicKey,
        String parameters,
        String taskInputs,
        Set<String> tags,
        RunPolicy policy,
        UUID parentTaskRunId,
        UUID deploymentId,
        String idempotencyKey,
        String workQueueName,
        String infrastructurePid,
        State state,
        int runCount,
        int flowRunRunCount,
        Instant startTime,
        Instant endTime,
        Instant expectedStartTime,
        Instant nextScheduledStartTime,
        long totalRunTimeMicros,
        Instant created,
        String entrypoint) {

    public RunRow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        policy = policy == null ? RunPolicy.NONE : policy;
        created = created == null ? Instant.now() : created;
    }

    /**
     * This run's descriptive fields (name, tags, parameters, pids, queue, retry settings...) with
     * the identity, state and bookkeeping (run count, times, pause keys) of {@code current}: what a
     * descriptive update may change and no more.
     */
    public RunRow describing(RunRow current) {
        Builder b = toBuilder();
        b.state = current.state;
        b.runCount = current.runCount;
        b.flowRunRunCount = current.flowRunRunCount;
        b.policy = new RunPolicy(policy.retries(), policy.retryDelaysSeconds(), policy.retryJitterFactor(),
                current.policy.pauseKeys(), current.policy.resuming());
        b.startTime = current.startTime;
        b.endTime = current.endTime;
        b.expectedStartTime = current.expectedStartTime;
        b.nextScheduledStartTime = current.nextScheduledStartTime;
        b.totalRunTimeMicros = current.totalRunTimeMicros;
        b.flowRunId = current.flowRunId;
        b.flowId = current.flowId;
        b.created = current.created;
        return b.build();
    }

    public static Builder builder(UUID id, RunKind kind) {
        return new Builder(id, kind);
    }

    public Builder toBuilder() {
        Builder b = new Builder(id, kind);
        b.name = name;
        b.flowId = flowId;
        b.flowName = flowName;
        b.flowRunId = flowRunId;
        b.taskKey = taskKey;
        b.dynamicKey = dynamicKey;
        b.parameters = parameters;
        b.taskInputs = taskInputs;
        b.tags = tags;
        b.policy = policy;
        b.parentTaskRunId = parentTaskRunId;
        b.deploymentId = deploymentId;
        b.idempotencyKey = idempotencyKey;
        b.workQueueName = workQueueName;
        b.infrastructurePid = infrastructurePid;
        b.state = state;
        b.runCount = runCount;
        b.flowRunRunCount = flowRunRunCount;
        b.startTime = startTime;
        b.endTime = endTime;
        b.expectedStartTime = expectedStartTime;
        b.nextScheduledStartTime = nextScheduledStartTime;
        b.totalRunTimeMicros = totalRunTimeMicros;
        b.created = created;
        b.entrypoint = entrypoint;
        return b;
    }

    /** Builds a {@link RunRow}; fields are public for brevity, set them and call {@link #build()}. */
    public static final class Builder {
        private final UUID id;
        private final RunKind kind;
        public String name;
        public UUID flowId;
        public String flowName;
        public UUID flowRunId;
        public String taskKey;
        public String dynamicKey;
        public String parameters;
        public String taskInputs;
        public Set<String> tags = Set.of();
        public RunPolicy policy = RunPolicy.NONE;
        public UUID parentTaskRunId;
        public UUID deploymentId;
        public String idempotencyKey;
        public String workQueueName;
        public String infrastructurePid;
        public State state;
        public int runCount;
        public int flowRunRunCount;
        public Instant startTime;
        public Instant endTime;
        public Instant expectedStartTime;
        public Instant nextScheduledStartTime;
        public long totalRunTimeMicros;
        public Instant created;
        public String entrypoint;

        private Builder(UUID id, RunKind kind) {
            this.id = id;
            this.kind = kind;
        }

        public RunRow build() {
            return new RunRow(id, kind, name, flowId, flowName, flowRunId, taskKey, dynamicKey, parameters,
                    taskInputs, tags, policy, parentTaskRunId, deploymentId, idempotencyKey, workQueueName,
                    infrastructurePid, state, runCount, flowRunRunCount, startTime, endTime, expectedStartTime,
                    nextScheduledStartTime, totalRunTimeMicros, created, entrypoint);
        }
    }
}
