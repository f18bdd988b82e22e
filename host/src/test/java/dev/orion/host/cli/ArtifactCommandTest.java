package dev.orion.host.cli;

import static dev.orion.host.cli.CliResult.orion;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orion.api.Artifacts;
import dev.orion.api.Flow;
import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.client.RunningServer;
import dev.orion.host.store.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ArtifactCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final Flow<String> NIGHTLY = Flow.of("nightly", () -> {
        Artifacts.markdown("nightly-report", "# Night 1", "first night");
        Artifacts.markdown("nightly-report", "# Night 2\nAll **green**", "second night");
        Artifacts.table("error-counts", List.of("service", "errors"), List.of(List.of("api", 3)), null);
        Artifacts.markdown("no key, not listed");
        return "done";
    });

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void lsListsTheLatestOfEachKeyAndInspectAKeysVersions(TestDatabase database) throws Exception {
        Map<String, String> env = Map.of("ORION_HOME", dir.toString(), "ORION_DATABASE_URL", database.url(dir));
        try (Orion orion = Orion.local(OrionSettings.fromMap(env))) {
            assertThat(orion.run(NIGHTLY, Map.of()).result()).isEqualTo("done");
        }

        CliResult ls = orion(env, "artifact", "ls");
        assertThat(ls.exitCode()).as(ls.toString()).isZero();
        assertThat(ls.out().lines().toList()).hasSize(3);
        assertThat(ls.out()).startsWith("KEY").contains("error-counts", "table", "nightly-report", "second night")
                .doesNotContain("no key");
        JsonNode listed = JSON.readTree(orion(env, "artifact", "ls", "--json").out());
        assertThat(listed).extracting(n -> n.get("key").asText()).containsExactly("error-counts", "nightly-report");

        CliResult inspect = orion(env, "artifact", "inspect", "nightly-report");
        assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
        assertThat(inspect.out()).startsWith("Artifact 'nightly-report': 2 versions, newest first\n")
                .endsWith("\n# Night 2\nAll **green**\n");
        assertThat(inspect.out().indexOf("second night")).isLessThan(inspect.out().indexOf("first night"));
        JsonNode versions = JSON.readTree(orion(env, "artifact", "inspect", "nightly-report", "--json").out());
        assertThat(versions).extracting(n -> n.get("data").asText()).containsExactly("# Night 2\nAll **green**", "# Night 1");
    }

    @Test
    void anUnknownKeyIsOneLineAndExitTwoAndNoArtifactsSaysHowToMakeOne() {
        Map<String, String> env = Map.of("ORION_HOME", dir.toString());

        CliResult missing = orion(env, "artifact", "inspect", "nope");

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("orion: no artifact with key 'nope'; see 'orion artifact ls'\n");
        assertThat(orion(env, "artifact", "ls").out()).startsWith("No artifacts with a key.");
    }

    @Test
    void withOrionApiUrlTheServersArtifactsAreListed() {
        try (RunningServer server = RunningServer.start(TestDatabase.SQLITE, dir.resolve("server"))) {
            Map<String, String> remote = server.clientEnv(dir);
            try (Orion orion = Orion.local(OrionSettings.fromMap(remote))) {
                assertThat(orion.run(NIGHTLY, Map.of()).result()).isEqualTo("done");
            }

            CliResult ls = orion(remote, "artifact", "ls");
            CliResult inspect = orion(remote, "artifact", "inspect", "nightly-report");

            assertThat(ls.exitCode()).as(ls.toString()).isZero();
            assertThat(ls.out()).contains("error-counts", "nightly-report");
            assertThat(inspect.out()).startsWith("Artifact 'nightly-report': 2 versions").endsWith("All **green**\n");
            assertThat(orion(Map.of("ORION_HOME", dir.resolve("local").toString()), "artifact", "ls").out())
                    .as("the local store has none").startsWith("No artifacts");
        }
    }
}
