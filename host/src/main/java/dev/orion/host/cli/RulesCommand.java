package dev.orion.host.cli;

import dev.orion.api.RunKind;
import dev.orion.host.client.OrionClient;
import dev.orion.host.orchestration.NoSuchRunException;
import dev.orion.host.store.DecisionRow;
import dev.orion.host.store.RunRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code orion rules ls | explain | test | replay}: the orchestration policies, rule by rule, and what they decided. */
@Command(name = "rules", mixinStandardHelpOptions = true, subcommands = {RulesTestCommand.class, RulesReplayCommand.class},
        description = "Show the orchestration rules that decide every state transition.")
final class RulesCommand extends ParentCommand {

    private final CliContext context;

    RulesCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = "List the flow run and task run policies, each rule in the order it runs "
                    + "(the server's when ORION_API_URL is set).")
    int ls(@Option(names = "--json", description = "Print JSON.") boolean json) {
        PolicyListing policy = PolicyListing.read(context.settings());
        policy.problems().forEach(problem -> context.err().println("orion: warning: " + problem));
        Map<String, Object> policies = new LinkedHashMap<>();
        policies.put("flow", policy.flow());
        policies.put("task", policy.task());
        policies.put("failed", policy.failed());
        if (json) {
            context.printJson(policies);
            return 0;
        }
        printPolicy("Flow run policy", policy.flow());
        context.out().println();
        printPolicy("Task run policy", policy.task());
        context.out().println();
        if (!policy.failed().isEmpty()) {
            context.out().println("Failed to load:");
            Table table = new Table("SOURCE", "REASON");
            policy.failed().forEach(f -> table.row(f.get("source"), f.get("reason")));
            table.print(context.out());
            context.out().println();
        }
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

    @Command(name = "explain", mixinStandardHelpOptions = true,
            description = "For each transition of a flow run and its task runs: the rules that covered it and what each did "
                    + "(read from the server when ORION_API_URL is set).")
    int explain(@Option(names = "--run", required = true, paramLabel = "ID", description = "a flow run id") String runId,
                @Option(names = "--json", description = "Print JSON.") boolean json) {
        UUID id = RunIds.parse(runId);
        try (OrionClient runs = Clients.open(context)) {
            RunRow flowRun = runs.flowRun(id).orElseThrow(() -> new NoSuchRunException(RunKind.FLOW, id));
            List<RunRow> all = new ArrayList<>();
            all.add(flowRun);
            all.addAll(runs.taskRuns(id));
            List<Map<String, Object>> out = new ArrayList<>();
            for (RunRow run : all) {
                for (DecisionRow d : runs.decisions(run.id(), run.kind())) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("run_id", run.id());
                    m.put("run", run.kind().label() + " " + run.name());
                    m.put("time", d.timestamp());
                    m.put("from", d.fromName());
                    m.put("proposed", d.proposedName());
                    m.put("status", d.status());
                    m.put("result", d.resultName());
                    m.put("rule", d.rule());
                    m.put("reason", d.reason());
                    m.put("rules", d.trace());
                    out.add(m);
                }
            }
            if (json) {
                context.printJson(out);
                return 0;
            }
            for (Map<String, Object> m : out) {
                context.out().printf("%s  %s: %s -> %s: %s%s%n", m.get("time"), m.get("run"),
                        m.get("from") == null ? "(none)" : m.get("from"), m.get("proposed"), m.get("status"),
                        "ACCEPT".equals(String.valueOf(m.get("status"))) ? "" : " (" + m.get("result") + ")");
                @SuppressWarnings("unchecked")
                List<String> trace = (List<String>) m.get("rules");
                if (trace.isEmpty()) {
                    context.out().println("    no rule covers this transition");
                }
                trace.forEach(line -> context.out().println("    " + line));
            }
            return 0;
        }
    }
}
