package dev.orion.host.cli;

import dev.orion.api.OrionException;
import dev.orion.host.client.OrionClient;
import dev.orion.host.orchestration.PolicyOverrides;
import dev.orion.host.replay.ReplayReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code orion rules replay --policy CANDIDATE.json}: decides the proposals recorded in the store
 * (the server's with {@code ORION_API_URL}) again under a candidate policy (the plugins' rules, the
 * script rules, or those of {@code --rules}, and the candidate's overrides, composed as the
 * orchestrator composes them) and reports where the decisions would differ. Changes nothing.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay the recorded decisions under a candidate policy.json and report where they would differ "
                + "(the server's history and rules with ORION_API_URL).")
final class RulesReplayCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--policy", required = true, paramLabel = "CANDIDATE.json",
            description = "the candidate policy, in policy.json's form ({\"disabled\": [...], \"moves\": [...]})")
    Path policyFile;

    @Option(names = "--rules", paramLabel = "DIR", description = "script rules of the candidate (default: ORION_RULES_DIR; not with ORION_API_URL)")
    Path rulesDir;

    @Option(names = "--since", paramLabel = "AGE", description = "only decisions this recent, e.g. 7d, 12h (default: all)")
    String since;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    RulesReplayCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (!Files.isRegularFile(policyFile)) {
            throw new OrionException("candidate policy " + policyFile + (Files.isDirectory(policyFile) ? " is a folder" : " does not exist")
                    + "; give a policy.json-style "
                    + "file, e.g. {\"disabled\": [\"RetryFailedTasks\"]}");
        }
        Instant from = since == null ? Instant.EPOCH
                : Instant.now().minus(Ages.parse(since)).truncatedTo(ChronoUnit.SECONDS);
        ReplayProgress progress = new ReplayProgress(context.err());
        OrionClient.Replay replay;
        if (rulesDir == null) {
            try (OrionClient client = Clients.open(context)) {
                replay = client.replay(PolicyOverrides.load(policyFile), from, progress);
            }
        } else if (context.settings().apiUrl().isPresent()) {
            throw new OrionException("--rules names script rules of this machine, but with ORION_API_URL set the server "
                    + "replays its history with its own rules; drop --rules, or unset ORION_API_URL to replay this "
                    + "machine's store");
        } else {
            try (OrionClient client = Clients.forReplayWithRules(context, rulesDir)) {
                replay = client.replay(PolicyOverrides.load(policyFile), from, progress);
            }
        }
        progress.done();
        replay.problems().forEach(p -> context.err().println("orion: warning: " + p));
        if (json) {
            context.printJson(replay.report());
        } else {
            print(replay.report());
        }
        return 0;
    }

    private void print(ReplayReport r) {
        var out = context.out();
        out.printf("Replayed %,d decisions of %,d runs%s under %s: %,d would differ%n", r.proposals(), r.runs(),
                r.since().equals(Instant.EPOCH) ? "" : " since " + r.since(), policyFile, r.differing());
        if (r.unmatched() > 0) {
            out.printf("(%,d decisions left out: their runs' history is incomplete, e.g. pruned)%n", r.unmatched());
        }
        if (r.differing() == 0) {
            return;
        }
        out.println();
        Table byRule = new Table("RULE", "DIFFERING");
        r.byRule().forEach((rule, count) -> byRule.row(rule, String.format("%,d", count)));
        byRule.print(out);
        for (ReplayReport.Kind k : r.kinds()) {
            out.println();
            out.printf("%,d × %s%n", k.count(), k.transition());
            out.println("    recorded:  " + k.recorded());
            out.println("    candidate: " + k.candidate());
            for (ReplayReport.Example e : k.examples()) {
                out.printf("    e.g. %s %s at %s%n", e.runId(), e.run(), e.at());
                out.println("         was: " + e.recorded());
                out.println("         now: " + e.candidate());
            }
        }
    }
}
