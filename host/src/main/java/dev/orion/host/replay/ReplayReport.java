package dev.orion.host.replay;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where a candidate policy would have decided recorded proposals differently.
 *
 * @param since       the oldest decision considered
 * @param proposals   recorded decisions replayed
 * @param runs        runs they belong to
 * @param unmatched   recorded decisions whose context could not be rebuilt (left out)
 * @param differing   decisions the candidate policy would have made differently
 * @param byRule      differing decisions per rule (the rule that decided either way), most first
 * @param kinds       each kind of difference with its count and a few examples, most frequent first
 */
public record ReplayReport(Instant since, int proposals, int runs, int unmatched, int differing,
                           Map<String, Integer> byRule, List<Kind> kinds) {

    public ReplayReport {
        byRule = Collections.unmodifiableMap(new LinkedHashMap<>(byRule));
        kinds = List.copyOf(kinds);
    }

    /**
     * One kind of difference: the same transition decided one way then and another way now.
     *
     * @param transition "RUNNING → FAILED" (with NONE for a new run), and the run kind
     * @param recorded   what was decided, as "REJECT to SCHEDULED/AwaitingRetry by RetryFailedTasks"
     * @param candidate  what the candidate policy decides
     * @param count      how many recorded decisions differ this way
     * @param examples   a few of them
     */
    public record Kind(String transition, String recorded, String candidate, int count, List<Example> examples) {
        public Kind {
            examples = List.copyOf(examples);
        }
    }

    /**
     * One differing decision.
     *
     * @param runId     the run
     * @param run       "task run square-3" or "flow run brave-otter"
     * @param at        when it was decided
     * @param recorded  the recorded decision, with its reason
     * @param candidate the candidate policy's decision, with its reason
     */
    public record Example(UUID runId, String run, Instant at, String recorded, String candidate) {
    }
}
