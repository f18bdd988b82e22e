package dev.orion.host.cli;

import static dev.orion.host.cli.CliResult.orion;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.host.client.RunningServer;
import dev.orion.host.store.TestDatabase;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code orion deployment}: embedded and remote, a deployment is checked by the same rules, in the same words. */
class DeploymentCommandTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final String ETL_JS = ROOT.resolve("scripts/etl.js").toString();

    @TempDir
    Path dir;

    @Test
    void aBadScheduleIsRefusedInTheSameWordsEmbeddedAndRemote() {
        Map<String, String> embedded = Map.of("ORION_HOME", dir.resolve("home").toString(), "ORION_FLOWS_DIR", ROOT.toString());
        CliResult local = orion(embedded, "deployment", "create", ETL_JS, "--name", "d", "--cron", "not a cron");
        try (RunningServer server = RunningServer.start(TestDatabase.SQLITE, dir.resolve("server"))) {
            Map<String, String> env = new HashMap<>(server.clientEnv(dir));
            env.put("ORION_FLOWS_DIR", ROOT.toString());
            CliResult remote = orion(env, "deployment", "create", ETL_JS, "--name", "d", "--cron", "not a cron");

            assertThat(local.exitCode()).as(local.toString()).isEqualTo(2);
            assertThat(local.err()).contains("invalid 'schedule'");
            assertThat(remote.exitCode()).as(remote.toString()).isEqualTo(2);
            assertThat(remote.err()).contains(local.err().strip().substring("orion: ".length()));
        }
        assertThat(orion(embedded, "deployment", "ls").out()).doesNotContain("etl");
    }
}
