package dev.orion.host.cli;

import static dev.orion.host.cli.CliResult.orion;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.Json;
import dev.orion.host.services.KilledFlowProcess;
import java.nio.file.Path;
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
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                KilledFlowProcess.class.getName(), home.toString())
                .redirectErrorStream(true).redirectOutput(home.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!"RUNNING".equals(onlyRun(env).path("state_type").asText())) {
                assertThat(child.isAlive()).as("the flow's JVM is alive").isTrue();
                assertThat(System.nanoTime()).as("the run is Running within 2 minutes").isLessThan(deadline);
                Thread.sleep(100);
            }
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
