package dev.orion.host.testing;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateDetails;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.ConcurrencyLimit;
import dev.orion.api.orchestration.FlowRunSnapshot;
import dev.orion.api.orchestration.RunInfo;
import dev.orion.api.orchestration.RunPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A proposal for the rule test kit, as plain data: the run (kind, run count, retries, tags),
 * its current and proposed states, and what it and its flow did before (concurrency limits
 * with their holders, cached states, the flow's earlier final states), and the time. {@link RuleKit}
 * decides it with the real policy runner; store-backed tests can turn the same spec into stored
 * rows and a real proposal.
 *
 * <pre>{@code
 * var spec = aTaskTransition().from(RUNNING).to(FAILED).withRunCount(1).withRetries(2).build();
 * Verdict v = RuleKit.core().decide(spec);     // REJECT to Scheduled/AwaitingRetry by RetryFailedTasks
 * }</pre>
 *
 * @param run         the run as it stands
 * @param initial     its current state; null for a new run
 * @param proposed    the proposed state
 * @param now         when the proposal is decided
 * @param limits      concurrency limits, with the runs already holding their slots
 * @param cache       cached task run states
 * @param flowHistory final states of the flow's earlier runs, newest first
 */
public record TransitionSpec(
        RunInfo run, State initial, State proposed, Instant now,
        List<ConcurrencyLimit> limits, List<CacheEntry> cache, List<State> flowHistory) {

    /** A state cached under a key. */
    public record CacheEntry(String key, State state, Instant expiration) {
    }

    public TransitionSpec {
        limits = List.copyOf(limits);
        cache = List.copyOf(cache);
        flowHistory = List.copyOf(flowHistory);
    }

    public StateType fromType() {
        return initial == null ? null : initial.type();
    }

    /** "RUNNING → FAILED" (with "none" for no state), for test names. */
    public String label() {
        return (initial == null ? "none" : initial.label()) + " → " + proposed.label();
    }

    /** A flow run transition; from no state to Pending until told otherwise. */
    public static Builder aFlowTransition() {
        return new Builder(RunKind.FLOW);
    }

    /** A task run transition whose flow run is Running; from no state to Pending until told otherwise. */
    public static Builder aTaskTransition() {
        return new Builder(RunKind.TASK);
    }

    public static Builder aTransition(RunKind kind) {
        return new Builder(kind);
    }

    /** Builds a spec step by step; each method reads as the sentence it stands for. */
    public static final class Builder {
        private final RunKind kind;
        private UUID runId = UUID.randomUUID();
        private Instant now = Instant.now();
        private State initial;
        private State proposed = State.pending();
        private int runCount;
        private int retries;
        private List<Double> retryDelays = List.of();
        private Double jitterFactor;
        private Set<String> pauseKeys = Set.of();
        private boolean resuming;
        private Set<String> tags = Set.of();
        private UUID deploymentId;
        private String infrastructurePid;
        private UUID parentTaskRunId;
        private FlowRunSnapshot flowRun;
        private int flowRunRunCount;
        private final List<ConcurrencyLimit> limits = new ArrayList<>();
        private final List<CacheEntry> cache = new ArrayList<>();
        private final List<State> flowHistory = new ArrayList<>();
        private String flowName = "a-flow";
        private String taskKey = "a-task";

        private Builder(RunKind kind) {
            this.kind = kind;
            if (kind == RunKind.TASK) {
                flowRun = new FlowRunSnapshot(UUID.randomUUID(), State.running(), 1);
                flowRunRunCount = 1;
            }
        }

        public Builder from(StateType type) {
            this.initial = State.of(type).withTimestamp(now.minusSeconds(1));
            return this;
        }

        public Builder from(State state) {
            this.initial = state;
            return this;
        }

        public Builder fromNoState() {
            this.initial = null;
            return this;
        }

        public Builder to(StateType type) {
            this.proposed = State.of(type);
            return this;
        }

        public Builder to(State state) {
            this.proposed = state;
            return this;
        }

        public Builder withInitialName(String name) {
            initial = initial.withName(name);
            return this;
        }

        public Builder withProposedName(String name) {
            proposed = proposed.withName(name);
            return this;
        }

        public Builder withInitialDetails(UnaryOperator<StateDetails> change) {
            initial = initial.withDetails(change.apply(initial.details()));
            return this;
        }

        public Builder withProposedDetails(UnaryOperator<StateDetails> change) {
            proposed = proposed.withDetails(change.apply(proposed.details()));
            return this;
        }

        /** The current state's scheduled time, this far from now (negative: in the past). */
        public Builder scheduledIn(Duration fromNow) {
            Instant at = now.plus(fromNow);
            return withInitialDetails(d -> d.withScheduledTime(at));
        }

        /** The current state carries a persisted result. */
        public Builder withPersistedResult() {
            initial = initial.withResultRef("file:///results/" + UUID.randomUUID());
            return this;
        }

        public Builder withRunCount(int value) {
            runCount = value;
            return this;
        }

        public Builder withRetries(int value) {
            retries = value;
            return this;
        }

        public Builder withRetryDelays(Double... seconds) {
            retryDelays = Arrays.asList(seconds);
            return this;
        }

        public Builder withRetryJitterFactor(double value) {
            jitterFactor = value;
            return this;
        }

        public Builder withPauseKeys(String... keys) {
            pauseKeys = Set.of(keys);
            return this;
        }

        public Builder resuming() {
            resuming = true;
            return this;
        }

        public Builder withTags(String... values) {
            tags = Set.of(values);
            return this;
        }

        public Builder withDeployment() {
            deploymentId = UUID.randomUUID();
            return this;
        }

        public Builder withInfrastructurePid(String pid) {
            infrastructurePid = pid;
            return this;
        }

        public Builder asSubflow() {
            parentTaskRunId = UUID.randomUUID();
            return this;
        }

        /** For a task run: its flow run is in this state (null: none yet) and has run this often. */
        public Builder inFlowRun(State state, int flowRunCount) {
            flowRun = new FlowRunSnapshot(flowRun == null ? UUID.randomUUID() : flowRun.id(), state, flowRunCount);
            return this;
        }

        /** For a task run: it has no flow run (an autonomous task). */
        public Builder withoutFlowRun() {
            flowRun = null;
            return this;
        }

        /** For a task run: the flow run attempt it last ran in. */
        public Builder withFlowRunRunCount(int value) {
            flowRunRunCount = value;
            return this;
        }

        /** A concurrency limit on the tag, its slots held by {@code holders} other runs. */
        public Builder withConcurrencyLimit(String tag, int limit, int holders) {
            List<UUID> held = new ArrayList<>();
            for (int i = 0; i < holders; i++) {
                held.add(UUID.randomUUID());
            }
            limits.add(new ConcurrencyLimit(tag, limit, held));
            return this;
        }

        /** A concurrency limit on the tag whose slot this run already holds. */
        public Builder holdingSlot(String tag, int limit) {
            limits.add(new ConcurrencyLimit(tag, limit, List.of(runId)));
            return this;
        }

        public Builder withCachedState(String key, State state, Instant expiration) {
            cache.add(new CacheEntry(key, state, expiration));
            return this;
        }

        /** The proposed state carries this cache key (a task asking for a cached result). */
        public Builder withCacheKey(String key) {
            return withProposedDetails(d -> d.withCache(key, null));
        }

        /** The flow's (or the task's flow's) name; {@code a-flow} unless told. */
        public Builder inFlow(String name) {
            flowName = name;
            return this;
        }

        /** The task's key; {@code a-task} unless told. */
        public Builder withTaskKey(String key) {
            taskKey = key;
            return this;
        }

        /** Earlier runs of the flow ended in these states, newest first (e.g. for a circuit breaker). */
        public Builder afterFlowRunsEnded(State... newestFirst) {
            flowHistory.addAll(Arrays.asList(newestFirst));
            return this;
        }

        /** Earlier runs of the flow ended in states of these types, a minute apart, the newest a minute ago. */
        public Builder afterFlowRunsEnded(StateType... newestFirst) {
            for (int i = 0; i < newestFirst.length; i++) {
                flowHistory.add(State.of(newestFirst[i]).withTimestamp(now.minusSeconds(60L * (i + 1))));
            }
            return this;
        }

        /** The proposal is decided at this instant (default: when the builder was made). */
        public Builder at(Instant instant) {
            now = instant;
            return this;
        }

        public Builder withRunId(UUID id) {
            runId = id;
            return this;
        }

        public UUID runId() {
            return runId;
        }

        public Instant now() {
            return now;
        }

        public TransitionSpec build() {
            RunPolicy policy = new RunPolicy(retries, retryDelays, jitterFactor, pauseKeys, resuming);
            RunInfo run = new RunInfo(runId, kind, kind.label() + "-run", flowName,
                    kind == RunKind.TASK ? taskKey : null, tags, runCount, policy,
                    kind == RunKind.TASK ? flowRunRunCount : 0, kind == RunKind.TASK ? flowRun : null,
                    parentTaskRunId, deploymentId, infrastructurePid);
            return new TransitionSpec(run, initial, proposed, now, limits, cache, flowHistory);
        }
    }
}
