package dev.orion.host.orchestration.rules;

import dev.orion.host.testing.RuleKit;
import dev.orion.host.testing.TransitionSpec;
import static dev.orion.api.StateType.RUNNING;
import static dev.orion.api.StateType.SCHEDULED;
import static dev.orion.host.testing.TransitionSpec.aTaskTransition;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RenameRerunsTest {

    private final RenameReruns rule = new RenameReruns();

    @Test
    void namesARerunRerunning() {
        var spec = aTaskTransition().from(SCHEDULED).to(RUNNING).withRunCount(2).withRetries(2).build();
        assertThat(RuleKit.only(rule).decide(spec).state().name()).isEqualTo("Rerunning");
    }

    @Test
    void namesARetryRetrying() {
        var spec = aTaskTransition().from(SCHEDULED).withInitialName("AwaitingRetry").to(RUNNING)
                .withRunCount(2).withRetries(2).build();
        assertThat(RuleKit.only(rule).decide(spec).state().name()).isEqualTo("Retrying");
    }

    @Test
    void keepsTheNameOfAFirstRun() {
        var spec = aTaskTransition().from(SCHEDULED).to(RUNNING).withRunCount(0).withRetries(2).build();
        assertThat(RuleKit.only(rule).decide(spec).state().name()).isEqualTo("Running");
    }
}
