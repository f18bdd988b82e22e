package dev.orion.host.cli;

import static dev.orion.host.cli.CliResult.orion;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code orion plugin new NAME}: what it writes, and the names and folders it refuses. */
class PluginNewCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesAMavenProjectWithAnExampleRuleNamedAfterThePlugin() {
        CliResult r = orion("plugin", "new", "rule-office-hours", "--dir", dir.toString(), "--group", "org.acme");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        Path project = dir.resolve("rule-office-hours");
        assertThat(project.resolve("pom.xml")).content()
                .contains("<groupId>org.acme</groupId>", "<artifactId>orion-plugin-api</artifactId>",
                        "<plugin.id>rule-office-hours</plugin.id>", "<Plugin-Id>${plugin.id}</Plugin-Id>")
                .doesNotContain("{{").doesNotContain("${project.version}</orion.version>");
        assertThat(project.resolve("src/main/java/org/acme/ruleofficehours/OfficeHoursRule.java")).content()
                .contains("package org.acme.ruleofficehours;", "@Extension", "public class OfficeHoursRule");
        assertThat(project.resolve("README.md")).content().contains("mvn package").doesNotContain("{{");
        assertThat(r.out()).contains("mvn package", "orion plugins ls");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bad_Name", "9lives", "my plugin", "a--b", "../escape"})
    void refusesANameThatIsNotAPluginIdWithOneLineAndExit2(String name) throws Exception {
        CliResult r = orion("plugin", "new", name, "--dir", dir.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err().lines()).as(r.toString()).singleElement().asString()
                .startsWith("orion: ").contains("use lower-case letters, digits and hyphens");
        try (var left = Files.list(dir)) {
            assertThat(left).as("nothing written").isEmpty();
        }
    }

    @Test
    void refusesAFolderThatExistsWithOneLineAndExit2AndLeavesItAlone() throws Exception {
        Path existing = Files.createDirectories(dir.resolve("notify-chat"));
        Files.writeString(existing.resolve("mine.txt"), "keep");

        CliResult r = orion("plugins", "new", "notify-chat", "--dir", dir.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err().lines()).as(r.toString()).singleElement().asString()
                .isEqualTo("orion: " + existing + " already exists; pick another NAME or --dir, or remove it");
        try (var left = Files.list(existing)) {
            assertThat(left).containsExactly(existing.resolve("mine.txt"));
        }
    }
}
