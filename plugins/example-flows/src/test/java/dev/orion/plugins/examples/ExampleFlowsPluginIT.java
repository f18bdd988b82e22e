package dev.orion.plugins.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orion.host.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the flows of the built plugin jar through the CLI, as {@code orion run --flow NAME --plugins DIR}. */
class ExampleFlowsPluginIT {

    @TempDir
    Path dir;

    record Cli(int code, String out, String err) {
    }

    private Cli orion(String... args) throws Exception {
        Path plugins = dir.resolve("plugins");
        if (!Files.isDirectory(plugins)) {
            Files.createDirectories(plugins);
            Path jar = Path.of(System.getProperty("orion.plugin.jar"));
            Files.copy(jar, plugins.resolve(jar.getFileName()));
        }
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--plugins";
        all[args.length + 1] = plugins.toString();
        int code = Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("ORION_HOME", dir.resolve("home").toString()));
        return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void bothFlowsOfThePluginRunByNameAndComplete() throws Exception {
        Cli words = orion("run", "--flow", "word-count", "--param", "text=one two three\nfour five", "--json");
        assertThat(words.code()).as(words.err()).isZero();
        JsonNode w = new ObjectMapper().readTree(words.out());
        assertThat(w.path("state").path("type").asText()).isEqualTo("COMPLETED");
        assertThat(w.path("result").asInt()).isEqualTo(5);
        assertThat(w.path("task_runs")).hasSize(2);

        Cli fizz = orion("run", "--flow", "fizz-buzz", "--param", "n=15", "--json");
        assertThat(fizz.code()).as(fizz.err()).isZero();
        JsonNode f = new ObjectMapper().readTree(fizz.out());
        assertThat(f.path("result").path("FizzBuzz").asInt()).isEqualTo(1);
        assertThat(f.path("result").path("Fizz").asInt()).isEqualTo(4);
        assertThat(f.path("result").path("Buzz").asInt()).isEqualTo(2);
        assertThat(f.path("result").path("number").asInt()).isEqualTo(8);

        Cli plugins = orion("plugins", "ls");
        assertThat(plugins.out()).contains("example-flows", "started",
                "FlowProvider: dev.orion.plugins.examples.ExampleFlows");
    }

    @Test
    void anUnknownFlowNameSaysWhichFlowsThePluginsShip() throws Exception {
        Cli cli = orion("run", "--flow", "nope");

        assertThat(cli.code()).isEqualTo(2);
        assertThat(cli.err()).contains("no flow 'nope'", "[fizz-buzz, word-count]");
    }
}
