package dev.orion.host.replay;

import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateDetails;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.FlowRunSnapshot;
import dev.orion.api.orchestration.ResultStatus;
import dev.orion.api.orchestration.RunInfo;
import dev.orion.host.store.Database;
import dev.orion.host.store.DecisionRow;
import dev.orion.host.store.HistoryStore;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.StateRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The recorded proposals since a moment, each with the context it was decided in rebuilt from
 * the store: the run's state just before, its run count then (the Running states it had
 * entered), a task run's flow run as it stood then, and the proposed state. Details a rejected
 * proposal carried that the store does not keep are filled in from what the decision shows (a
 * cache key from the cached state, a transition id for a rejected duplicate). Reads the store
 * once, in a few bulk queries; once built, thread-safe (it only reads what it holds).
 */
final class RecordedHistory {

    /** A recorded proposal and the state it led to (null when it wrote none). */
    record Entry(RecordedProposal proposal, State recordedResult) {
    }

    private record Timeline(List<StateRow> states) {
        /** The index of the last state at or before {@code at}; -1 when none. */
        int lastAtOrBefore(Instant at) {
            int found = -1;
            for (int i = 0; i < states.size() && !states.get(i).state().timestamp().isAfter(at); i++) {
                found = i;
            }
            return found;
        }

        int indexOf(UUID stateId) {
            for (int i = 0; i < states.size(); i++) {
                if (states.get(i).id().equals(stateId)) {
                    return i;
                }
            }
            return -1;
        }

        /** How many times the run had entered Running up to and including state {@code index}. */
        int runCountThrough(int index) {
            int n = 0;
            for (int i = 0; i <= index; i++) {
                if (states.get(i).state().is(StateType.RUNNING)) {
                    n++;
                }
            }
            return n;
        }
    }

    private final Map<UUID, RunRow> runs = new HashMap<>();
    private final Map<UUID, Timeline> timelines = new HashMap<>();
    private final Map<RunKind, List<DecisionRow>> decisions = new HashMap<>();
    private final Map<String, List<State>> finalFlowStates = new HashMap<>();

