package dev.orion.host.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.host.store.TestDatabase;
import dev.orion.host.testing.Heavy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #8's load and fault test at CI size on PostgreSQL (SQLite's is
 * {@link LoadAndFaultOnSqliteTest}; the full size is {@code scripts/bench/load.sh}, see
 * BENCHMARKS.md): servers and workers as real processes, one worker SIGKILLed and one server
 * killed and restarted while the runs execute; at the end every run is Completed, no task
 * executed twice unless it was in progress on the killed worker, and the killed worker's runs
 * were Crashed and completed by another worker. Most of its time is spent waiting for the
 * heartbeat timeout that declares the killed worker's runs Crashed, so it runs beside a busy heavy
 * class, and the two databases' cases are classes of their own, so that they wait at once in two
 * test JVMs.
 */
@Heavy(mostlyWaits = true)
class LoadAndFaultTest {

    @TempDir
    Path dir;

    @Test
    void twoServersAndFourWorkersOnPostgresqlCompleteEveryRunOnceThroughAWorkerKillAndAServerRestart()
            throws Exception {
        String url = TestDatabase.POSTGRESQL.url(dir);
        check(LoadAndFaultRun.run(LoadPlan.postgres(LoadPlan.CI_RUNS), dir, url));
    }

    /** What both cases assert of their run's report. */
    static void check(LoadReport report) {
        System.out.println(report.summary());
        assertThat(report.problems()).as("%s%n%s", report.summary(), report.logTails()).isEmpty();
        assertThat(report.victim().executing()).isPositive();
        assertThat(report.victim().rescheduled()).isEqualTo(report.victim().executing() + report.victim().claimed());
    }
}
