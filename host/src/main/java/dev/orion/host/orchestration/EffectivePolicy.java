package dev.orion.host.orchestration;

import dev.orion.api.RunKind;
import dev.orion.api.orchestration.OrchestrationRule;
import java.util.List;

/**
 * The flow and task policies in force, each rule with its source, plus the minimal policies
 * for forced proposals and anything that could not be applied as asked. Immutable.
 *
 * @param flow        the flow run policy, in order
 * @param task        the task run policy, in order
 * @param minimalFlow the forced flow policy
 * @param minimalTask the forced task policy
 * @param problems    one line per rule or override that could not be applied as asked
 */
public record EffectivePolicy(List<RuleEntry> flow, List<RuleEntry> task, List<OrchestrationRule> minimalFlow,
                              List<OrchestrationRule> minimalTask, List<String> problems) {

    public EffectivePolicy {
        flow = List.copyOf(flow);
        task = List.copyOf(task);
        minimalFlow = List.copyOf(minimalFlow);
        minimalTask = List.copyOf(minimalTask);
        problems = List.copyOf(problems);
    }

    public List<RuleEntry> entries(RunKind kind) {
        return kind == RunKind.FLOW ? flow : task;
    }

    /** The rules alone, for the orchestrator. */
    public PolicySet toPolicySet() {
        return new PolicySet(flow.stream().map(RuleEntry::rule).toList(), task.stream().map(RuleEntry::rule).toList(),
                minimalFlow, minimalTask);
    }
}
