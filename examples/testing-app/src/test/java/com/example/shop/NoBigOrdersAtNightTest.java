package com.example.shop;

import static dev.orion.api.StateType.PENDING;
import static dev.orion.api.StateType.RUNNING;
import static dev.orion.host.testing.TransitionSpec.aFlowTransition;
import static dev.orion.test.OrionAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.RunKind;
import dev.orion.host.testing.RuleKit;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NoBigOrdersAtNightTest {

    private final RuleKit kit = RuleKit.withRule(new NoBigOrdersAtNight());

    @Test
    void runsRightAfterTheScheduledTimeCheck() {
        assertThat(kit.ruleNames(RunKind.FLOW)).containsSubsequence("WaitForScheduledTime", "NoBigOrdersAtNight");
    }

    @Test
    void holdsABigOrderAtMidnightUntilSix() {
        var spec = aFlowTransition().from(PENDING).to(RUNNING).withTags("big-order")
                .at(Instant.parse("2026-12-05T00:00:00Z"));

        assertThat(kit.decide(spec)).isDelayedBy(6 * 3600).decidedBy("NoBigOrdersAtNight").because("06:00 UTC");
    }

    @Test
    void letsASmallOrderStartAtMidnight() {
        var spec = aFlowTransition().from(PENDING).to(RUNNING).at(Instant.parse("2026-12-05T00:00:00Z"));

        assertThat(kit.decide(spec)).isAccepted().decidedByNoRule();
    }
}
