package dev.orion.host.testing;

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

/**
 * Builds a Maven project outside the reactor (an example application, a plugin made by
 * {@code orion plugin new}) against Orion's artifacts as a user's build resolves them: the
 * reactor's packaged artifacts are laid out in a local repository under the test's folder (never
 * in the shared {@code ~/.m2}, which lends the third-party libraries through symbolic links).
 */
public final class OutsideBuild {

    /** The repository's root (the tests run in {@code host/}). */
    public static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    /** The reactor's version, from Failsafe. */
    public static final String VERSION = System.getProperty("orion.version", "0.1.0-SNAPSHOT");

    private static final String QUICK_MAVEN = "-XX:TieredStopAtLevel=1";

    private OutsideBuild() {
    }

    /**
     * A local repository at {@code repo} whose third-party artifacts are those of {@code ~/.m2}
     * (linked, so nothing is copied) and whose {@code dev/orion} holds the parent POM and the
     * plugin API of this build, and the host too when {@code withHost}.
     */
    public static Path localRepository(Path repo, boolean withHost) throws IOException {
        Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository");
        if (!Files.isDirectory(m2)) {
            fail("no " + m2 + ": build the reactor (mvn -B verify) first");
        }
        Files.createDirectories(repo.resolve("dev/orion"));
        link(m2, repo, "dev");
        if (Files.isDirectory(m2.resolve("dev"))) {
            link(m2.resolve("dev"), repo.resolve("dev"), "orion");
        }
        install(repo, "orion-parent", ROOT.resolve("pom.xml"), null);
        install(repo, "orion-plugin-api", ROOT.resolve("plugin-api/pom.xml"),
                ROOT.resolve("plugin-api/target/orion-plugin-api-" + VERSION + ".jar"));
        if (withHost) {
            install(repo, "orion-host", ROOT.resolve("host/pom.xml"), ROOT.resolve("host/target/orion.jar"));
        }
        return repo;
    }

    /** Copies a project's folder, leaving out its {@code target/}. */
    public static Path copy(Path from, Path to) throws IOException {
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

    /** Runs a command in {@code dir} with no {@code ORION_*} variables but {@code env}, output to {@code log}. */
    public static int exec(Path dir, Path log, Map<String, String> env, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder b = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        b.environment().keySet().removeIf(k -> k.startsWith("ORION_"));
        // A child Maven with the quick compiler only: a short build spends more CPU in C2 than C2 wins it.
        b.environment().merge("MAVEN_OPTS", QUICK_MAVEN, (mine, quick) -> mine + " " + quick);
        b.environment().putAll(env);
        Process p = b.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not end within 10 minutes");
        }
        return p.exitValue();
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
}
