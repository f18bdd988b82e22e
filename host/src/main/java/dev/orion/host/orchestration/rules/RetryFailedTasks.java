package dev.orion.host.orchestration.rules;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.AbstractOrchestrationRule;
import dev.orion.api.orchestration.RunInfo;
import dev.orion.api.orchestration.RunPolicy;
import dev.orion.api.orchestration.TransitionContext;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a failing task run into AwaitingRetry while it has retries left (its run count does not
 * exceed its retries) and its failure is retriable, scheduled after the delay for this attempt
 * (the list's last delay serves every later attempt), randomized by the jitter factor if one is
 * set. Once retries are spent, the run fails.
 */
public final class RetryFailedTasks extends AbstractOrchestrationRule {

    /** Randomizes a base delay; Prefect's clamped Poisson interval unless a test swaps it. */
    @FunctionalInterface
    public interface Jitter {
        double apply(double baseDelaySeconds, double jitterFactor);
    }

    private final Jitter jitter;

    public RetryFailedTasks() {
        this(ClampedPoissonInterval::sample);
    }

    public RetryFailedTasks(Jitter jitter) {
        super("RetryFailedTasks",
                "Schedules a failed task run to run again while it has retries left.",
                Set.of(RunKind.TASK), Set.of(StateType.RUNNING), false, Set.of(StateType.FAILED));
        this.jitter = Objects.requireNonNull(jitter, "jitter");
    }

    @Override
    public void beforeTransition(TransitionContext context) {
        RunInfo run = context.run();
        RunPolicy policy = run.policy();
        double delay = policy.baseDelayAfterAttempt(run.runCount());
        Double jitterFactor = policy.retryJitterFactor();
        if (jitterFactor != null && jitterFactor > 0) {
            delay = jitter.apply(delay, jitterFactor);
        }
        State proposed = context.proposedState().orElseThrow();
        if (proposed.details().isNotRetriable()) {
            return;
        }
        if (policy.retries() > 0 && run.runCount() <= policy.retries()) {
            context.reject(Retries.awaitingRetry(context, delay), "Retrying");
        }
    }
}
