package dev.orion.host.client;

import dev.orion.api.StateType;
import dev.orion.api.orchestration.OrchestrationRule;
import dev.orion.host.orchestration.EffectivePolicy;
import dev.orion.host.orchestration.RuleEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * An effective policy as a client reads it: the flow and task run rules in order, with each
 * rule's source, the rule sources that did not load and the overrides that could not be applied.
 * Immutable.
 */
public record PolicyView(List<Rule> flow, List<Rule> task, List<Failure> failed, List<String> problems) {

    /** What {@code from} holds for "no state yet". */
    public static final String NO_STATE = "NONE";
    /** What {@code from} and {@code to} hold for a rule that covers every transition. */
    public static final String ANY = "ANY";

    public PolicyView {
        flow = List.copyOf(flow);
        task = List.copyOf(task);
        failed = List.copyOf(failed);
        problems = List.copyOf(problems);
    }

    /**
     * One rule: {@code from} and {@code to} are state type names in the enum's order, {@link #NO_STATE}
     * in {@code from} for "no state yet", {@link #ANY} in both for a universal rule.
     */
    public record Rule(String name, List<String> from, List<String> to, String description, String source) {

        public static Rule of(OrchestrationRule rule, String source) {
            if (rule.universal()) {
                return new Rule(rule.name(), List.of(ANY), List.of(ANY), rule.description(), source);
            }
            List<String> from = new ArrayList<>();
            if (rule.fromNoState()) {
                from.add(NO_STATE);
            }
            from.addAll(names(rule.fromStates()));
            return new Rule(rule.name(), List.copyOf(from), names(rule.toStates()), rule.description(), source);
        }
    }

    /** A rule source (script file, {@code policy.json}, plugin) that did not load, and why. */
    public record Failure(String source, String reason) {
    }

    /** The view of an effective policy composed in this process. */
    public static PolicyView of(EffectivePolicy policy, List<Failure> failed) {
        return new PolicyView(rules(policy.flow()), rules(policy.task()), failed, policy.problems());
    }

    private static List<Rule> rules(List<RuleEntry> entries) {
        return entries.stream().map(e -> Rule.of(e.rule(), e.source())).toList();
    }

    /** State type names in the enum's order. */
    public static List<String> names(Set<StateType> types) {
        return Arrays.stream(StateType.values()).filter(types::contains).map(Enum::name).toList();
    }
}
