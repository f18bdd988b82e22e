package dev.orion.host.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.OrchestrationRule;
import dev.orion.host.client.PolicyView;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A rule as {@code orion rules ls} shows it. {@code from} and {@code to} are state type names
 * in the enum's order; {@code NONE} in {@code from} stands for "no state yet", and a
 * universal rule shows {@code ANY} for both.
 */
@JsonPropertyOrder({"name", "from", "to", "description", "source"})
record RuleView(String name, List<String> from, List<String> to, String description, String source) {

    static final String NO_STATE = PolicyView.NO_STATE;
    static final String ANY = PolicyView.ANY;

    static RuleView of(OrchestrationRule rule, String source) {
        return of(PolicyView.Rule.of(rule, source));
    }

    static RuleView of(PolicyView.Rule rule) {
        return new RuleView(rule.name(), rule.from(), rule.to(), rule.description(), rule.source());
    }

    /**
     * The states for a table cell, shortened: every type reads {@code ALL}, the four end
     * states {@code TERMINAL}, all but a few {@code ALL but X,Y}.
     */
    static String brief(List<String> states) {
        if (states.equals(List.of(ANY))) {
            return ANY;
        }
        List<String> types = new ArrayList<>(states);
        String prefix = types.remove(NO_STATE) ? NO_STATE + "," : "";
        List<String> all = names(StateType.ALL);
        List<String> missing = all.stream().filter(t -> !types.contains(t)).toList();
        if (missing.isEmpty()) {
            return prefix + "ALL";
        }
        if (types.equals(names(StateType.TERMINAL))) {
            return prefix + "TERMINAL";
        }
        if (missing.size() <= 3) {
            return prefix + "ALL but " + String.join(",", missing);
        }
        return prefix + String.join(",", types);
    }

    private static List<String> names(Set<StateType> types) {
        return PolicyView.names(types);
    }
}
