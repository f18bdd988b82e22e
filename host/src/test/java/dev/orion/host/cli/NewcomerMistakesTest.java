package dev.orion.host.cli;

import static dev.orion.host.cli.CliResult.orion;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.host.OrionChildren;
import dev.orion.host.client.RunningServer;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue #20: ordinary mistakes a new user makes, each answered with one line that starts with
 * {@code orion:} and names the fix, exit code 2, and nothing recorded in the store.
 */
class NewcomerMistakesTest {

    static final Path ETL_JS = Path.of("../scripts/etl.js").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private Map<String, String> env() {
        return Map.of("ORION_HOME", dir.resolve("home").toString(), "ORION_PLUGINS_DIR", dir.resolve("no-plugins").toString());
    }

    @Test
    void aGroovyFlowWithoutTheGroovyPluginIsAnsweredWithThePluginThatRunsIt() throws Exception {
        Path file = Files.copy(ETL_JS.resolveSibling("etl.groovy"), dir.resolve("etl.groovy"));
        Path log = dir.resolve("run.log");
        try (OrionChildren children = new OrionChildren()) {
            // The tests have Groovy's JSR-223 engine on their class path; a user's Orion does not.
            Process p = children.startWithout("groovy", log, env(), "run", file.toString());
            assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
            List<String> err = Files.readAllLines(OrionChildren.errors(log));
            assertThat(p.exitValue()).as(String.join("\n", err)).isEqualTo(2);
            assertThat(err).singleElement().asString()
                    .startsWith("orion: no installed plugin runs .groovy files")
                    .contains("install the lang-groovy plugin (copy plugins/lang-groovy/target/lang-groovy.jar");
        }
        assertThat(Json.MAPPER.readTree(orion(env(), "flow-run", "ls", "--json").out())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "notes.txt | no engine or plugin runs .txt files | a flow is a .java, .js, .mjs or .py file",
            "config.json | no engine or plugin runs .json files | .groovy with the lang-groovy plugin"})
    void aFileNoEngineRunsIsAnsweredWithItsExtensionAndThePluginThatWouldRunIt(String name, String what, String fix)
            throws Exception {
        Path file = Files.writeString(dir.resolve(name), "println 'hello'\n");

        CliResult r = orion(env(), "run", file.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err().lines()).as(r.toString()).singleElement().asString()
                .startsWith("orion: " + what).contains(fix);
        assertThat(Json.MAPPER.readTree(orion(env(), "flow-run", "ls", "--json").out())).isEmpty();
    }

    @Test
    void aDeploymentParameterOfTheWrongTypeIsRefusedAsOrionRunRefusesIt() throws Exception {
        try (RunningServer server = RunningServer.start(TestDatabase.SQLITE, dir.resolve("server"))) {
            Map<String, String> env = new HashMap<>(server.clientEnv(dir));
            env.putAll(env());
            env.put("ORION_FLOWS_DIR", ETL_JS.toAbsolutePath().getParent().toString());

            CliResult r = orion(env, "deployment", "create", ETL_JS.toString(), "--name", "d", "--param", "n=abc");

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err().lines()).as(r.toString()).singleElement().asString()
                    .startsWith("orion: parameter 'n' of flow 'etl' must be").contains("got 'abc'");
            assertThat(Json.MAPPER.readTree(orion(env, "deployment", "ls", "--json").out())).isEmpty();
        }
    }

    @Test
    void aWorkerWithABadPollIntervalIsToldWhichOptionIsWrong() {
        Map<String, String> env = new HashMap<>(env());
        env.put("ORION_API_URL", "http://127.0.0.1:9/api"); // never reached: the option is checked first

        CliResult r = orion(env, "worker", "start", "--queue", "q", "--poll", "often");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err().lines()).as(r.toString()).singleElement().asString()
                .isEqualTo("orion: --poll must be a positive duration like 30s, 5m, 1h or PT10M, got 'often'");
    }
}
