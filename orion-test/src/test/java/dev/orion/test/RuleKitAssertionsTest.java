package dev.orion.test;

import static dev.orion.api.StateType.FAILED;
import static dev.orion.api.StateType.RUNNING;
import static dev.orion.api.StateType.SCHEDULED;
import static dev.orion.host.testing.TransitionSpec.aTaskTransition;
import static dev.orion.test.OrionAssertions.assertThat;

import dev.orion.host.testing.RuleKit;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RuleKitAssertionsTest {

    @Test
    void theCorePoliciesRetryAFailedTaskWithRetriesLeft() {
        var spec = aTaskTransition().from(RUNNING).to(FAILED).withRunCount(1).withRetries(2).withRetryDelays(30.0);

        assertThat(RuleKit.core().decide(spec)).isRejectedTo(SCHEDULED).resultsIn("AwaitingRetry")
                .decidedBy("RetryFailedTasks").because("Retrying");
    }

    @Test
    void aTaskScheduledAheadIsToldToWait() {
        var spec = aTaskTransition().from(SCHEDULED).scheduledIn(Duration.ofMinutes(5)).to(RUNNING);

        assertThat(RuleKit.core().decide(spec)).isDelayedBy(300).decidedBy("WaitForScheduledTime");
    }

    @Test
    void aTaskOutOfRetriesFails() {
        var spec = aTaskTransition().from(RUNNING).to(FAILED).withRunCount(3).withRetries(2);

        assertThat(RuleKit.core().decide(spec)).isAccepted().decidedByNoRule().resultsIn("Failed");
    }
}
