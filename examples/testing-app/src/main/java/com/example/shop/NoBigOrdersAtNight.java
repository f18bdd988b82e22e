package com.example.shop;

import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.AbstractOrchestrationRule;
import dev.orion.api.orchestration.RulePosition;
import dev.orion.api.orchestration.TransitionContext;
import java.time.ZoneOffset;
import java.util.Set;

/** The shop's own rule: flow runs tagged "big-order" do not start between 22:00 and 06:00 UTC; they wait. */
public class NoBigOrdersAtNight extends AbstractOrchestrationRule {

    public NoBigOrdersAtNight() {
        super("NoBigOrdersAtNight", "Holds big orders until the morning", Set.of(RunKind.FLOW),
                Set.of(StateType.SCHEDULED, StateType.PENDING), true, Set.of(StateType.RUNNING));
    }

    @Override
    public RulePosition position() {
        return RulePosition.after("WaitForScheduledTime");
    }

    @Override
    public void beforeTransition(TransitionContext ctx) {
        int hour = ctx.now().atZone(ZoneOffset.UTC).getHour();
        if (ctx.run().tags().contains("big-order") && (hour >= 22 || hour < 6)) {
            int hoursLeft = (6 - hour + 24) % 24;
            ctx.delay(hoursLeft * 3600.0, "big orders start from 06:00 UTC");
        }
    }
}
