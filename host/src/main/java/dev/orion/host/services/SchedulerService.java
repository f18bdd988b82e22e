package dev.orion.host.services;

import dev.orion.host.store.DeploymentRecord;
import dev.orion.host.store.DeploymentStore;
import dev.orion.host.store.ScheduledRunStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the next runs of every active, scheduled deployment in the store as Scheduled runs,
 * as Prefect's scheduler: at least {@code minRuns} ahead, at most {@code maxRuns}, no further
 * than {@code horizon} beyond the minimum. Idempotent ({@link ScheduledRunStore}): running it
 * twice, or in two processes, creates each run once. Thread-safe; {@link #runOnce()} is
 * called by a {@link PeriodicService}.
 */
public final class SchedulerService {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerService.class);
    private static final DateTimeFormatter RUN_NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final DeploymentStore deployments;
    private final ScheduledRunStore runs;
    private final Clock clock;
    private final int minRuns;
    private final int maxRuns;
    private final Duration horizon;

    public SchedulerService(DeploymentStore deployments, ScheduledRunStore runs, Clock clock, int minRuns, int maxRuns,
                            Duration horizon) {
        this.deployments = Objects.requireNonNull(deployments, "deployments");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.minRuns = minRuns;
        this.maxRuns = maxRuns;
        this.horizon = horizon;
    }

    /** Prefect's defaults, scaled to Orion: 3 runs at least, 100 at most, within an hour. */
    public static SchedulerService withDefaults(DeploymentStore deployments, ScheduledRunStore runs) {
        return new SchedulerService(deployments, runs, Clock.systemUTC(), 3, 100, Duration.ofHours(1));
    }

    /** Schedules what is missing for every active deployment; returns how many runs it created. */
    public int runOnce() {
        int created = 0;
        Instant now = clock.instant();
        for (DeploymentRecord d : deployments.scheduled()) {
            try {
                Schedule schedule = Schedule.parse(d.schedule());
                for (Instant at : schedule.upcoming(now, now.plus(horizon), minRuns, maxRuns)) {
                    if (runs.insert(d, at, d.name() + "-" + RUN_NAME.format(at))) {
                        created++;
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("cannot schedule deployment {}/{}: {}", d.flowName(), d.name(), e.getMessage());
            }
        }
        return created;
    }
}
