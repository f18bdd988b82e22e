package dev.orion.host.orchestration;

import dev.orion.api.RunKind;
import dev.orion.api.orchestration.OrchestrationRule;
import dev.orion.api.orchestration.RulePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds the effective policies: the core ones, plus rules from plugins and scripts at the
 * positions they declare, then the user's overrides (disabled rules, moves). A rule whose
 * anchor is missing goes last and is reported, never dropped silently. Pure; thread-safe.
 */
public final class PolicyComposer {

    private PolicyComposer() {
    }

    public static EffectivePolicy compose(PolicySet core, List<RuleEntry> extras, PolicyOverrides overrides) {
        List<String> problems = new ArrayList<>();
        List<RuleEntry> flow = build(RunKind.FLOW, core.flow(), extras, overrides, problems);
        List<RuleEntry> task = build(RunKind.TASK, core.task(), extras, overrides, problems);
        for (String name : overrides.disabled()) {
            if (extras.stream().noneMatch(e -> e.name().equals(name))
                    && core.flow().stream().noneMatch(r -> r.name().equals(name))
                    && core.task().stream().noneMatch(r -> r.name().equals(name))) {
                problems.add("policy.json disables rule " + name + ", which no policy has");
            }
        }
        return new EffectivePolicy(flow, task, core.minimalFlow(), core.minimalTask(), problems);
    }

    private static List<RuleEntry> build(RunKind kind, List<OrchestrationRule> core, List<RuleEntry> extras,
                                         PolicyOverrides overrides, List<String> problems) {
        List<RuleEntry> rules = new ArrayList<>();
        core.forEach(r -> rules.add(new RuleEntry(r, RuleEntry.CORE)));
        for (RuleEntry extra : extras) {
            if (!extra.rule().runKinds().contains(kind)) {
                continue;
            }
            if (rules.stream().anyMatch(r -> r.name().equals(extra.name()))) {
                problems.add("rule " + extra.name() + " from " + extra.source() + " is left out of the " + kind.label()
                        + " policy: a rule of that name is already in it");
                continue;
            }
            insert(rules, extra, extra.rule().position(), kind, problems);
        }
        rules.removeIf(r -> overrides.disabled().contains(r.name()));
        for (PolicyOverrides.Move move : overrides.moves()) {
            int at = indexOf(rules, move.rule());
            if (at >= 0) {
                RuleEntry entry = rules.remove(at);
                insert(rules, entry, move.toPosition(), kind, problems);
            }
        }
        return rules;
    }

    private static void insert(List<RuleEntry> rules, RuleEntry entry, RulePosition position, RunKind kind,
                               List<String> problems) {
        int index = switch (position.placement()) {
            case FIRST -> 0;
            case LAST -> rules.size();
            case BEFORE, AFTER -> {
                int anchor = indexOf(rules, position.anchor());
                if (anchor < 0) {
                    problems.add("rule " + entry.name() + " (" + entry.source() + ") asks to go "
                            + position.placement().name().toLowerCase(Locale.ROOT) + " " + position.anchor()
                            + ", which the " + kind.label() + " policy does not have; it goes last");
                    yield rules.size();
                }
                yield position.placement() == RulePosition.Placement.BEFORE ? anchor : anchor + 1;
            }
        };
        rules.add(index, entry);
    }

    private static int indexOf(List<RuleEntry> rules, String name) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
