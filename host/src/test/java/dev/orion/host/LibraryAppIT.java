package dev.orion.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue #20: {@code examples/library-app}, an application outside the reactor that depends on
 * the {@code orion-host} artifact, builds and runs a flow. The reactor's artifacts (parent POM,
 * plugin-api, host) are installed into a local repository under {@code target/} (never into the
 * shared {@code ~/.m2}, which lends the third-party libraries through symbolic links), and the
 * application is built against it (third-party libraries it lacks come from Maven Central), as a
 * user's build would resolve Orion.
 */
class LibraryAppIT {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final String VERSION = System.getProperty("orion.version", "0.1.0-SNAPSHOT");

    @Test
    void theLibraryExampleBuildsAgainstTheInstalledHostArtifactAndRunsItsFlow() throws Exception {
        Path run = Files.createDirectories(Path.of("target", "library-app-it", "run-" + System.nanoTime())).toAbsolutePath();
        Path repo = localRepository(run.resolve("repo"));
        install(repo, "orion-parent", ROOT.resolve("pom.xml"), null);
        install(repo, "orion-plugin-api", ROOT.resolve("plugin-api/pom.xml"),
                ROOT.resolve("plugin-api/target/orion-plugin-api-" + VERSION + ".jar"));
        install(repo, "orion-host", ROOT.resolve("host/pom.xml"), ROOT.resolve("host/target/orion.jar"));
        Path app = copy(ROOT.resolve("examples/library-app"), run.resolve("app"));

        int built = exec(app, run.resolve("build.log"), Map.of(), "mvn", "-B", "-q", "-Dmaven.repo.local=" + repo,
                "-DskipTests", "package", "dependency:build-classpath", "-Dmdep.outputFile=" + run.resolve("classpath.txt"));
        assertThat(built).as(Files.readString(run.resolve("build.log"))).isZero();

        String classPath = app.resolve("target/classes") + java.io.File.pathSeparator
                + Files.readString(run.resolve("classpath.txt")).trim();
        int ran = exec(app, run.resolve("run.log"), Map.of("ORION_HOME", run.resolve("home").toString()),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-cp", classPath, "com.example.LibraryApp", "5");

        String output = Files.readString(run.resolve("run.log"));
        assertThat(ran).as(output).isZero();
        assertThat(output).containsPattern("flow run [0-9a-f-]{36} ended Completed with 30");
    }

    /**
     * A local repository whose third-party artifacts are those of {@code ~/.m2} (linked, so nothing
     * is copied) and whose {@code dev/orion} is its own.
     */
    private static Path localRepository(Path repo) throws IOException {
        Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository");
        if (!Files.isDirectory(m2)) {
            fail("no " + m2 + ": build the reactor (mvn -B verify) first");
        }
        Files.createDirectories(repo.resolve("dev/orion"));
        link(m2, repo, "dev");
        if (Files.isDirectory(m2.resolve("dev"))) {
            link(m2.resolve("dev"), repo.resolve("dev"), "orion");
        }
        return repo;
    }

    private static void link(Path from, Path to, String except) throws IOException {
        try (Stream<Path> entries = Files.list(from)) {
            for (Path e : entries.toList()) {
                if (!e.getFileName().toString().equals(except)) {
                    Files.createSymbolicLink(to.resolve(e.getFileName().toString()), e);
                }
            }
        }
    }

    /** Lays out one artifact as {@code mvn install} would: {@code dev/orion/ID/VERSION/ID-VERSION.pom|jar}. */
    private static void install(Path repo, String artifactId, Path pom, Path jar) throws IOException {
        Path dir = Files.createDirectories(repo.resolve("dev/orion").resolve(artifactId).resolve(VERSION));
        Files.copy(pom, dir.resolve(artifactId + "-" + VERSION + ".pom"));
        if (jar != null) {
            assertThat(jar).as("the reactor packaged it").isRegularFile();
            Files.copy(jar, dir.resolve(artifactId + "-" + VERSION + ".jar"));
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(f -> !from.relativize(f).startsWith("target")).toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return to;
    }

    private static int exec(Path dir, Path log, Map<String, String> env, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder b = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        b.environment().keySet().removeIf(k -> k.startsWith("ORION_"));
        b.environment().putAll(env);
        Process p = b.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not end within 10 minutes");
        }
        return p.exitValue();
    }
}
