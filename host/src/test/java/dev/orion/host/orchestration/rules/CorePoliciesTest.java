package dev.orion.host.orchestration.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.OrchestrationRule;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CorePoliciesTest {

    @Test
    void listsTheFlowRulesInPrefectsOrder() {
        assertThat(names(CorePolicies.flow())).containsExactly(
                "PreventDuplicateTransitions", "HandleFlowTerminalStateTransitions",
                "EnforceCancellingToCancelledTransition", "BypassCancellingFlowRunsWithNoInfra",
                "PreventPendingTransitions", "EnsureOnlyScheduledFlowsMarkedLate", "HandlePausingFlows",
                "HandleResumingPausedFlows", "CopyScheduledTime", "WaitForScheduledTime", "RetryFailedFlows");
    }

    @Test
    void listsTheTaskRulesInPrefectsOrder() {
        assertThat(names(CorePolicies.task())).containsExactly(
                "CacheRetrieval", "HandleTaskTerminalStateTransitions", "PreventRunningTasksFromStoppedFlows",
                "SecureTaskConcurrencySlots", "CopyScheduledTime", "WaitForScheduledTime", "RetryFailedTasks",
                "RenameReruns", "UpdateFlowRunTrackerOnTasks", "CacheInsertion", "ReleaseTaskConcurrencySlots");
    }

    @Test
    void keepsOnlyWhatForcedTransitionsNeed() {
        assertThat(names(CorePolicies.minimalFlow())).containsExactly("BypassCancellingFlowRunsWithNoInfra");
        assertThat(names(CorePolicies.minimalTask())).containsExactly("ReleaseTaskConcurrencySlots");
    }

    @Test
    void assemblesThePolicySetFromTheFourPolicies() {
        var set = CorePolicies.policySet();
        assertThat(set.rules(RunKind.FLOW, false)).isEqualTo(CorePolicies.flow());
        assertThat(set.rules(RunKind.TASK, false)).isEqualTo(CorePolicies.task());
        assertThat(set.rules(RunKind.FLOW, true)).isEqualTo(CorePolicies.minimalFlow());
        assertThat(set.rules(RunKind.TASK, true)).isEqualTo(CorePolicies.minimalTask());
    }

    @Test
    void namesEachRuleAfterItsClass() {
        allRules().forEach(rule -> assertThat(rule.name()).isEqualTo(rule.getClass().getSimpleName()));
    }

    @Test
    void appliesEachRuleToTheKindsOfRunItsPoliciesGovern() {
        CorePolicies.flow().forEach(rule -> assertThat(rule.runKinds()).contains(RunKind.FLOW));
        CorePolicies.task().forEach(rule -> assertThat(rule.runKinds()).contains(RunKind.TASK));
        allRules().filter(rule -> rule.runKinds().size() == 2)
                .forEach(rule -> assertThat(rule.name()).isIn("CopyScheduledTime", "WaitForScheduledTime"));
    }

    @Test
    void makesOnlyTheSlotReleaseUniversal() {
        allRules().forEach(rule -> assertThat(rule.universal())
                .as(rule.name()).isEqualTo(rule instanceof ReleaseTaskConcurrencySlots));
    }

    @Test
    void coversTheSameTransitionsAsPrefect() {
        Set<StateType> all = StateType.ALL;
        expectCovers(new PreventDuplicateTransitions(), all, true, all);
        expectCovers(new HandleFlowTerminalStateTransitions(), StateType.TERMINAL, false, all);
        expectCovers(new HandleTaskTerminalStateTransitions(), StateType.TERMINAL, false, all);
        expectCovers(new EnforceCancellingToCancelledTransition(), Set.of(StateType.CANCELLED, StateType.CANCELLING),
                false, StateType.allExcept(StateType.CANCELLED));
        expectCovers(new BypassCancellingFlowRunsWithNoInfra(), Set.of(StateType.SCHEDULED, StateType.PAUSED), false,
                Set.of(StateType.CANCELLING));
        expectCovers(new PreventPendingTransitions(), Set.of(StateType.PENDING, StateType.CANCELLING,
                StateType.RUNNING, StateType.CANCELLED), false, Set.of(StateType.PENDING));
        expectCovers(new EnsureOnlyScheduledFlowsMarkedLate(), all, true, Set.of(StateType.SCHEDULED));
        expectCovers(new HandlePausingFlows(), all, true, Set.of(StateType.PAUSED));
        expectCovers(new HandleResumingPausedFlows(), Set.of(StateType.PAUSED), false, all);
        expectCovers(new CopyScheduledTime(), Set.of(StateType.SCHEDULED), false, Set.of(StateType.PENDING));
        expectCovers(new WaitForScheduledTime(), Set.of(StateType.SCHEDULED, StateType.PENDING), false,
                Set.of(StateType.RUNNING));
        expectCovers(new RetryFailedFlows(), Set.of(StateType.RUNNING), false, Set.of(StateType.FAILED));
        expectCovers(new RetryFailedTasks(), Set.of(StateType.RUNNING), false, Set.of(StateType.FAILED));
        for (OrchestrationRule toRunning : List.of(new CacheRetrieval(), new PreventRunningTasksFromStoppedFlows(),
                new SecureTaskConcurrencySlots(), new RenameReruns(), new UpdateFlowRunTrackerOnTasks())) {
            expectCovers(toRunning, all, true, Set.of(StateType.RUNNING));
        }
        expectCovers(new CacheInsertion(), all, true, Set.of(StateType.COMPLETED));
    }

    private static void expectCovers(OrchestrationRule rule, Set<StateType> from, boolean fromNoState,
                                     Set<StateType> to) {
        assertThat(rule.fromStates()).as(rule.name()).isEqualTo(from);
        assertThat(rule.fromNoState()).as(rule.name()).isEqualTo(fromNoState);
        assertThat(rule.toStates()).as(rule.name()).isEqualTo(to);
    }

    private static Stream<OrchestrationRule> allRules() {
        return Stream.concat(CorePolicies.flow().stream(), CorePolicies.task().stream());
    }

    private static List<String> names(List<OrchestrationRule> rules) {
        return rules.stream().map(OrchestrationRule::name).toList();
    }
}