    RecordedHistory(Database db, Instant since) {
        HistoryStore store = new HistoryStore(db);
        // Six independent bulk reads, side by side: reading and decoding rows is most of a replay's
        // time. The states come with the decisions that wrote them, so the largest table is read once.
        Map<RunKind, Future<List<RunRow>>> runRows = new EnumMap<>(RunKind.class);
        Map<RunKind, Future<HistoryStore.States>> stateRows = new EnumMap<>(RunKind.class);
        Map<RunKind, Future<List<DecisionRow>>> unwritten = new EnumMap<>(RunKind.class);
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (RunKind kind : RunKind.values()) {
                runRows.put(kind, readers.submit(() -> store.runs(kind, since)));
                stateRows.put(kind, readers.submit(() -> store.states(kind, since)));
                unwritten.put(kind, readers.submit(() -> store.unwrittenDecisions(kind, since)));
            }
            for (RunKind kind : RunKind.values()) {
                get(runRows.get(kind)).forEach(r -> runs.put(r.id(), r));
                HistoryStore.States states = get(stateRows.get(kind));
                List<StateRow> all = states.states();
                for (int start = 0, end; start < all.size(); start = end) {
                    UUID run = all.get(start).runId();
                    end = start + 1;
                    while (end < all.size() && all.get(end).runId().equals(run)) {
                        end++;
                    }
                    timelines.put(run, new Timeline(all.subList(start, end)));
                }
                decisions.put(kind, merge(states.written(), get(unwritten.get(kind))));
            }
        }
        for (RunRow run : runs.values()) {
            Timeline t = timelines.get(run.id());
            if (run.kind() == RunKind.FLOW && t != null) {
                t.states().stream().map(StateRow::state).filter(State::isTerminal)
                        .forEach(s -> finalFlowStates.computeIfAbsent(run.flowName(), k -> new ArrayList<>()).add(s));
            }
        }
        finalFlowStates.values().forEach(l -> l.sort(Comparator.comparing(State::timestamp).reversed()));
    }

    /** The store's order of decisions: by run id as text (its hex digits, unsigned), then time, then id. */
    private static final Comparator<DecisionRow> STORE_ORDER = Comparator
            .comparing(DecisionRow::runId, RecordedHistory::compareAsText)
            .thenComparing(DecisionRow::timestamp)
            .thenComparing(DecisionRow::id, RecordedHistory::compareAsText);

    private static int compareAsText(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    /** Two lists each in the store's order, merged into one in that order. */
    private static List<DecisionRow> merge(List<DecisionRow> a, List<DecisionRow> b) {
        if (b.isEmpty()) {
            return a;
        }
        List<DecisionRow> out = new ArrayList<>(a.size() + b.size());
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            out.add(STORE_ORDER.compare(a.get(i), b.get(j)) <= 0 ? a.get(i++) : b.get(j++));
        }
        out.addAll(a.subList(i, a.size()));
        out.addAll(b.subList(j, b.size()));
        return out;
    }

    private static <T> T get(Future<T> read) {
        try {
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrionException("the replay was interrupted while reading the history", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new OrionException("could not read the history: " + e.getCause(), e.getCause());
        }
    }

    /** The recorded decisions to replay: flow runs' first, then task runs'; each run's proposals oldest first. */
    List<DecisionRow> decisions() {
        List<DecisionRow> all = new ArrayList<>(decisions.values().stream().mapToInt(List::size).sum());
        for (RunKind kind : RunKind.values()) {
            all.addAll(decisions.get(kind));
        }
        return all;
    }

    /** The final states flow runs of {@code flowName} had reached before {@code at}, newest first. */
    List<State> finalStatesBefore(String flowName, Instant at) {
        List<State> all = finalFlowStates.getOrDefault(flowName, List.of());
        int lo = 0;
        int hi = all.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (all.get(mid).timestamp().isBefore(at)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return all.subList(lo, all.size());
    }

    /** The proposal {@code d} decided, in the context it was decided in; null when that cannot be rebuilt (pruned). */
    Entry rebuild(DecisionRow d) {
        RunRow run = runs.get(d.runId());
        Timeline timeline = timelines.get(d.runId());
        if (run == null || timeline == null) {
            return null;
        }
        int writtenAt = timeline.indexOf(d.id());
        int initialAt = writtenAt >= 0 ? writtenAt - 1 : timeline.lastAtOrBefore(d.timestamp());
        State initial = initialAt >= 0 ? timeline.states().get(initialAt).state() : null;
        if (!Objects.equals(initial == null ? null : initial.type(), d.fromType())) {
            return null;
        }
        State written = writtenAt >= 0 ? timeline.states().get(writtenAt).state() : null;
        RunInfo info = runInfo(run, timeline.runCountThrough(initialAt), d.timestamp());
        State proposed = proposed(d, initial, written);
        return new Entry(new RecordedProposal(info, initial, proposed, d.timestamp(), d), written);
    }

    private RunInfo runInfo(RunRow row, int runCount, Instant at) {
        FlowRunSnapshot flowRun = null;
        int flowRunRunCount = 0;
        if (row.kind() == RunKind.TASK) {
            Timeline flow = timelines.get(row.flowRunId());
            int i = flow == null ? -1 : flow.lastAtOrBefore(at);
            flowRunRunCount = flow == null ? row.flowRunRunCount() : flow.runCountThrough(i);
            flowRun = new FlowRunSnapshot(row.flowRunId(), i < 0 ? null : flow.states().get(i).state(), flowRunRunCount);
        }
        return new RunInfo(row.id(), row.kind(), row.name(), row.flowName(), row.taskKey(), row.tags(), runCount,
                row.policy(), flowRunRunCount, flowRun, row.parentTaskRunId(), row.deploymentId(),
                row.infrastructurePid());
    }

    private static State proposed(DecisionRow d, State initial, State written) {
        if (written != null && d.status() == ResultStatus.ACCEPT) {
            return new State(d.proposedType(), d.proposedName(), d.timestamp(), written.message(), written.details(),
                    written.resultRef());
        }
        StateDetails details = StateDetails.EMPTY;
        if (written != null && written.details().cacheKey() != null) {
            details = details.withCache(written.details().cacheKey(), written.details().cacheExpiration());
        }
        if ("PreventDuplicateTransitions".equals(d.rule()) && initial != null) {
            details = details.withTransitionId(initial.details().transitionId());
        }
        return new State(d.proposedType(), d.proposedName(), d.timestamp(), null, details, null);
    }
}
