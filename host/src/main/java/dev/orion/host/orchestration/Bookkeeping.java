package dev.orion.host.orchestration;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.RunInfo;
import dev.orion.host.store.RunRow;
import java.time.Duration;

/**
 * Prefect 2's global transforms, applied to a run on every written state whatever the
 * policy: state on the run, start time (first Running), end time (set entering a terminal
 * state, cleared leaving one), run count, total run time, expected and next scheduled start
 * time. Pure functions; thread-safe.
 */
final class Bookkeeping {

    private Bookkeeping() {
    }

    /** The run after {@code written} replaced {@code initial}, with the rules' updates to its books. */
    static RunRow apply(RunRow row, RunInfo updatedByRules, State initial, State written) {
        RunRow.Builder b = row.toBuilder();
        b.runCount = updatedByRules.runCount();
        b.policy = updatedByRules.policy();
        b.flowRunRunCount = updatedByRules.flowRunRunCount();
        b.state = written;

        boolean running = written.is(StateType.RUNNING);
        if (running && b.startTime == null) {
            b.startTime = written.timestamp();
        }
        boolean wasTerminal = initial != null && initial.isTerminal();
        if (written.isTerminal() && !wasTerminal) {
            b.endTime = written.timestamp();
        } else if (!written.isTerminal() && wasTerminal) {
            b.endTime = null;
        }
        if (running) {
            if (row.kind() == RunKind.FLOW && b.policy.resuming()) {
                b.policy = b.policy.withResuming(false);
            } else {
                b.runCount++;
            }
        }
        if (initial != null && initial.is(StateType.RUNNING)) {
            long micros = Duration.between(initial.timestamp(), written.timestamp()).toNanos() / 1_000;
            b.totalRunTimeMicros += Math.max(0, micros);
        }
        if (b.expectedStartTime == null) {
            var scheduled = written.details().scheduledTime();
            b.expectedStartTime = scheduled != null ? scheduled : written.timestamp();
        }
        b.nextScheduledStartTime = written.is(StateType.SCHEDULED) ? written.details().scheduledTime() : null;
        return b.build();
    }
}
