package dev.orion.host.cli;

import static dev.orion.host.cli.CliResult.orion;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.services.KilledFlowProcess;
import dev.orion.host.testing.ChildJvm;
import dev.orion.host.testing.Eventually;
import dev.orion.host.util.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #20: {@code flow-run ls} on the embedded store never shows Running a run whose JVM was killed. */
class CrashedRunListingTest {

    @TempDir
    Path home;

    @Test
    void flowRunLsMarksTheRunOfAKilledJvmCrashedBeforeListingIt() throws Exception {
        Map<String, String> env = Map.of("ORION_HOME", home.toString());
        Process child = new ProcessBuilder(ChildJvm.command(System.getProperty("java.class.path"),
                KilledFlowProcess.class, List.of(), home.toString()))
                .redirectErrorStream(true).redirectOutput(home.resolve("child.log").toFile()).start();
        try {
            Eventually.until("the run is Running", Duration.ofMinutes(2), () -> {
                assertThat(child.isAlive()).as("the flow's JVM is alive").isTrue();
                return "RUNNING".equals(onlyRun(env).path("state_type").asText());
            });
        } finally {
            child.destroyForcibly(); // SIGKILL: the run stays Running in the store
            child.waitFor(30, TimeUnit.SECONDS);
        }

        JsonNode run = onlyRun(env);

        assertThat(run.path("state_type").asText()).isEqualTo("CRASHED");
    }

    /** The one flow run {@code orion flow-run ls --json} lists, or a missing node before there is one. */
    private static JsonNode onlyRun(Map<String, String> env) throws Exception {
        CliResult r = orion(env, "flow-run", "ls", "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return Json.MAPPER.readTree(r.out()).path(0);
    }
}
