package dev.orion.host.server.model;

import dev.orion.api.StateType;
import dev.orion.host.store.RunRow;
import java.time.Duration;
import java.time.Instant;

/** Prefect's derived run times: total and estimated run time, estimated start delay, in seconds. */
final class RunTimes {

    private RunTimes() {
    }

    static double totalRunTime(RunRow r) {
        return r.totalRunTimeMicros() / 1e6;
    }

    static double estimatedRunTime(RunRow r, Instant now) {
        double total = totalRunTime(r);
        if (r.state() != null && r.state().is(StateType.RUNNING)) {
            total += Math.max(0, Duration.between(r.state().timestamp(), now).toNanos() / 1e9);
        }
        return total;
    }

    static double estimatedStartTimeDelta(RunRow r, Instant now) {
        if (r.expectedStartTime() == null) {
            return 0;
        }
        Instant start = r.startTime() != null ? r.startTime() : now;
        return Math.max(0, Duration.between(r.expectedStartTime(), start).toNanos() / 1e9);
    }

    static Instant updated(RunRow r) {
        return r.state() != null && r.state().timestamp().isAfter(r.created()) ? r.state().timestamp() : r.created();
    }
}
