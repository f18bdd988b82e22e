package dev.orion.host.cli;

import static dev.orion.host.cli.CliResult.orion;
import static dev.orion.host.testing.OutsideBuild.exec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.OrionChildren;
import dev.orion.host.testing.Heavy;
import dev.orion.host.testing.OutsideBuild;
import dev.orion.host.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue #20: {@code orion plugin new NAME} makes a plugin project that Maven builds, offline and
 * outside the reactor, against the plugin API as a user's build resolves it (see
 * {@link OutsideBuild}); its jar in a plugins folder is listed started by {@code orion plugins ls},
 * and its example rule decides runs.
 */
@Heavy
class PluginTemplateIT {

    @Test
    void aNewPluginProjectBuildsIntoAJarThatOrionStartsAndWhoseRuleDecides() throws Exception {
        Path run = Files.createDirectories(Path.of("target", "plugin-template-it", "run-" + System.nanoTime())).toAbsolutePath();
        Path repo = OutsideBuild.localRepository(run.resolve("repo"), false);
        Path plugins = Files.createDirectories(run.resolve("plugins"));
        Map<String, String> env = Map.of("ORION_HOME", run.resolve("home").toString(), "ORION_PLUGINS_DIR", plugins.toString());

        CliResult created = orion(env, "plugin", "new", "rule-office-hours", "--dir", run.toString());
        assertThat(created.exitCode()).as(created.toString()).isZero();
        Path project = run.resolve("rule-office-hours");
        assertThat(project.resolve("README.md")).content().contains("mvn package", "orion plugins ls");

        int built = exec(project, run.resolve("build.log"), Map.of(), "mvn", "-B", "-q", "-o",
                "-Dmaven.repo.local=" + repo, "package");
        assertThat(built).as(Files.readString(run.resolve("build.log"))).isZero();
        Files.copy(project.resolve("target/rule-office-hours.jar"), plugins.resolve("rule-office-hours.jar"));

        CliResult listed = orion(env, "plugins", "ls", "--json");
        JsonNode plugin = Json.MAPPER.readTree(listed.out()).get(0);
        assertThat(plugin.get("id").asText()).as(listed.toString()).isEqualTo("rule-office-hours");
        assertThat(plugin.get("state").asText()).as(listed.toString()).isEqualTo("started");
        assertThat(plugin.get("extensions").toString()).contains("com.example.ruleofficehours.OfficeHoursRule");

        // The example rule at work, in a process whose environment names the flow it blocks.
        Path flow = Files.copy(NewcomerMistakesTest.ETL_JS, run.resolve("etl.js"));
        Path log = run.resolve("run.log");
        try (OrionChildren children = new OrionChildren()) {
            Map<String, String> blocking = new HashMap<>(env);
            blocking.put("RULE_OFFICE_HOURS_BLOCKED_FLOWS", "etl");
            Process p = children.start(log, blocking, "run", flow.toString(), "--json");
            assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
            JsonNode report = Json.MAPPER.readTree(Files.readString(log));
            assertThat(report.toString()).as(Files.readString(OrionChildren.errors(log)))
                    .contains("Cancelled", "blocked by RULE_OFFICE_HOURS_BLOCKED_FLOWS");
        }
    }
}
