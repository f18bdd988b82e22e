package dev.orion.host.orchestration;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.orchestration.FlowRunSnapshot;
import dev.orion.api.orchestration.OrchestrationResult;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.RunStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Decides proposals that arrived together in the caller's one transaction: locks every run they
 * touch (flow runs, then task runs, each in the order of their ids, so that two batches never
 * deadlock on each other), decides each proposal in arrival order against its run as the earlier
 * members left it, and writes all states and decisions with one batched statement per table. A
 * member whose run does not exist or whose rule throws gets that failure and writes nothing; the
 * others are unaffected. The caller commits. Stateless apart from its parts; thread-safe.
 */
final class BatchDecider {

    /** One proposal, as {@link Orchestrator#propose(UUID, RunKind, State, boolean, UUID)} takes it. */
    record Proposal(UUID runId, RunKind kind, State proposed, boolean force, UUID proposalId) {
    }

    /** What one member came to: an outcome to answer after the commit, or its own failure. */
    record Decided(TransitionDecider.Outcome outcome, RuntimeException failure) {
    }

    private final RunStore runs;
    private final TransitionDecider decider;

    BatchDecider(RunStore runs, TransitionDecider decider) {
        this.runs = runs;
        this.decider = decider;
    }

    /** Decides and writes the batch on {@code c}; one answer per proposal, in order. */
    List<Decided> decide(Connection c, List<Proposal> batch) throws SQLException {
        Map<UUID, RunRow> flows = runs.lockRuns(c, RunKind.FLOW, idsOf(batch, RunKind.FLOW));
        Map<UUID, RunStore.LockedTaskRun> lockedTasks = runs.lockTaskRuns(c, idsOf(batch, RunKind.TASK));
        Map<UUID, RunRow> tasks = new HashMap<>();
        lockedTasks.forEach((id, locked) -> tasks.put(id, locked.run()));
        Map<UUID, UUID> runOfProposal = new HashMap<>();
        for (Proposal p : batch) {
            if (p.proposalId() != null) {
                runOfProposal.put(p.proposalId(), p.runId());
            }
        }
        Map<UUID, OrchestrationResult> earlier = runs.decidedProposals(c, runOfProposal);

        List<Decided> answers = new ArrayList<>(batch.size());
        List<RunStore.TransitionRows> writes = new ArrayList<>(batch.size());
        for (Proposal p : batch) {
            try {
                Map<UUID, RunRow> current = p.kind() == RunKind.FLOW ? flows : tasks;
                RunRow row = current.get(p.runId());
                if (row == null) {
                    throw new NoSuchRunException(p.kind(), p.runId());
                }
                OrchestrationResult repeated = p.proposalId() == null ? null : earlier.get(p.proposalId());
                if (repeated != null && runOfProposal.get(p.proposalId()).equals(p.runId())) {
                    answers.add(new Decided(new TransitionDecider.Outcome(repeated, null, null, null, null), null));
                    continue;
                }
                // A flow run decided earlier in this batch is seen as that decision left it.
                FlowRunSnapshot flowRun = p.kind() != RunKind.TASK ? null : flows.containsKey(row.flowRunId())
                        ? snapshot(flows.get(row.flowRunId())) : lockedTasks.get(row.id()).flowRun();
                TransitionDecider.Outcome outcome = decider.decide(row, flowRun, p.proposed(), p.force(), p.proposalId());
                if (outcome.updated() != null) {
                    current.put(row.id(), outcome.updated());
                    if (p.proposalId() != null) {
                        earlier.put(p.proposalId(), outcome.result());
                    }
                }
                writes.add(new RunStore.TransitionRows(outcome.updated(), outcome.state(), outcome.decision()));
                answers.add(new Decided(outcome, null));
            } catch (RuntimeException e) {
                answers.add(new Decided(null, e));
            }
        }
        runs.writeTransitions(c, writes);
        return answers;
    }

    private static Set<UUID> idsOf(List<Proposal> batch, RunKind kind) {
        Set<UUID> ids = new HashSet<>();
        for (Proposal p : batch) {
            if (p.kind() == kind) {
                ids.add(p.runId());
            }
        }
        return ids;
    }

    private static FlowRunSnapshot snapshot(RunRow flowRun) {
        return flowRun == null ? null : new FlowRunSnapshot(flowRun.id(), flowRun.state(), flowRun.runCount());
    }
}
