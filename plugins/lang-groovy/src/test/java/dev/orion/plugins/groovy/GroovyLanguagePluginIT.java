package dev.orion.plugins.groovy;

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

/** Runs a .groovy flow with Groovy coming only from the built plugin jar. */
class GroovyLanguagePluginIT {

    @TempDir
    Path dir;

    @Test
    void groovyIsNotOnTheTestClassPathButTheHostRunsAGroovyFlowThroughThePlugin() throws Exception {
        assertThat(getClass().getClassLoader().getResource("groovy/lang/GroovyObject.class"))
                .as("Groovy must come from the plugin jar only").isNull();
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path jar = Path.of(System.getProperty("orion.plugin.jar"));
        Files.copy(jar, plugins.resolve(jar.getFileName()));
        Path flow = Files.writeString(dir.resolve("etl.groovy"), """
                def square = orion.task([name: 'square', retries: 1]) { x -> x * x }
                def total = orion.task('total') { xs -> xs.sum() }

                orion.flow('etl-groovy', [n: 10]) { n ->
                    def squares = square.map((0..<n).toList())
                    def sum = total.call(squares*.result())
                    orion.log("sum of squares is ${sum}")
                    sum
                }
                """);
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();

        int code = Main.run(new String[] {"run", flow.toString(), "--param", "n=5", "--json", "--plugins", plugins.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("ORION_HOME", dir.resolve("home").toString()));

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode result = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(result.path("flow").asText()).isEqualTo("etl-groovy");
        assertThat(result.path("state").path("type").asText()).isEqualTo("COMPLETED");
        assertThat(result.path("result").asInt()).isEqualTo(30);
        assertThat(result.path("task_runs")).hasSize(6);
    }

    @Test
    void aGroovySyntaxErrorIsOneLineWithTheFileAndNoRun() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path jar = Path.of(System.getProperty("orion.plugin.jar"));
        Files.copy(jar, plugins.resolve(jar.getFileName()));
        Path flow = Files.writeString(dir.resolve("bad.groovy"), "orion.flow('x') { n -> n + }\n");
        var err = new ByteArrayOutputStream();

        int code = Main.run(new String[] {"run", flow.toString(), "--plugins", plugins.toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("ORION_HOME", dir.resolve("home").toString()));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("bad.groovy");
    }
}
