package dev.orion.host.testing;

import dev.orion.api.RunKind;
import dev.orion.api.orchestration.OrchestrationRule;
import dev.orion.host.orchestration.EffectivePolicy;
import dev.orion.host.orchestration.PolicyComposer;
import dev.orion.host.orchestration.PolicyOverrides;
import dev.orion.host.orchestration.PolicySet;
import dev.orion.host.orchestration.PolicyTrial;
import dev.orion.host.orchestration.RuleEntry;
import dev.orion.host.orchestration.Verdict;
import dev.orion.host.orchestration.rules.CorePolicies;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The rule test kit: puts a rule in its place among the core rules (where its
 * {@code position()} says, composed as the orchestrator composes policies) and decides
 * proposals with the orchestrator's own policy runner, storing nothing.
 *
 * <pre>{@code
 * Verdict v = RuleKit.withRule(new MyRule()).decide(aFlowTransition().from(SCHEDULED).to(PENDING).build());
 * assertThat(v.status()).isEqualTo(ResultStatus.REJECT);
 * assertThat(v.rule()).isEqualTo("MyRule");
 * }</pre>
 *
 * Immutable; thread-safe as long as the rules are.
 */
public final class RuleKit {

    private final PolicySet policies;
    private final EffectivePolicy effective;

    private RuleKit(PolicySet policies, EffectivePolicy effective) {
        this.policies = policies;
        this.effective = effective;
    }

    /** Prefect 2's core flow and task policies, as the orchestrator runs them without plugins. */
    public static RuleKit core() {
        return withRules(List.of(), PolicyOverrides.NONE);
    }

    /** The core policies with {@code rule} at the position it declares. */
    public static RuleKit withRule(OrchestrationRule rule) {
        return withRules(List.of(rule), PolicyOverrides.NONE);
    }

    /** The core policies with these rules at their positions, then {@code overrides} (as in {@code policy.json}). */
    public static RuleKit withRules(List<OrchestrationRule> rules, PolicyOverrides overrides) {
        List<RuleEntry> extras = rules.stream().map(r -> new RuleEntry(r, "test")).toList();
        EffectivePolicy policy = PolicyComposer.compose(CorePolicies.policySet(), extras, overrides);
        if (!policy.problems().isEmpty()) {
            throw new IllegalArgumentException("the rules do not fit among the core rules: "
                    + String.join("; ", policy.problems()));
        }
        return new RuleKit(policy.toPolicySet(), policy);
    }

    /** Exactly these rules, in this order, for both run kinds: a rule on its own, or a few together. */
    public static RuleKit only(OrchestrationRule... rules) {
        return only(List.of(rules));
    }

    /** Exactly these rules, in this order, for both run kinds. */
    public static RuleKit only(List<OrchestrationRule> rules) {
        List<OrchestrationRule> list = List.copyOf(rules);
        return new RuleKit(new PolicySet(list, list, list, list), null);
    }

    /** Decides the spec with the data it describes (its limits, cache entries and flow history). */
    public Verdict decide(TransitionSpec spec) {
        return decide(spec, InMemoryOrchestrationData.of(spec));
    }

    /** Decides the spec with {@code data}, which keeps what the rules did to it (slots taken, states cached). */
    public Verdict decide(TransitionSpec spec, InMemoryOrchestrationData data) {
        Objects.requireNonNull(spec, "spec");
        return PolicyTrial.decide(policies.rules(spec.run().kind(), false), spec.run(), spec.initial(),
                spec.proposed(), data, spec.now());
    }

    /** Decides a spec built from {@code builder}. */
    public Verdict decide(TransitionSpec.Builder builder) {
        return decide(builder.build());
    }

    /** The rule names of the policy for a run kind, in the order they run. */
    public List<String> ruleNames(RunKind kind) {
        List<String> names = new ArrayList<>();
        if (effective != null) {
            effective.entries(kind).forEach(e -> names.add(e.name()));
        } else {
            policies.rules(kind, false).forEach(r -> names.add(r.name()));
        }
        return names;
    }
}
