package dev.orion.host.orchestration.rules;

import dev.orion.host.testing.RuleKit;
import dev.orion.host.orchestration.Verdict;
import dev.orion.host.testing.TransitionSpec;
import static dev.orion.api.StateType.PENDING;
import static dev.orion.api.StateType.SCHEDULED;
import static dev.orion.host.testing.TransitionSpec.aTransition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.ResultStatus;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CopyScheduledTimeTest {

    private final CopyScheduledTime rule = new CopyScheduledTime();

    @ParameterizedTest
    @EnumSource(RunKind.class)
    void copiesTheScheduledTimeFromScheduledToPending(RunKind kind) {
        var spec = aTransition(kind).from(SCHEDULED).scheduledIn(Duration.ofMinutes(-5)).to(PENDING).build();

        Verdict outcome = RuleKit.only(rule).decide(spec);

        assertThat(outcome.status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(outcome.state().details().scheduledTime()).isEqualTo(spec.initial().details().scheduledTime());
    }

    @ParameterizedTest
    @EnumSource(RunKind.class)
    void keepsAScheduledTimeThePendingStateBrings(RunKind kind) {
        var builder = aTransition(kind).from(SCHEDULED).scheduledIn(Duration.ofMinutes(-5)).to(PENDING);
        var own = builder.now().plusSeconds(60);
        var spec = builder.withProposedDetails(d -> d.withScheduledTime(own)).build();

        assertThat(RuleKit.only(rule).decide(spec).state().details().scheduledTime()).isEqualTo(own);
    }

    @ParameterizedTest
    @EnumSource(value = StateType.class, names = {"COMPLETED", "FAILED", "CANCELLED", "CRASHED", "RUNNING"})
    void coversOnlyScheduledToPending(StateType to) {
        assertThat(rule.covers(SCHEDULED, to)).isFalse();
        assertThat(rule.covers(SCHEDULED, PENDING)).isTrue();
    }
}
