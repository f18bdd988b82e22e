package dev.orion.host.cli;

import static dev.orion.host.cli.CliResult.orion;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orion.host.client.RunningServer;
import dev.orion.host.store.ConcurrencyLimitStore;
import dev.orion.host.store.TestDatabase;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConcurrencyLimitCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aCreatedLimitIsListedByLaterRuns(TestDatabase database) throws Exception {
        Map<String, String> env = env(database);

        CliResult created = orion(env, "concurrency-limit", "create", "db", "2");
        CliResult listed = orion(env, "concurrency-limit", "ls", "--json");

        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.out()).isEqualTo("Concurrency limit 'db' set to 2.\n");
        JsonNode json = JSON.readTree(listed.out());
        assertThat(json.isArray()).isTrue();
        assertThat(json).hasSize(1);
        assertThat(json.get(0).get("tag").asText()).isEqualTo("db");
        assertThat(json.get(0).get("limit").asInt()).isEqualTo(2);
        assertThat(json.get(0).get("active_slots").isArray()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void createChangesTheSizeOfAnExistingLimit(TestDatabase database) throws Exception {
        Map<String, String> env = env(database);
        orion(env, "concurrency-limit", "create", "db", "2");

        CliResult changed = orion(env, "concurrency-limit", "create", "db", "0", "--json");

        assertThat(changed.exitCode()).as(changed.toString()).isZero();
        assertThat(JSON.readTree(changed.out()).get("limit").asInt()).isZero();
        assertThat(JSON.readTree(orion(env, "concurrency-limit", "ls", "--json").out())).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void inspectShowsOneLimitAsJson(TestDatabase database) throws Exception {
        Map<String, String> env = env(database);
        orion(env, "concurrency-limit", "create", "db", "3");

        CliResult result = orion(env, "concurrency-limit", "inspect", "db", "--json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode json = JSON.readTree(result.out());
        assertThat(json.properties()).extracting(Map.Entry::getKey).containsExactly("tag", "limit", "active_slots");
        assertThat(json.get("limit").asInt()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void deleteRemovesTheLimit(TestDatabase database) {
        Map<String, String> env = env(database);
        orion(env, "concurrency-limit", "create", "db", "2");

        CliResult deleted = orion(env, "concurrency-limit", "delete", "db");

        assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
        assertThat(deleted.out()).isEqualTo("Deleted concurrency limit 'db'.\n");
        assertThat(orion(env, "concurrency-limit", "inspect", "db").exitCode()).isEqualTo(2);
    }

    @Test
    void lsPrintsAnAlignedTable() {
        Map<String, String> env = Map.of("ORION_HOME", dir.toString());
        orion(env, "concurrency-limit", "create", "db", "2");
        orion(env, "concurrency-limit", "create", "external-api", "10");

        CliResult result = orion(env, "concurrency-limit", "ls");

        assertThat(result.out().lines()).containsExactly(
                "TAG           LIMIT  ACTIVE",
                "db            2      0",
                "external-api  10     0");
    }

    @Test
    void lsSaysSoWhenThereAreNoLimits() {
        CliResult result = orion(Map.of("ORION_HOME", dir.toString()), "concurrency-limit", "ls");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("No concurrency limits.");
    }

    @Test
    void inspectingAnUnknownTagSaysSoAndExitsWithTwo() {
        CliResult result = orion(Map.of("ORION_HOME", dir.toString()), "concurrency-limit", "inspect", "nope");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().lines()).containsExactly(
                "orion: no concurrency limit for tag 'nope'; see 'orion concurrency-limit ls'");
    }

    @Test
    void deletingAnUnknownTagSaysSoAndExitsWithTwo() {
        CliResult result = orion(Map.of("ORION_HOME", dir.toString()), "concurrency-limit", "delete", "nope");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("orion: no concurrency limit for tag 'nope'");
    }

    @Test
    void aNegativeLimitIsRefusedInOneLineBeforeTouchingTheDatabase() {
        CliResult result = orion(Map.of("ORION_HOME", dir.toString()), "concurrency-limit", "create", "db", "-1");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().lines()).containsExactly("orion: LIMIT must be 0 or more, got -1; see 'orion concurrency-limit create --help'");
        assertThat(dir.resolve("orion.db")).doesNotExist();
    }

    @Test
    void aLimitThatIsNotANumberIsRefusedInOneLine() {
        CliResult result = orion(Map.of("ORION_HOME", dir.toString()), "concurrency-limit", "create", "db", "two");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().lines()).singleElement().asString().contains("'two' is not an int");
    }

    @Test
    void aMissingLimitIsOneLinePointingAtTheHelpOfCreate() {
        CliResult result = orion(Map.of("ORION_HOME", dir.toString()), "concurrency-limit", "create", "db");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().lines()).singleElement().asString().contains("LIMIT").contains("see 'orion concurrency-limit create --help'");
    }

    @Test
    void withOrionApiUrlTheLimitsAreTheServersNotTheLocalStores() throws Exception {
        try (RunningServer server = RunningServer.start(TestDatabase.SQLITE, dir.resolve("server"))) {
            Map<String, String> remote = server.clientEnv(dir);

            assertThat(orion(remote, "concurrency-limit", "create", "gpu jobs", "1").exitCode()).isZero();
            assertThat(new ConcurrencyLimitStore(server.db).find("gpu jobs"))
                    .hasValueSatisfying(l -> assertThat(l.limit()).isEqualTo(1));
            assertThat(JSON.readTree(orion(remote, "concurrency-limit", "ls", "--json").out()))
                    .singleElement().satisfies(l -> assertThat(l.get("tag").asText()).isEqualTo("gpu jobs"));
            assertThat(orion(remote, "concurrency-limit", "inspect", "gpu jobs").out()).contains("gpu jobs");
            assertThat(orion(remote, "concurrency-limit", "delete", "gpu jobs").exitCode()).isZero();
            assertThat(new ConcurrencyLimitStore(server.db).find("gpu jobs")).isEmpty();
            CliResult missing = orion(remote, "concurrency-limit", "delete", "gpu jobs");
            assertThat(missing.exitCode()).isEqualTo(2);
            assertThat(missing.err()).contains("no concurrency limit for tag 'gpu jobs'");

            // Nothing of it reached the client's own store.
            Map<String, String> local = Map.of("ORION_HOME", remote.get("ORION_HOME"));
            assertThat(JSON.readTree(orion(local, "concurrency-limit", "ls", "--json").out())).isEmpty();
        }
    }

    private Map<String, String> env(TestDatabase database) {
        return Map.of("ORION_HOME", dir.toString(), "ORION_DATABASE_URL", database.url(dir));
    }
}
