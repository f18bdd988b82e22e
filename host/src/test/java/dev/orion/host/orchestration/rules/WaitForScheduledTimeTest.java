package dev.orion.host.orchestration.rules;

import dev.orion.host.testing.RuleKit;
import dev.orion.host.orchestration.Verdict;
import dev.orion.host.testing.TransitionSpec;
import static dev.orion.api.StateType.PENDING;
import static dev.orion.api.StateType.RUNNING;
import static dev.orion.api.StateType.SCHEDULED;
import static dev.orion.host.testing.TransitionSpec.aTransition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.ResultStatus;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class WaitForScheduledTimeTest {

    private final WaitForScheduledTime rule = new WaitForScheduledTime();

    static Stream<Arguments> kindsAndStarts() {
        return Stream.of(RunKind.values())
                .flatMap(kind -> Stream.of(SCHEDULED, PENDING).map(from -> Arguments.of(kind, from)));
    }

    @ParameterizedTest
    @MethodSource("kindsAndStarts")
    void aRunPastItsScheduledTimeStartsAtOnce(RunKind kind, StateType from) {
        var spec = aTransition(kind).from(from).scheduledIn(Duration.ofMinutes(-5)).to(RUNNING).build();

        Verdict outcome = RuleKit.only(rule).decide(spec);

        assertThat(outcome.status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(outcome.state().type()).isEqualTo(RUNNING);
    }

    @ParameterizedTest
    @MethodSource("kindsAndStarts")
    void aRunBeforeItsScheduledTimeWaitsUntilThen(RunKind kind, StateType from) {
        var spec = aTransition(kind).from(from).scheduledIn(Duration.ofMinutes(5)).to(RUNNING).build();

        Verdict outcome = RuleKit.only(rule).decide(spec);

        assertThat(outcome.status()).isEqualTo(ResultStatus.WAIT);
        assertThat(outcome.written()).isFalse();
        assertThat(outcome.delaySeconds()).isCloseTo(300, within(2.0));
        assertThat(outcome.reason()).isEqualTo("Scheduled time is in the future");
    }

    @ParameterizedTest
    @EnumSource(value = StateType.class, names = {"COMPLETED", "FAILED", "CANCELLED", "CRASHED"})
    void doesNotCoverMovesOtherThanStartingToRun(StateType to) {
        assertThat(rule.covers(SCHEDULED, to)).isFalse();
        var spec = aTransition(RunKind.TASK).from(SCHEDULED).scheduledIn(Duration.ofMinutes(5)).to(to).build();
        assertThat(RuleKit.only(rule).decide(spec).status()).isEqualTo(ResultStatus.ACCEPT);
    }

    @ParameterizedTest
    @EnumSource(RunKind.class)
    void aRunWithoutAScheduledTimeStartsAtOnce(RunKind kind) {
        var spec = aTransition(kind).from(PENDING).to(RUNNING).build();
        assertThat(RuleKit.only(rule).decide(spec).status()).isEqualTo(ResultStatus.ACCEPT);
    }

    @ParameterizedTest
    @EnumSource(RunKind.class)
    void roundsTheDelayToWholeSecondsSoARunLessThanHalfASecondEarlyStarts(RunKind kind) {
        var early = aTransition(kind).from(SCHEDULED).scheduledIn(Duration.ofMillis(400)).to(RUNNING).build();
        var later = aTransition(kind).from(SCHEDULED).scheduledIn(Duration.ofMillis(1600)).to(RUNNING).build();

        assertThat(RuleKit.only(rule).decide(early).status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(RuleKit.only(rule).decide(later).delaySeconds()).isEqualTo(2.0);
    }
}
