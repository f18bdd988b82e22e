package dev.orion.host.services;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.host.orchestration.Orchestrator;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.ScheduledRunStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Renames Scheduled flow runs whose time passed more than {@code threshold} ago to {@code Late},
 * through the orchestrator (so the rule EnsureOnlyScheduledFlowsMarkedLate decides), as
 * Prefect's late-runs service. Thread-safe.
 */
public final class LateRunMarker {

    private final ScheduledRunStore runs;
    private final Orchestrator orchestrator;
    private final Clock clock;
    private final Duration threshold;

    public LateRunMarker(ScheduledRunStore runs, Orchestrator orchestrator, Clock clock, Duration threshold) {
        this.runs = runs;
        this.orchestrator = orchestrator;
        this.clock = clock;
        this.threshold = threshold;
    }

    /** Marks what is late now; returns how many runs it marked. */
    public int runOnce() {
        int marked = 0;
        Instant now = clock.instant();
        for (UUID id : runs.overdue(now.minus(threshold), 500)) {
            RunRow run = orchestrator.readRun(id, RunKind.FLOW).orElse(null);
            if (run == null || run.state() == null) {
                continue;
            }
            Instant scheduled = run.state().details().scheduledTime();
            if (orchestrator.propose(id, RunKind.FLOW, State.late(scheduled), false).isAccepted()) {
                marked++;
            }
        }
        if (marked > 0) {
            orchestrator.flush();
        }
        return marked;
    }
}
