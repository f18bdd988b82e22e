package dev.orion.host.orchestration;

import dev.orion.api.RunKind;
import dev.orion.api.orchestration.OrchestrationRule;
import java.util.List;

/**
 * The four policies an orchestrator decides with: the flow and task policies, and the
 * minimal ones used for forced proposals. Immutable.
 */
public record PolicySet(List<OrchestrationRule> flow, List<OrchestrationRule> task,
                        List<OrchestrationRule> minimalFlow, List<OrchestrationRule> minimalTask) {

    public PolicySet {
        flow = List.copyOf(flow);
        task = List.copyOf(task);
        minimalFlow = List.copyOf(minimalFlow);
        minimalTask = List.copyOf(minimalTask);
    }

    /** The policy for a run kind; the minimal one when {@code forced}. */
    public List<OrchestrationRule> rules(RunKind kind, boolean forced) {
        if (kind == RunKind.FLOW) {
            return forced ? minimalFlow : flow;
        }
        return forced ? minimalTask : task;
    }
}
