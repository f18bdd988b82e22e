package dev.orion.host.orchestration.rules;

import dev.orion.host.testing.RuleKit;
import dev.orion.host.orchestration.Verdict;
import dev.orion.host.testing.InMemoryOrchestrationData;
import static dev.orion.api.StateType.CANCELLING;
import static dev.orion.api.StateType.PENDING;
import static dev.orion.api.StateType.RUNNING;
import static dev.orion.host.orchestration.rules.SecureTaskConcurrencySlotsTest.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.StateType;
import dev.orion.api.orchestration.OrchestrationRule;
import dev.orion.api.orchestration.ResultStatus;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReleaseTaskConcurrencySlotsTest {

    private final InMemoryOrchestrationData data = new InMemoryOrchestrationData();
    private final UUID task = UUID.randomUUID();
    private final ReleaseTaskConcurrencySlots release = new ReleaseTaskConcurrencySlots();
    private final SecureTaskConcurrencySlots secure = new SecureTaskConcurrencySlots();

    @BeforeEach
    void fillTheOnlySlot() {
        data.setLimit("small", 1);
        RuleKit.only(SecureTaskConcurrencySlotsTest.CONCURRENCY).decide(spec(task, PENDING, RUNNING, "small"), data);
        assertThat(data.activeSlots("small")).isEqualTo(1);
    }

    @Test
    void freesTheSlotWhenARejectionMovesTheTaskOutOfRunningWithReleaseFirst() {
        Verdict outcome = leaveRunning(List.of(release, secure, TestRules.fizzling(RUNNING, CANCELLING)));

        assertThat(outcome.status()).isEqualTo(ResultStatus.REJECT);
        assertThat(outcome.state().type()).isNotIn(RUNNING, CANCELLING);
        assertThat(data.activeSlots("small")).isZero();
    }

    @Test
    void freesTheSlotWhenARejectionMovesTheTaskOutOfRunningWithReleaseLast() {
        Verdict outcome = leaveRunning(List.of(TestRules.fizzling(CANCELLING), secure, release));

        assertThat(outcome.status()).isEqualTo(ResultStatus.REJECT);
        assertThat(data.activeSlots("small")).isZero();
    }

    @Test
    void keepsTheSlotWhenNothingIsWrittenWithReleaseFirst() {
        Verdict outcome = leaveRunning(List.of(release, secure, TestRules.aborting()));

        assertThat(outcome.status()).isEqualTo(ResultStatus.ABORT);
        assertThat(data.activeSlots("small")).isEqualTo(1);
    }

    @Test
    void keepsTheSlotWhenNothingIsWrittenWithReleaseLast() {
        Verdict outcome = leaveRunning(List.of(TestRules.aborting(), secure, release));

        assertThat(outcome.status()).isEqualTo(ResultStatus.ABORT);
        assertThat(data.activeSlots("small")).isEqualTo(1);
    }

    @Test
    void isUniversalAndSoNeverFizzles() {
        assertThat(release.universal()).isTrue();
        for (StateType from : StateType.ALL) {
            for (StateType to : StateType.ALL) {
                assertThat(release.covers(from, to)).isTrue();
            }
        }
        assertThat(release.covers(null, PENDING)).isTrue();
    }

    private Verdict leaveRunning(List<OrchestrationRule> rules) {
        return RuleKit.only(rules).decide(spec(task, RUNNING, PENDING, "small"), data);
    }
}
