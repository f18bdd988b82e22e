package dev.orion.host;

import static dev.orion.host.testing.OutsideBuild.ROOT;
import static dev.orion.host.testing.OutsideBuild.copy;
import static dev.orion.host.testing.OutsideBuild.exec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.host.testing.OutsideBuild;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #20: {@code examples/library-app}, an application outside the reactor that depends on
 * the {@code orion-host} artifact, builds and runs a flow. The reactor's artifacts (parent POM,
 * plugin-api, host) are laid out in a local repository under {@code target/} (see
 * {@link OutsideBuild}), and the application is built against it (third-party libraries it lacks
 * come from Maven Central), as a user's build would resolve Orion.
 */
class LibraryAppIT {

    @Test
    void theLibraryExampleBuildsAgainstTheInstalledHostArtifactAndRunsItsFlow() throws Exception {
        Path run = Files.createDirectories(Path.of("target", "library-app-it", "run-" + System.nanoTime())).toAbsolutePath();
        Path repo = OutsideBuild.localRepository(run.resolve("repo"), true);
        Path app = copy(ROOT.resolve("examples/library-app"), run.resolve("app"));

        int built = exec(app, run.resolve("build.log"), Map.of(), "mvn", "-B", "-q", "-Dmaven.repo.local=" + repo,
                "-DskipTests", "package", "dependency:build-classpath", "-Dmdep.outputFile=" + run.resolve("classpath.txt"));
        assertThat(built).as(Files.readString(run.resolve("build.log"))).isZero();

        String classPath = app.resolve("target/classes") + File.pathSeparator
                + Files.readString(run.resolve("classpath.txt")).trim();
        int ran = exec(app, run.resolve("run.log"), Map.of("ORION_HOME", run.resolve("home").toString()),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classPath, "com.example.LibraryApp", "5");

        String output = Files.readString(run.resolve("run.log"));
        assertThat(ran).as(output).isZero();
        assertThat(output).containsPattern("flow run [0-9a-f-]{36} ended Completed with 30");
    }
}
