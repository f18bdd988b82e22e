package dev.orion.host.replay;

import dev.orion.api.State;
import dev.orion.host.orchestration.PolicySet;
import dev.orion.host.orchestration.PolicyTrial;
import dev.orion.host.orchestration.Verdict;
import dev.orion.host.store.Database;
import dev.orion.host.store.DecisionRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Replays recorded proposals under a candidate policy: rebuilds the context each was decided
 * in, decides it again with the orchestrator's policy runner, and reports where the outcome
 * (status, resulting state type and name, deciding rule) would differ. Read-only: rules see the
 * store as it answered then and nothing they do is written. Proposals are decided side by side
 * on the common fork-join pool (each is independent of the others) and reported in their recorded
 * order, so a report does not depend on the number of cores. Thread-safe (no shared state).
 */
public final class PolicyReplay {

    /** Proposals decided side by side between two progress reports. */
    private static final int CHUNK = 2_048;

    /** A recorded proposal and its candidate decision; null parts when its context could not be rebuilt. */
    private record Replayed(RecordedHistory.Entry entry, Verdict verdict) {
    }

    /** Told how far a replay has come. */
    @FunctionalInterface
    public interface Progress {
        void replayed(int done, int total);
    }

    private final Database db;
    private final int examplesPerKind;

    public PolicyReplay(Database db, int examplesPerKind) {
        this.db = Objects.requireNonNull(db, "db");
        this.examplesPerKind = examplesPerKind;
    }

    /** Replays every decision made at or after {@code since} under {@code candidate}. */
    public ReplayReport replay(PolicySet candidate, Instant since, Progress progress) {
        Objects.requireNonNull(candidate, "candidate");
        RecordedHistory history = new RecordedHistory(db, since);
        List<DecisionRow> recorded = history.decisions();
        int total = recorded.size();
        Map<String, Integer> byRule = new LinkedHashMap<>();
        Map<String, KindBuilder> kinds = new LinkedHashMap<>();
        Set<UUID> runs = new HashSet<>();
        int[] counts = new int[3];
        for (int from = 0; from < total; from += CHUNK) {
            List<DecisionRow> chunk = recorded.subList(from, Math.min(total, from + CHUNK));
            List<Replayed> decided = chunk.parallelStream().map(d -> decide(history, candidate, d)).toList();
            for (Replayed r : decided) {
                if (r.entry() == null) {
                    counts[2]++;
                } else {
                    tally(r.entry().proposal(), r.verdict(), runs, counts, byRule, kinds);
                }
            }
            if (progress != null) {
                progress.replayed(counts[0] + counts[2], total);
            }
        }
        Map<String, Integer> sortedRules = new LinkedHashMap<>();
        byRule.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).forEach(e -> sortedRules.put(e.getKey(), e.getValue()));
        List<ReplayReport.Kind> kindList = kinds.values().stream().map(KindBuilder::build)
                .sorted(Comparator.comparingInt(ReplayReport.Kind::count).reversed()).toList();
        return new ReplayReport(since, counts[0], runs.size(), counts[2], counts[1], sortedRules, kindList);
    }

    private static Replayed decide(RecordedHistory history, PolicySet candidate, DecisionRow d) {
        RecordedHistory.Entry entry = history.rebuild(d);
        if (entry == null) {
            return new Replayed(null, null);
        }
        RecordedProposal p = entry.proposal();
        return new Replayed(entry, PolicyTrial.decide(candidate.rules(p.run().kind(), d.forced()), p.run(),
                p.initial(), p.proposed(), new RecordedWorld(p, entry.recordedResult(), history::finalStatesBefore),
                p.at()));
    }

    /** Counts one replayed proposal: runs, decisions, and where it differs, its rules and kind of difference. */
    private void tally(RecordedProposal p, Verdict v, Set<UUID> runs, int[] counts, Map<String, Integer> byRule,
            Map<String, KindBuilder> kinds) {
        DecisionRow d = p.recorded();
        runs.add(p.run().id());
        counts[0]++;
        if (!same(d, v)) {
            counts[1]++;
            Set<String> rules = new TreeSet<>();
            rules.add(d.rule() == null ? "(no rule)" : d.rule());
            rules.add(v.rule() == null ? "(no rule)" : v.rule());
            rules.remove("(no rule)");
            rules.forEach(r -> byRule.merge(r, 1, Integer::sum));
            String transition = p.run().kind().label() + " run " + (d.fromType() == null ? "NONE" : d.fromType())
                    + " → " + d.proposedType();
            String recorded = outcome(d);
            String candidateOutcome = outcome(v);
            kinds.computeIfAbsent(transition + "|" + recorded + "|" + candidateOutcome,
                    k -> new KindBuilder(transition, recorded, candidateOutcome)).add(new ReplayReport.Example(
                    p.run().id(), p.run().kind().label() + " run " + p.run().name(), p.at(),
                    recorded + reason(d.reason()), candidateOutcome + reason(v.reason())), examplesPerKind);
        }
    }

    private static boolean same(DecisionRow d, Verdict v) {
        State s = v.state();
        return d.status() == v.status() && Objects.equals(d.resultType(), s == null ? null : s.type())
                && Objects.equals(d.resultName(), s == null ? null : s.name()) && Objects.equals(d.rule(), v.rule());
    }

    private static String outcome(DecisionRow d) {
        return describe(d.status().name(), d.resultType() == null ? null : d.resultType().name() + "/" + d.resultName(),
                d.rule());
    }

    private static String outcome(Verdict v) {
        return describe(v.status().name(), v.state() == null ? null : v.state().type().name() + "/" + v.state().name(),
                v.rule());
    }

    private static String describe(String status, String state, String rule) {
        return status + " " + (state == null ? "(no state)" : state) + (rule == null ? "" : " by " + rule);
    }

    private static String reason(String reason) {
        return reason == null ? "" : " (" + reason + ")";
    }

    private static final class KindBuilder {
        private final String transition;
        private final String recorded;
        private final String candidate;
        private final List<ReplayReport.Example> examples = new ArrayList<>();
        private int count;

        KindBuilder(String transition, String recorded, String candidate) {
            this.transition = transition;
            this.recorded = recorded;
            this.candidate = candidate;
        }

        void add(ReplayReport.Example example, int keep) {
            count++;
            if (examples.size() < keep) {
                examples.add(example);
            }
        }

        ReplayReport.Kind build() {
            return new ReplayReport.Kind(transition, recorded, candidate, count, examples);
        }
    }
}
