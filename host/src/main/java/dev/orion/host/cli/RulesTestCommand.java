package dev.orion.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.OrionException;
import dev.orion.host.orchestration.PolicyOverrides;
import dev.orion.host.orchestration.RuleEntry;
import dev.orion.host.orchestration.Verdict;
import dev.orion.host.scripting.ScriptRules;
import dev.orion.host.testing.RuleCase;
import dev.orion.host.testing.RuleKit;
import dev.orion.host.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code orion rules test RULE_FILE --cases CASES.json}: decides each case with the script's
 * rules in their places among the core rules (the real policy runner), prints each decision,
 * and exits 1 naming the cases whose decision differs from what they expect.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Decide each case of a JSON file with a rule script in its place among the core rules; "
                + "exit 1 when a decision differs from the case's expectation.")
final class RulesTestCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "RULE_FILE", description = "a .js or .py rule script")
    Path ruleFile;

    @Option(names = "--cases", required = true, paramLabel = "CASES.json",
            description = "a JSON array of cases (or {\"cases\": [...]}); see the README")
    Path casesFile;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    RulesTestCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (!Files.isRegularFile(ruleFile)) {
            throw new OrionException("rule script " + ruleFile + (Files.isDirectory(ruleFile) ? " is a folder" : " does not exist")
                    + "; give the path of a .js or .py file");
        }
        List<RuleCase> cases = readCases();
        List<String> failures = new ArrayList<>();
        List<Map<String, Object>> results = new ArrayList<>();
        try (ScriptRules scripts = ScriptRules.file(ruleFile, failures::add)) {
            List<RuleEntry> rules = scripts.rules();
            if (!failures.isEmpty()) {
                throw new OrionException(failures.getFirst().replaceFirst("^orion: ", ""));
            }
            if (rules.isEmpty()) {
                throw new OrionException(ruleFile + " is not a rule script (.js, .mjs or .py)");
            }
            RuleKit kit = RuleKit.withRules(rules.stream().map(RuleEntry::rule).toList(), PolicyOverrides.NONE);
            for (RuleCase c : cases) {
                Verdict v = kit.decide(c.toSpec());
                List<String> mismatches = c.mismatches(v);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("case", c.label());
                r.put("holds", mismatches.isEmpty());
                r.put("status", v.status());
                r.put("state", v.state() == null ? null : v.state().type() + "/" + v.state().name());
                r.put("rule", v.rule());
                r.put("reason", v.reason());
                r.put("delay_seconds", v.delaySeconds());
                r.put("differences", mismatches);
                results.add(r);
            }
        }
        List<String> differing = results.stream().filter(r -> !(Boolean) r.get("holds"))
                .map(r -> (String) r.get("case")).toList();
        if (json) {
            context.printJson(results);
        } else {
            for (int i = 0; i < results.size(); i++) {
                Map<String, Object> r = results.get(i);
                context.out().printf("%-4s %s: %s%n", (Boolean) r.get("holds") ? "ok" : "FAIL", r.get("case"),
                        verdictLine(cases.get(i), r));
                @SuppressWarnings("unchecked")
                List<String> why = (List<String>) r.get("differences");
                why.forEach(line -> context.out().println("       " + line));
            }
            context.out().printf("%d of %d cases hold%n", results.size() - differing.size(), results.size());
        }
        if (!differing.isEmpty()) {
            context.err().println("orion: " + (differing.size() == 1 ? "case '" + differing.getFirst() + "' differs"
                    : differing.size() + " cases differ: " + String.join(", ", differing.stream()
                    .map(d -> "'" + d + "'").toList())));
            return 1;
        }
        return 0;
    }

    private static String verdictLine(RuleCase c, Map<String, Object> r) {
        Object delay = r.get("delay_seconds");
        return r.get("status") + ("WAIT".equals(String.valueOf(r.get("status"))) && delay != null ? " " + delay + " s"
                : " to " + (r.get("state") == null ? "no state" : r.get("state")))
                + (r.get("rule") == null ? "" : " by " + r.get("rule"))
                + (r.get("reason") == null ? "" : " (" + r.get("reason") + ")");
    }

    private List<RuleCase> readCases() {
        String text;
        if (!Files.isRegularFile(casesFile)) {
            throw new OrionException("cases file " + casesFile + (Files.isDirectory(casesFile) ? " is a folder" : " does not exist")
                    + "; give a JSON file of cases");
        }
        try {
            text = Files.readString(casesFile);
        } catch (IOException e) {
            throw new OrionException("cannot read cases file " + casesFile + ": " + e.getMessage()
                    + "; give a JSON file of cases");
        }
        try {
            JsonNode root = Json.MAPPER.readTree(text);
            JsonNode list = root.isArray() ? root : root.path("cases");
            if (!list.isArray() || list.isEmpty()) {
                throw new OrionException(casesFile + " holds no cases; write a JSON array of cases or {\"cases\": [...]}");
            }
            List<RuleCase> cases = new ArrayList<>();
            for (JsonNode node : list) {
                cases.add(Json.MAPPER.treeToValue(node, RuleCase.class));
            }
            return cases;
        } catch (IOException e) {
            throw new OrionException(casesFile + " is not valid cases JSON: " + e.getMessage().lines().findFirst()
                    .orElse("") + "; see 'orion rules test --help'");
        }
    }
}
