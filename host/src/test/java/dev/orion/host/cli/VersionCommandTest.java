package dev.orion.host.cli;

import static dev.orion.host.cli.CliResult.orion;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class VersionCommandTest {

    @Test
    void printsOrionsVersionAndTheJavaVersion() {
        CliResult result = orion("version");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out().lines()).containsExactly(
                "orion dev",
                "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
    }

    @Test
    void printsTheSameAsJson() throws Exception {
        CliResult result = orion("version", "--json");

        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(result.exitCode()).isZero();
        assertThat(json.get("version").asText()).isEqualTo("dev");
        assertThat(json.get("java_version").asText()).isEqualTo(System.getProperty("java.version"));
        assertThat(json.has("java_vendor")).isTrue();
    }

    @Test
    void answersTheVersionOptionToo() {
        CliResult result = orion("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("orion dev");
    }
}
