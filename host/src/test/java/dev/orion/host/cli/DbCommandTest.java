package dev.orion.host.cli;

import static dev.orion.host.cli.CliResult.orion;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orion.host.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DbCommandTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void upgradeAppliesTheMigrationsAndPrintsTheSchemaVersion(TestDatabase database) {
        CliResult result = orion(env(database), "db", "upgrade");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).matches("Database .* is at schema version \\d+\\R");
    }

    @Test
    void upgradeCreatesOrionHomeAndTheSqliteFileInIt() {
        Path home = dir.resolve("fresh/home");

        CliResult result = orion(Map.of("ORION_HOME", home.toString()), "db", "upgrade");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(home.resolve("orion.db")).exists();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void resetDropsTheLimitsAndKeepsTheSchema(TestDatabase database) throws Exception {
        Map<String, String> env = env(database);
        orion(env, "concurrency-limit", "create", "db", "2");

        CliResult reset = orion(env, "db", "reset", "--yes", "--json");

        JsonNode json = new ObjectMapper().readTree(reset.out());
        assertThat(reset.exitCode()).as(reset.toString()).isZero();
        assertThat(json.get("schema_version").asText()).isNotEqualTo("none");
        assertThat(orion(env, "concurrency-limit", "ls", "--json").out()).isEqualToIgnoringWhitespace("[]");
    }

    @Test
    void resetWithoutYesRefusesAndChangesNothing() throws Exception {
        Map<String, String> env = Map.of("ORION_HOME", dir.toString());
        orion(env, "concurrency-limit", "create", "db", "2");

        CliResult result = orion(env, "db", "reset");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().lines()).singleElement().asString()
                .startsWith("orion: db reset drops everything Orion stored in jdbc:sqlite:")
                .endsWith("run 'orion db reset --yes' to do it");
        assertThat(orion(env, "concurrency-limit", "inspect", "db").exitCode()).isZero();
    }

    @Test
    void resetWithoutYesHidesTheDatabasePassword() {
        CliResult result = orion(Map.of("ORION_HOME", dir.toString(),
                "ORION_DATABASE_URL", "jdbc:postgresql://db.example/orion?user=orion&password=s3cret"), "db", "reset");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("password=***").doesNotContain("s3cret");
    }

    @Test
    void anUnsupportedDatabaseUrlIsReportedInOneLine() {
        CliResult result = orion(Map.of("ORION_HOME", dir.toString(),
                "ORION_DATABASE_URL", "jdbc:mysql://localhost/orion"), "db", "upgrade");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().lines()).singleElement().asString()
                .startsWith("orion: unsupported database URL 'jdbc:mysql://localhost/orion'");
    }

    @Test
    void aBadSettingIsReportedInOneLineWithoutAStackTrace() {
        CliResult result = orion(Map.of("ORION_HOME", dir.toString(), "ORION_SERVER_PORT", "lots"), "db", "upgrade");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err().lines()).containsExactly(
                "orion: ORION_SERVER_PORT must be a port number (0-65535), got 'lots'");
        assertThat(Files.exists(dir.resolve("orion.db"))).isFalse();
    }

    @Test
    void dbOnItsOwnPrintsItsUsageAndExitsWithTwo() {
        CliResult result = orion("db");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("orion: 'orion db' needs a command").contains("upgrade").contains("reset");
    }

    private Map<String, String> env(TestDatabase database) {
        return Map.of("ORION_HOME", dir.toString(), "ORION_DATABASE_URL", database.url(dir));
    }
}
