package dev.orion.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkerCommandTest {

    @Test
    void aWorkerHeartbeatsFourTimesPerHeartbeatTimeoutAndAtLeastEveryTenSeconds() {
        assertThat(WorkerCommand.heartbeatEvery(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(10));
        assertThat(WorkerCommand.heartbeatEvery(Duration.ofSeconds(10))).isEqualTo(Duration.ofMillis(2500));
        assertThat(WorkerCommand.heartbeatEvery(Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(500));
    }
}
