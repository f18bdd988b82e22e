package dev.orion.host.orchestration.rules;

import dev.orion.host.orchestration.Verdict;
import dev.orion.host.testing.TransitionSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.OrchestrationResult;
import dev.orion.api.orchestration.ResultStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * What a policy should decide about a {@link TransitionSpec}: the status and, where it matters,
 * the resulting state's type and name, the delay, the scheduled time of the resulting state, a
 * fragment of the reason and the deciding rule. Unset parts are not checked. Checks either a
 * rule-test {@link Verdict} or a real {@link OrchestrationResult}.
 */
public record Expectation(
        ResultStatus status, StateType type, String name, Double delaySeconds,
        Double scheduledInSeconds, String reasonFragment, String rule) {

    /** The tolerance on delays and scheduled times, in seconds, for slow machines. */
    public static final double TOLERANCE_SECONDS = 2;

    public static Expectation accepts(StateType type) {
        return new Expectation(ResultStatus.ACCEPT, type, null, null, null, null, null);
    }

    public static Expectation accepts(StateType type, String name) {
        return accepts(type).named(name);
    }

    /** Rejected: the run adopts a state of this type instead (its current one, when that is the type). */
    public static Expectation rejectsTo(StateType type) {
        return new Expectation(ResultStatus.REJECT, type, null, null, null, null, null);
    }

    public static Expectation waits(double seconds) {
        return new Expectation(ResultStatus.WAIT, null, null, seconds, null, null, null);
    }

    public static Expectation aborts() {
        return new Expectation(ResultStatus.ABORT, null, null, null, null, null, null);
    }

    public Expectation named(String value) {
        return new Expectation(status, type, value, delaySeconds, scheduledInSeconds, reasonFragment, rule);
    }

    public Expectation scheduledIn(double seconds) {
        return new Expectation(status, type, name, delaySeconds, seconds, reasonFragment, rule);
    }

    public Expectation because(String fragment) {
        return new Expectation(status, type, name, delaySeconds, scheduledInSeconds, fragment, rule);
    }

    public Expectation by(String ruleName) {
        return new Expectation(status, type, name, delaySeconds, scheduledInSeconds, reasonFragment, ruleName);
    }

    /** Checks what the orchestrator answered, decided at about {@code now}. */
    public void verify(OrchestrationResult result, Instant now) {
        verify(result.status(), result.state(), result.details().reason(), result.details().delaySeconds(),
                result.details().rule(), now);
    }

    /** Checks what the rule harness decided. */
    public void verify(Verdict outcome, Instant now) {
        verify(outcome.status(), outcome.state(), outcome.reason(), outcome.delaySeconds(), outcome.rule(), now);
    }

    private void verify(ResultStatus actualStatus, State state, String reason, Double delay, String decidedBy,
                        Instant now) {
        String context = "decided " + actualStatus + " to " + (state == null ? "no state" : state.label())
                + " by " + decidedBy + ": " + reason;
        assertThat(actualStatus).as(context).isEqualTo(status);
        if (type != null) {
            assertThat(state).as(context).isNotNull();
            assertThat(state.type()).as(context).isEqualTo(type);
        }
        if (name != null) {
            assertThat(state.name()).as(context).isEqualTo(name);
        }
        if (delaySeconds != null) {
            assertThat(delay).as(context).isNotNull().isCloseTo(delaySeconds, within(TOLERANCE_SECONDS));
        }
        if (scheduledInSeconds != null) {
            Instant scheduled = state.details().scheduledTime();
            assertThat(scheduled).as(context).isNotNull();
            double seconds = Duration.between(now, scheduled).toMillis() / 1000.0;
            assertThat(seconds).as(context).isCloseTo(scheduledInSeconds, within(TOLERANCE_SECONDS));
        }
        if (reasonFragment != null) {
            assertThat(reason).as(context).contains(reasonFragment);
        }
        if (rule != null) {
            assertThat(decidedBy).as(context).isEqualTo(rule);
        }
    }
}
