package dev.orion.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #20: the {@code orion} launcher of a fresh clone says it is building before the build
 * starts, not after a silent minute. A stand-in Maven holds the build until the test has read
 * that line, so the order is what is checked, not a time.
 */
class LauncherTest {

    static final Path LAUNCHER = Path.of(System.getProperty("user.dir")).resolveSibling("orion");

    @TempDir
    Path clone;

    @Test
    void aFreshClonesFirstRunSaysItIsBuildingBeforeTheBuildRuns() throws Exception {
        Path launcher = Files.copy(LAUNCHER, clone.resolve("orion"));
        Path release = clone.resolve("release-the-build");
        Path mvn = Files.writeString(clone.resolve("fake-mvn"), """
                #!/bin/sh
                while [ ! -f "%s" ]; do sleep 0.05; done
                echo "the stand-in Maven stops here"
                exit 1
                """.formatted(release));
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder b = new ProcessBuilder("bash", launcher.toString(), "run", "scripts/hello.js");
        b.environment().put("JAVA_HOME", System.getProperty("java.home"));
        b.environment().put("MVN", mvn.toString());
        b.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = b.start();
        BlockingQueue<String> stderr = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (var r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                r.lines().forEach(stderr::add);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        try {
            String first = stderr.poll(2, TimeUnit.MINUTES);

            assertThat(first).isEqualTo("orion: building host/target/orion.jar (first use, or the sources changed); "
                    + "this takes a minute or two");
            assertThat(p.isAlive()).as("the build is still running").isTrue();
        } finally {
            Files.writeString(release, "go");
        }
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        List<String> rest = new ArrayList<>();
        while (rest.size() < 2) {
            rest.add(stderr.poll(1, TimeUnit.MINUTES));
        }
        assertThat(rest).containsExactly("orion: building host/target/orion.jar failed:", "the stand-in Maven stops here");
    }
}
