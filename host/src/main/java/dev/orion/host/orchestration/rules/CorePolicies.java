package dev.orion.host.orchestration.rules;

import dev.orion.api.orchestration.OrchestrationRule;
import dev.orion.host.orchestration.PolicySet;
import java.util.List;

/**
 * Orion's core orchestration policies, in Prefect 2.20's order: {@link #flow()} is
 * {@code CoreFlowPolicy}, {@link #task()} is {@code CoreTaskPolicy}, and the minimal policies
 * used for forced transitions are {@code MinimalFlowPolicy} and {@code MinimalTaskPolicy}. The
 * lists are immutable and their rules shared; both are safe to use from any thread.
 */
public final class CorePolicies {

    private static final CopyScheduledTime COPY_SCHEDULED_TIME = new CopyScheduledTime();
    private static final WaitForScheduledTime WAIT_FOR_SCHEDULED_TIME = new WaitForScheduledTime();
    private static final BypassCancellingFlowRunsWithNoInfra BYPASS_CANCELLING = new BypassCancellingFlowRunsWithNoInfra();
    private static final ReleaseTaskConcurrencySlots RELEASE_SLOTS = new ReleaseTaskConcurrencySlots();

    private static final List<OrchestrationRule> FLOW = List.of(
            new PreventDuplicateTransitions(),
            new HandleFlowTerminalStateTransitions(),
            new EnforceCancellingToCancelledTransition(),
            BYPASS_CANCELLING,
            new PreventPendingTransitions(),
            new EnsureOnlyScheduledFlowsMarkedLate(),
            new HandlePausingFlows(),
            new HandleResumingPausedFlows(),
            COPY_SCHEDULED_TIME,
            WAIT_FOR_SCHEDULED_TIME,
            new RetryFailedFlows());

    private static final List<OrchestrationRule> TASK = task(SecureTaskConcurrencySlots.DEFAULT_WAIT_SECONDS);

    private CorePolicies() {
    }

    /** The four core policies, ready for an orchestrator. */
    public static PolicySet policySet() {
        return new PolicySet(flow(), task(), minimalFlow(), minimalTask());
    }

    /** The core flow run policy, in order. */
    public static List<OrchestrationRule> flow() {
        return FLOW;
    }

    /** The core task run policy, in order, waiting 30 s for a full concurrency limit. */
    public static List<OrchestrationRule> task() {
        return TASK;
    }

    /** The core task run policy, telling runs to wait {@code slotWaitSeconds} for a full concurrency limit. */
    public static List<OrchestrationRule> task(double slotWaitSeconds) {
        return List.of(
                new CacheRetrieval(),
                new HandleTaskTerminalStateTransitions(),
                new PreventRunningTasksFromStoppedFlows(),
                new SecureTaskConcurrencySlots(slotWaitSeconds), // after CacheRetrieval: a cache hit needs no slot
                COPY_SCHEDULED_TIME,
                WAIT_FOR_SCHEDULED_TIME,
                new RetryFailedTasks(),
                new RenameReruns(),
                new UpdateFlowRunTrackerOnTasks(),
                new CacheInsertion(),
                RELEASE_SLOTS);
    }

    /** The rules a forced flow run transition still goes through: a run without infrastructure is cancelled at once. */
    public static List<OrchestrationRule> minimalFlow() {
        return List.of(BYPASS_CANCELLING);
    }

    /** The rules a forced task run transition still goes through: slots are always freed. */
    public static List<OrchestrationRule> minimalTask() {
        return List.of(RELEASE_SLOTS);
    }
}
