package dev.orion.host.cli;

import dev.orion.host.orchestration.EffectivePolicy;
import dev.orion.host.orchestration.PolicyComposer;
import dev.orion.host.orchestration.PolicyOverrides;
import dev.orion.host.orchestration.RuleEntry;
import dev.orion.host.orchestration.rules.CorePolicies;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code orion rules ls}: the orchestration policies, rule by rule. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Show the orchestration rules that decide every state transition.")
final class RulesCommand extends ParentCommand {

    private final CliContext context;

    RulesCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = "List the flow run and task run policies, each rule in the order it runs.")
    int ls(@Option(names = "--json", description = "Print JSON.") boolean json) {
        EffectivePolicy policy = effectivePolicy();
        policy.problems().forEach(problem -> context.err().println("orion: warning: " + problem));
        Map<String, List<RuleView>> policies = new LinkedHashMap<>();
        policies.put("flow", views(policy.flow()));
        policies.put("task", views(policy.task()));
        if (json) {
            context.printJson(policies);
            return 0;
        }
        printPolicy("Flow run policy", policies.get("flow"));
        context.out().println();
        printPolicy("Task run policy", policies.get("task"));
        context.out().println();
        context.out().println("FROM and TO: NONE = no state yet; ALL = every state type; TERMINAL = COMPLETED,"
                + "FAILED,CANCELLED,CRASHED; ANY = every transition, whatever earlier rules decided.");
        return 0;
    }

    private void printPolicy(String title, List<RuleView> rules) {
        context.out().println(title + " (" + rules.size() + " rules, in order)");
        Table table = new Table("#", "RULE", "FROM", "TO", "SOURCE", "DESCRIPTION");
        int position = 1;
        for (RuleView rule : rules) {
            table.row(position++, rule.name(), RuleView.brief(rule.from()), RuleView.brief(rule.to()),
                    rule.source(), rule.description());
        }
        table.print(context.out());
    }

    /** The policies runs go through: today the core ones, as nothing adds rules to them yet. */
    private static EffectivePolicy effectivePolicy() {
        return PolicyComposer.compose(CorePolicies.policySet(), List.of(), PolicyOverrides.NONE);
    }

    private static List<RuleView> views(List<RuleEntry> entries) {
        return entries.stream().map(entry -> RuleView.of(entry.rule(), entry.source())).toList();
    }
}
