package dev.orion.host.orchestration;

import dev.orion.api.State;
import dev.orion.api.orchestration.OrchestrationData;
import dev.orion.api.orchestration.OrchestrationRule;
import dev.orion.api.orchestration.RunInfo;
import dev.orion.host.util.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Decides one proposal with the orchestrator's own {@link PolicyRunner} and
 * {@link DefaultTransitionContext}, and stores nothing: the door for the rule test kit and for
 * policy replay. What the rules do to {@code data} (taking a slot, caching a state) is theirs to
 * keep or drop. Stateless; thread-safe.
 */
public final class PolicyTrial {

    private PolicyTrial() {
    }

    /**
     * The policy's decision about {@code proposed} for {@code run} in {@code initial}, as of {@code now}.
     *
     * @param policy   the rules in order (e.g. one of {@link EffectivePolicy#toPolicySet()}'s)
     * @param run      the run as it stands
     * @param initial  its current state; null for a new run
     * @param proposed the proposed state
     * @param data     what the rules may read and change beyond the run (limits, cache, history)
     * @param now      when the proposal is decided
     */
    public static Verdict decide(List<OrchestrationRule> policy, RunInfo run, State initial, State proposed,
                                 OrchestrationData data, Instant now) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(now, "now");
        var ctx = new DefaultTransitionContext(run, initial, proposed, data, now, fixed(now));
        PolicyRunner.decide(policy, ctx);
        State written = ctx.validatedState().orElse(null);
        return new Verdict(ctx.status(), written != null ? written : initial, written != null, ctx.reason(),
                ctx.delaySeconds(), ctx.decidingRule(), ctx.run(), ctx.trace(), ctx.observed(), ctx.cleanedUp());
    }

    private static TimeSource fixed(Instant now) {
        return new TimeSource() {
            @Override
            public Instant now() {
                return now;
            }

            @Override
            public void sleep(Duration duration) {
                throw new UnsupportedOperationException("a trial decides at one instant and never waits");
            }
        };
    }
}
