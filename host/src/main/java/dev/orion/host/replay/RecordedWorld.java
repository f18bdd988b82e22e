package dev.orion.host.replay;

import dev.orion.api.State;
import dev.orion.api.orchestration.OrchestrationData;
import dev.orion.api.orchestration.SlotAcquisition;
import dev.orion.host.store.DecisionRow;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * What the store told the rules when a recorded proposal was decided, answered again for a
 * replay: a concurrency slot was free unless the recorded decision waited for one (or aborted on
 * a zero limit), a cached state was found only if the recorded decision took it from the cache,
 * and a flow's earlier final states are those written before the proposal. Writes nothing:
 * taking and releasing slots and caching states are dropped. Not thread-safe (one per proposal).
 */
final class RecordedWorld implements OrchestrationData {

    static final String SLOT_RULE = "SecureTaskConcurrencySlots";
    static final String CACHE_RULE = "CacheRetrieval";

    private final RecordedProposal proposal;
    private final State recordedResult;
    private final BiFunction<String, Instant, List<State>> flowHistory;

    RecordedWorld(RecordedProposal proposal, State recordedResult, BiFunction<String, Instant, List<State>> flowHistory) {
        this.proposal = proposal;
        this.recordedResult = recordedResult;
        this.flowHistory = flowHistory;
    }

    @Override
    public Optional<State> findCachedState(String cacheKey, Instant now) {
        DecisionRow d = proposal.recorded();
        boolean hit = CACHE_RULE.equals(d.rule()) || traced(d, CACHE_RULE + ": REJECT");
        return hit && recordedResult != null ? Optional.of(recordedResult) : Optional.empty();
    }

    @Override
    public void putCachedState(String cacheKey, State state, Instant expiration, UUID taskRunId) {
        // read-only: a replay changes nothing
    }

    @Override
    public SlotAcquisition acquireSlots(Set<String> tags, UUID runId) {
        DecisionRow d = proposal.recorded();
        String tag = tags.stream().sorted().findFirst().orElse("");
        if (traced(d, SLOT_RULE + ": ABORT")) {
            return new SlotAcquisition(SlotAcquisition.Outcome.ZERO_LIMIT, tag);
        }
        if (traced(d, SLOT_RULE + ": WAIT")) {
            return new SlotAcquisition(SlotAcquisition.Outcome.LIMIT_REACHED, tag);
        }
        return SlotAcquisition.ACQUIRED;
    }

    @Override
    public void releaseSlots(Set<String> tags, UUID runId) {
        // read-only: a replay changes nothing
    }

    @Override
    public List<State> recentFinalFlowRunStates(String flowName, int limit) {
        List<State> states = flowHistory.apply(flowName, proposal.at());
        return states.subList(0, Math.min(limit, states.size()));
    }

    private static boolean traced(DecisionRow d, String prefix) {
        return d.trace().stream().anyMatch(line -> line.startsWith(prefix));
    }
}
