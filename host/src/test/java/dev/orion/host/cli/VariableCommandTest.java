package dev.orion.host.cli;

import static dev.orion.host.cli.CliResult.orion;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orion.api.Flow;
import dev.orion.api.Task;
import dev.orion.api.Variables;
import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.client.RunningServer;
import dev.orion.host.engine.FlowRunOutcome;
import dev.orion.host.store.TestDatabase;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VariableCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final Task<String> READ_REGION = Task.of("read-region", () -> Variables.get("region", "us-east-1"));
    static final Flow<String> REGIONS = Flow.of("regions", () ->
            Variables.get("region", "none") + "|" + READ_REGION.call() + "|" + Variables.get("missing", "fallback"));

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aVariableSetFromTheCliIsReadByAJavaFlowAndItsTasks(TestDatabase database) {
        Map<String, String> env = Map.of("ORION_HOME", dir.toString(), "ORION_DATABASE_URL", database.url(dir));

        CliResult set = orion(env, "variable", "set", "region", "eu-west-1");
        assertThat(set.exitCode()).as(set.toString()).isZero();
        assertThat(set.out()).isEqualTo("Variable 'region' set.\n");

        try (Orion orion = Orion.local(OrionSettings.fromMap(env))) {
            FlowRunOutcome run = orion.run(REGIONS, Map.of());
            assertThat(run.result()).isEqualTo("eu-west-1|eu-west-1|fallback");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void setGetLsAndRmManageVariables(TestDatabase database) throws Exception {
        Map<String, String> env = Map.of("ORION_HOME", dir.toString(), "ORION_DATABASE_URL", database.url(dir));
        orion(env, "variable", "set", "region", "eu-west-1", "--tag", "geo");
        orion(env, "variable", "set", "region", "eu-north-1");
        orion(env, "variable", "set", "db_host", "pg.internal");

        assertThat(orion(env, "variable", "get", "region").out()).isEqualTo("eu-north-1\n");
        JsonNode listed = JSON.readTree(orion(env, "variable", "ls", "--json").out());
        assertThat(listed).extracting(n -> n.get("name").asText()).containsExactly("db_host", "region");
        assertThat(listed.get(1).get("tags").get(0).asText()).as("tags kept when not given").isEqualTo("geo");
        CliResult table = orion(env, "variable", "ls");
        assertThat(table.out()).startsWith("NAME").contains("db_host", "pg.internal", "eu-north-1");

        CliResult removed = orion(env, "variable", "rm", "region");
        assertThat(removed.out()).isEqualTo("Removed variable 'region'.\n");
        CliResult gone = orion(env, "variable", "get", "region");
        assertThat(gone.exitCode()).isEqualTo(2);
        assertThat(gone.err()).isEqualTo("orion: no variable named 'region'; see 'orion variable ls'\n");
    }

    @Test
    void aBadNameOrAMissingVariableIsOneLineAndExitTwo() {
        Map<String, String> env = Map.of("ORION_HOME", dir.toString());

        CliResult bad = orion(env, "variable", "set", "My-Var", "x");
        CliResult rm = orion(env, "variable", "rm", "nope");

        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("orion: Variable name must only contain lowercase letters, numbers, and "
                + "underscores, got 'My-Var'\n");
        assertThat(rm.exitCode()).isEqualTo(2);
        assertThat(rm.err().lines()).hasSize(1);
        assertThat(orion(env, "variable", "ls").out()).isEqualTo("No variables. Set one with 'orion variable set NAME VALUE'.\n");
    }

    @Test
    void withOrionApiUrlTheServersVariablesAreSetAndFlowsReadThem() {
        try (RunningServer server = RunningServer.start(TestDatabase.SQLITE, dir.resolve("server"))) {
            Map<String, String> remote = server.clientEnv(dir);

            CliResult set = orion(remote, "variable", "set", "region", "ap-south-1");
            assertThat(set.exitCode()).as(set.toString()).isZero();
            assertThat(orion(Map.of("ORION_HOME", dir.resolve("local").toString()), "variable", "ls").out())
                    .as("the local store has none").startsWith("No variables.");
            assertThat(orion(remote, "variable", "get", "region").out()).isEqualTo("ap-south-1\n");

            try (Orion orion = Orion.local(OrionSettings.fromMap(remote))) {
                assertThat(orion.run(REGIONS, Map.of()).result()).isEqualTo("ap-south-1|ap-south-1|fallback");
            }
            assertThat(orion(remote, "variable", "rm", "region").exitCode()).isZero();
            assertThat(orion(remote, "variable", "get", "region").exitCode()).isEqualTo(2);
        }
    }
}
