package dev.orion.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Builds and tests {@code examples/testing-app}, an application outside the reactor, against the
 * {@code orion-test} artifact as a user gets it: the jars this build just made are installed into
 * a Maven repository of this module's own ({@code target/testing-app-repo}, never the shared
 * one), whose third-party folders link to the build's local repository, so the child Maven runs
 * offline.
 */
class ExampleTestingAppIT {

    private static final List<String> ARTIFACTS = List.of("orion-plugin-api", "orion-host", "orion-test");

    @Test
    void theTestingAppsJUnitTestsPassAgainstTheInstalledOrionTestArtifact() throws Exception {
        Path root = Path.of(System.getProperty("orion.root", "..")).toAbsolutePath().normalize();
        String version = System.getProperty("orion.version");
        Path app = root.resolve("examples/testing-app");
        Path target = root.resolve("orion-test/target");
        Path repo = seedRepository(target.resolve("testing-app-repo"),
                Path.of(System.getProperty("orion.localRepository")), root, version);
        Path log = target.resolve("testing-app.log");
        // Not `mvn clean`: a fresh CI repository has no clean plugin, and the child Maven runs offline.
        deleteTree(app.resolve("target"));

        List<String> command = new ArrayList<>(List.of(maven(), "-B", "-o", "-f", app.resolve("pom.xml").toString(),
                "-Dmaven.repo.local=" + repo, "-Dorion.version=" + version,
                "test"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("MAVEN_OPTS");
        // The quick compiler only: a short build spends more CPU in C2's compilations than they win it.
        pb.environment().put("MAVEN_OPTS", "--sun-misc-unsafe-memory-access=allow -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        Process maven = pb.start();
        boolean finished = maven.waitFor(15, TimeUnit.MINUTES);
        if (!finished) {
            maven.destroyForcibly();
        }
        String output = Files.readString(log);

        assertThat(finished).as("mvn test on the testing app finished; its log: %s", log).isTrue();
        assertThat(maven.exitValue()).as(output).isZero();
        assertThat(output).contains("Tests run: 6, Failures: 0, Errors: 0, Skipped: 0").contains("BUILD SUCCESS");
    }

    /**
     * A repository holding this build's Orion artifacts, and links to every other group of the
     * build's local repository (third-party jars and Maven's plugins), so nothing is downloaded.
     */
    private static Path seedRepository(Path repo, Path local, Path root, String version) throws IOException {
        Files.createDirectories(repo.resolve("dev"));
        linkAllBut(local, repo, "dev");
        linkAllBut(local.resolve("dev"), repo.resolve("dev"), "orion");
        install(repo, "orion-parent", version, root.resolve("pom.xml"), null);
        install(repo, "orion-plugin-api", version, root.resolve("plugin-api/pom.xml"),
                jar(root.resolve("plugin-api/target")));
        install(repo, "orion-host", version, root.resolve("host/pom.xml"), root.resolve("host/target/orion.jar"));
        install(repo, "orion-test", version, root.resolve("orion-test/pom.xml"), jar(root.resolve("orion-test/target")));
        return repo;
    }

    private static void linkAllBut(Path from, Path to, String except) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> entries = Files.list(from)) {
            for (Path entry : entries.toList()) {
                Path link = to.resolve(entry.getFileName().toString());
                if (!entry.getFileName().toString().equals(except) && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(link, entry);
                }
            }
        }
    }

    private static void install(Path repo, String artifact, String version, Path pom, Path jar) throws IOException {
        Path dir = Files.createDirectories(repo.resolve("dev/orion").resolve(artifact).resolve(version));
        Files.copy(pom, dir.resolve(artifact + "-" + version + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            Files.copy(jar, dir.resolve(artifact + "-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The module's main jar in its target folder (not its sources or tests jar). */
    private static Path jar(Path target) throws IOException {
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .filter(p -> !p.getFileName().toString().matches(".*-(sources|tests|javadoc)\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no jar in " + target
                            + "; the module must be packaged before this test"));
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static String maven() {
        String home = System.getProperty("maven.home");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
            return Path.of(home, "bin", "mvn").toString();
        }
        return "mvn";
    }
}
