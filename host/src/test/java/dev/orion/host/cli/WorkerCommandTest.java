package dev.orion.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerCommandTest {

    @Test
    void aWorkerHeartbeatsFourTimesPerHeartbeatTimeoutAndAtLeastEveryTenSeconds() {
        assertThat(WorkerCommand.heartbeatEvery(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(10));
        assertThat(WorkerCommand.heartbeatEvery(Duration.ofSeconds(10))).isEqualTo(Duration.ofMillis(2500));
        assertThat(WorkerCommand.heartbeatEvery(Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aWorkerAskedToJoinAClusterWithoutTheClusterPluginSaysWhatIsMissingInOneLine(@TempDir Path home) {
        CliResult r = CliResult.orion(Map.of("ORION_HOME", home.toString(), "ORION_API_URL", "http://127.0.0.1:9/api",
                "ORION_CLUSTER_SECRET", "s"), "worker", "start", "--queue", "q", "--cluster", "analytics");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--cluster needs a plugin with a cluster task runner").doesNotContain("\tat ");
    }
}
