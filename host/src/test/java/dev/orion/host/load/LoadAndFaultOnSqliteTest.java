package dev.orion.host.load;

import dev.orion.host.testing.Heavy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LoadAndFaultTest}'s case on SQLite: one server owning the database file, two workers, one
 * of them SIGKILLed and the server killed and restarted while the runs execute. A class of its own
 * so that its wait for the heartbeat timeout overlaps PostgreSQL's in another test JVM.
 */
@Heavy(mostlyWaits = true)
class LoadAndFaultOnSqliteTest {

    @TempDir
    Path dir;

    @Test
    void oneServerAndTwoWorkersOnSqliteCompleteEveryRunOnceThroughAWorkerKillAndAServerRestart() throws Exception {
        LoadAndFaultTest.check(LoadAndFaultRun.run(LoadPlan.sqlite(LoadPlan.CI_RUNS / 2), dir, null));
    }
}
