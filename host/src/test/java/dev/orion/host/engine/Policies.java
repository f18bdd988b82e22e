package dev.orion.host.engine;

import dev.orion.host.orchestration.PolicySet;
import dev.orion.host.orchestration.rules.CorePolicies;
import java.util.List;

/** Policies for engine tests. */
final class Policies {

    private Policies() {
    }

    /** Orion's core flow and task policies. */
    static PolicySet core() {
        return CorePolicies.policySet();
    }

    /** The core policies, telling a task run that finds its concurrency limit full to wait {@code seconds}. */
    static PolicySet coreWaitingForSlots(double seconds) {
        return new PolicySet(CorePolicies.flow(), CorePolicies.task(seconds), CorePolicies.minimalFlow(),
                CorePolicies.minimalTask());
    }

    /** No rules: every proposal is accepted (bookkeeping still runs). */
    static PolicySet none() {
        return new PolicySet(List.of(), List.of(), List.of(), List.of());
    }
}
