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

    /** No rules: every proposal is accepted (bookkeeping still runs). */
    static PolicySet none() {
        return new PolicySet(List.of(), List.of(), List.of(), List.of());
    }
}
