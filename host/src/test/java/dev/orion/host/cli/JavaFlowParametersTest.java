package dev.orion.host.cli;

import static dev.orion.host.cli.CliResult.orion;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #20: a Java flow's parameters keep their names and may declare defaults, which --describe shows. */
class JavaFlowParametersTest {

    static final String GREET = """
            import dev.orion.api.Flow;

            public class Greet {
                public static final Flow<String> greet = Flow.of("greet",
                        (String name, Integer times) -> ("Hello, " + name + "! ").repeat(times).trim())
                        .withDefault("times", 2).withDescription("Greets someone");
            }
            """;

    @TempDir
    Path dir;

    private Map<String, String> env() {
        return Map.of("ORION_HOME", dir.resolve("home").toString());
    }

    @Test
    void describeShowsEachParameterByNameWithItsTypeAndDefault() throws Exception {
        Path file = Files.writeString(dir.resolve("Greet.java"), GREET);

        CliResult text = orion(env(), "run", file.toString(), "--describe");
        CliResult json = orion(env(), "run", file.toString(), "--describe", "--json");

        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).contains("Flow 'greet': Greets someone")
                .containsPattern("name\\s+String\\s+\\(required\\)")
                .containsPattern("times\\s+Integer\\s+2");
        JsonNode params = Json.MAPPER.readTree(json.out()).path("parameters");
        assertThat(params.get(0).path("name").asText()).isEqualTo("name");
        assertThat(params.get(0).path("required").asBoolean()).isTrue();
        assertThat(params.get(1).path("name").asText()).isEqualTo("times");
        assertThat(params.get(1).path("default").asInt()).isEqualTo(2);
        assertThat(Json.MAPPER.readTree(orion(env(), "flow-run", "ls", "--json").out())).as("nothing ran").isEmpty();
    }

    @Test
    void aRunNotGivenAParameterTakesItsDefaultAndTheRunShowsBothByName() throws Exception {
        Path file = Files.writeString(dir.resolve("Greet.java"), GREET);

        CliResult r = orion(env(), "run", file.toString(), "--param", "name=Ada", "--json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode run = Json.MAPPER.readTree(r.out());
        assertThat(run.path("result").asText()).isEqualTo("Hello, Ada! Hello, Ada!");
        CliResult inspect = orion(env(), "flow-run", "inspect", run.path("flow_run_id").asText(), "--json");
        JsonNode parameters = Json.MAPPER.readTree(inspect.out()).path("parameters");
        assertThat(parameters.path("name").asText()).isEqualTo("Ada");
        assertThat(parameters.path("times").asInt()).isEqualTo(2);
    }
}
