package dev.orion.host.orchestration;

import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.FlowRunSnapshot;
import dev.orion.api.orchestration.OrchestrationData;
import dev.orion.api.orchestration.OrchestrationResult;
import dev.orion.api.orchestration.ResultDetails;
import dev.orion.api.orchestration.RunInfo;
import dev.orion.api.orchestration.StateChange;
import dev.orion.host.store.DecisionRow;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.StateRow;
import dev.orion.host.util.Ids;
import dev.orion.host.util.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Decides one proposal for a run as it stands: runs the policy, stamps the written state,
 * applies the bookkeeping and describes what is to be stored. Pure apart from the rules'
 * own data calls; the caller holds the run's lock (in memory or a row lock) and stores the
 * outcome. Thread-safe.
 */
final class TransitionDecider {

    /**
     * What a proposal came to.
     *
     * @param result   the answer for the proposer
     * @param updated  the run after the written state; null when nothing was written
     * @param state    the written state's history row; null when nothing was written
     * @param decision the decision (stored on the state row when there is one)
     * @param change   what state listeners are told; null when nothing was written
     */
    record Outcome(OrchestrationResult result, RunRow updated, StateRow state, DecisionRow decision, StateChange change) {
    }

    private final Supplier<PolicySet> policies;
    private final OrchestrationData data;
    private final TimeSource clock;

    TransitionDecider(Supplier<PolicySet> policies, OrchestrationData data, TimeSource clock) {
        this.policies = policies;
        this.data = data;
        this.clock = clock;
    }

    Outcome decide(RunRow row, FlowRunSnapshot flowRun, State proposed, boolean force) {
        return decide(row, flowRun, proposed, force, null);
    }

    /**
     * Decides a proposal; the state it writes, if any, takes {@code proposalId} (when given) as
     * its id, so that a repeat of the proposal finds its decision.
     */
    Outcome decide(RunRow row, FlowRunSnapshot flowRun, State proposed, boolean force, UUID proposalId) {
        State initial = row.state();
        Instant now = clock.now();
        var ctx = new DefaultTransitionContext(runInfo(row, flowRun), initial, proposed, data, now, clock);
        PolicyRunner.decide(policies.get().rules(row.kind(), force), ctx);

        // Stamped when the outcome was settled, so a state that took a slot freed by another run's
        // transition is always later than that transition, whatever the order the proposals began in.
        State written = ctx.validatedState().map(s -> stamp(s, initial, ctx.validatedAt())).orElse(null);
        State after = written != null ? written : initial;
        var decision = new DecisionRow(written != null && proposalId != null ? proposalId : Ids.next(), row.id(), row.kind(),
                initial == null ? null : initial.type(), initial == null ? null : initial.name(),
                proposed.type(), proposed.name(), ctx.status(),
                after == null ? null : after.type(), after == null ? null : after.name(),
                ctx.decidingRule(), ctx.reason(), ctx.delaySeconds(), force,
                written != null ? written.timestamp() : now, ctx.trace());
        TransitionMeters.transition(row.kind(), decision.fromType(), proposed.type(), ctx.status());
        var result = new OrchestrationResult(ctx.status(), after,
                new ResultDetails(ctx.reason(), ctx.delaySeconds(), ctx.decidingRule()));
        if (written == null) {
            return new Outcome(result, null, null, decision, null);
        }
        RunRow updated = Bookkeeping.apply(row, ctx.run(), initial, written);
        if (written.type() == StateType.RUNNING && row.runCount() == 0 && updated.expectedStartTime() != null) {
            TransitionMeters.started(row.kind(), Duration.between(updated.expectedStartTime(), written.timestamp()));
        }
        var state = new StateRow(decision.id(), row.id(), row.kind(), written, ctx.decidingRule(), ctx.reason());
        var change = new StateChange(row.id(), row.kind(), row.name(), row.flowName(), row.taskKey(), row.flowRunId(),
                row.tags(), initial, written, ctx.decidingRule(), ctx.reason());
        return new Outcome(result, updated, state, decision, change);
    }

    /** A written state is stamped with the decision time, strictly after the run's previous state. */
    private static State stamp(State s, State initial, Instant when) {
        Instant t = when;
        if (initial != null && !t.isAfter(initial.timestamp())) {
            t = initial.timestamp().plus(1, ChronoUnit.MICROS);
        }
        return s.withTimestamp(t.truncatedTo(ChronoUnit.MICROS));
    }

    static RunInfo runInfo(RunRow row, FlowRunSnapshot flowRun) {
        return new RunInfo(row.id(), row.kind(), row.name(), row.flowName(), row.taskKey(), row.tags(), row.runCount(),
                row.policy(), row.flowRunRunCount(), flowRun, row.parentTaskRunId(), row.deploymentId(),
                row.infrastructurePid());
    }
}
