package dev.orion.host.orchestration.rules;

import dev.orion.host.testing.RuleKit;
import dev.orion.host.orchestration.Verdict;
import dev.orion.host.testing.InMemoryOrchestrationData;
import dev.orion.host.testing.TransitionSpec;
import static dev.orion.api.StateType.CANCELLED;
import static dev.orion.api.StateType.CANCELLING;
import static dev.orion.api.StateType.COMPLETED;
import static dev.orion.api.StateType.PENDING;
import static dev.orion.api.StateType.RUNNING;
import static dev.orion.host.testing.TransitionSpec.aTaskTransition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orion.api.StateType;
import dev.orion.api.orchestration.OrchestrationRule;
import dev.orion.api.orchestration.ResultStatus;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Concurrency limits end to end: slots taken by {@link SecureTaskConcurrencySlots}, freed by {@link ReleaseTaskConcurrencySlots}. */
class SecureTaskConcurrencySlotsTest {

    static final List<OrchestrationRule> CONCURRENCY =
            List.of(new SecureTaskConcurrencySlots(), new ReleaseTaskConcurrencySlots());

    private final InMemoryOrchestrationData data = new InMemoryOrchestrationData();

    @Test
    void letsOneTaskRunAtATimeUnderALimitOfOne() {
        data.setLimit("some tag", 1);
        UUID task1 = UUID.randomUUID();
        UUID task2 = UUID.randomUUID();
        assertThat(data.activeSlots("some tag")).isZero();

        assertThat(move(task1, PENDING, RUNNING, "some tag").status()).isEqualTo(ResultStatus.ACCEPT);
        Verdict second = move(task2, PENDING, RUNNING, "some tag");
        assertThat(second.status()).isEqualTo(ResultStatus.WAIT);
        assertThat(second.delaySeconds()).isEqualTo(30.0);
        assertThat(second.reason()).isEqualTo("Concurrency limit for the some tag tag has been reached");
        assertThat(data.activeSlots("some tag")).isEqualTo(1);

        assertThat(move(task1, RUNNING, COMPLETED, "some tag").status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(data.activeSlots("some tag")).isZero();

        assertThat(move(task2, PENDING, RUNNING, "some tag").status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(data.holders("some tag")).containsExactly(task2);
    }

    @Test
    void keepsTheSlotWhileCancellingAndFreesItOnceCancelled() {
        data.setLimit("some tag", 1);
        UUID task1 = UUID.randomUUID();
        UUID task2 = UUID.randomUUID();
        move(task1, PENDING, RUNNING, "some tag");
        assertThat(move(task2, PENDING, RUNNING, "some tag").status()).isEqualTo(ResultStatus.WAIT);

        assertThat(move(task1, RUNNING, CANCELLING, "some tag").status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(data.activeSlots("some tag")).isEqualTo(1);

        assertThat(move(task1, CANCELLING, CANCELLED, "some tag").status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(data.activeSlots("some tag")).isZero();

        assertThat(move(task2, PENDING, RUNNING, "some tag").status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(data.activeSlots("some tag")).isEqualTo(1);
    }

    @Test
    void abortsATaskWhoseLimitIsZeroBecauseItWouldWaitForever() {
        data.setLimit("the worst limit", 0);

        Verdict outcome = move(UUID.randomUUID(), PENDING, RUNNING, "the worst limit");

        assertThat(outcome.status()).isEqualTo(ResultStatus.ABORT);
        assertThat(outcome.reason()).isEqualTo(
                "The concurrency limit on tag \"the worst limit\" is 0 and will deadlock if the task tries to run again.");
    }

    @Test
    void givesTheSlotsBackWhenALaterRuleChangesTheTransition() {
        data.setLimit("a nice little limit", 1);
        var rules = List.of(new SecureTaskConcurrencySlots(), new ReleaseTaskConcurrencySlots(), TestRules.fizzling());

        Verdict outcome = RuleKit.only(rules).decide(spec(UUID.randomUUID(), PENDING, RUNNING, "a nice little limit"), data);

        assertThat(outcome.status()).isEqualTo(ResultStatus.REJECT);
        assertThat(outcome.cleanedUp()).contains("SecureTaskConcurrencySlots");
        assertThat(data.activeSlots("a nice little limit")).isZero();
    }

    @Test
    void givesTheSlotsBackWhenALaterRuleMakesTheTaskWaitEvenIfTheNewStateHoldsSlots() {
        data.setLimit("small", 1);
        var rules = List.of(new SecureTaskConcurrencySlots(), TestRules.aborting(), new ReleaseTaskConcurrencySlots());

        RuleKit.only(rules).decide(spec(UUID.randomUUID(), PENDING, RUNNING, "small"), data);

        assertThat(data.activeSlots("small")).isZero();
    }

    @Test
    void oneRunDoesNotTakeMoreThanOneSlot() {
        data.setLimit("a generous limit", 10);
        UUID task = UUID.randomUUID();

        assertThat(move(task, PENDING, RUNNING, "a generous limit").status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(move(task, PENDING, RUNNING, "a generous limit").status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(data.activeSlots("a generous limit")).isEqualTo(1);
    }

    @Test
    void aRestartingTaskDoesNotTakeAnotherSlot() {
        data.setLimit("a generous limit", 10);
        UUID task = UUID.randomUUID();
        var secureOnly = List.<OrchestrationRule>of(new SecureTaskConcurrencySlots());

        RuleKit.only(secureOnly).decide(spec(task, PENDING, RUNNING, "a generous limit"), data);
        assertThat(data.activeSlots("a generous limit")).isEqualTo(1);

        Verdict restart = RuleKit.only(secureOnly).decide(spec(task, RUNNING, RUNNING, "a generous limit"), data);

        assertThat(restart.status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(data.activeSlots("a generous limit")).isEqualTo(1);
    }

    @Test
    void aLimitCreatedWhileATaskRunsCountsOnlyLaterRuns() {
        data.setLimit("primary tag", 2);
        UUID task1 = UUID.randomUUID();
        UUID task2 = UUID.randomUUID();
        String[] tags = {"primary tag", "secondary tag"};

        assertThat(move(task1, PENDING, RUNNING, tags).status()).isEqualTo(ResultStatus.ACCEPT);
        data.setLimit("secondary tag", 1);
        assertThat(data.activeSlots("primary tag")).isEqualTo(1);
        assertThat(data.activeSlots("secondary tag")).isZero();

        assertThat(move(task2, PENDING, RUNNING, tags).status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(data.activeSlots("primary tag")).isEqualTo(2);
        assertThat(data.activeSlots("secondary tag")).isEqualTo(1);

        move(task1, RUNNING, COMPLETED, tags);
        assertThat(data.activeSlots("primary tag")).isEqualTo(1);
        assertThat(data.activeSlots("secondary tag")).isEqualTo(1);

        move(task2, RUNNING, COMPLETED, tags);
        assertThat(data.activeSlots("primary tag")).isZero();
        assertThat(data.activeSlots("secondary tag")).isZero();
    }

    @Test
    void aDeletedLimitNoLongerHoldsTasksBack() {
        data.setLimit("big limit", 2).setLimit("small limit", 1);
        String[] tags = {"big limit", "small limit"};

        assertThat(move(UUID.randomUUID(), PENDING, RUNNING, tags).status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(move(UUID.randomUUID(), PENDING, RUNNING, tags).status()).isEqualTo(ResultStatus.WAIT);
        data.deleteLimit("small limit");

        assertThat(move(UUID.randomUUID(), PENDING, RUNNING, tags).status()).isEqualTo(ResultStatus.ACCEPT);
    }

    @Test
    void aRaisedLimitLetsMoreTasksRun() {
        data.setLimit("changing limit", 1);
        move(UUID.randomUUID(), PENDING, RUNNING, "changing limit");
        data.setLimit("changing limit", 2);

        assertThat(move(UUID.randomUUID(), PENDING, RUNNING, "changing limit").status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(data.activeSlots("changing limit")).isEqualTo(2);
    }

    @Test
    void aLoweredLimitHoldsBackNewTasksButLetsRunningOnesFinish() {
        data.setLimit("shrinking limit", 2);
        UUID task1 = UUID.randomUUID();
        move(task1, PENDING, RUNNING, "shrinking limit");
        data.setLimit("shrinking limit", 1);

        assertThat(move(UUID.randomUUID(), PENDING, RUNNING, "shrinking limit").status()).isEqualTo(ResultStatus.WAIT);
        data.setLimit("shrinking limit", 0);
        assertThat(data.activeSlots("shrinking limit")).isEqualTo(1);

        assertThat(move(task1, RUNNING, COMPLETED, "shrinking limit").status()).isEqualTo(ResultStatus.ACCEPT);
        assertThat(data.activeSlots("shrinking limit")).isZero();
    }

    @Test
    void waitsForAsLongAsItIsConfiguredTo() {
        data.setLimit("db", 1);
        move(UUID.randomUUID(), PENDING, RUNNING, "db");
        var rules = List.<OrchestrationRule>of(new SecureTaskConcurrencySlots(2.5));

        assertThat(RuleKit.only(rules).decide(spec(UUID.randomUUID(), PENDING, RUNNING, "db"), data).delaySeconds())
                .isEqualTo(2.5);
        assertThatThrownBy(() -> new SecureTaskConcurrencySlots(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    private Verdict move(UUID task, StateType from, StateType to, String... tags) {
        return RuleKit.only(CONCURRENCY).decide(spec(task, from, to, tags), data);
    }

    static TransitionSpec spec(UUID task, StateType from, StateType to, String... tags) {
        return aTaskTransition().withRunId(task).from(from).to(to).withTags(tags).build();
    }
}
