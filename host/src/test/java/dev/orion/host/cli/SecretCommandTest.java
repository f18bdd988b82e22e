package dev.orion.host.cli;

import static dev.orion.host.cli.CliResult.orion;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.Flow;
import dev.orion.api.RunContext;
import dev.orion.api.Secrets;
import dev.orion.api.Task;
import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.engine.FlowRunOutcome;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretCommandTest {

    static final String VALUE = "hunter2-s3cr3t-value";

    static final Task<String> CONNECT = Task.of("connect", () -> {
        String password = Secrets.get("db-password");
        RunContext.logger().info("connecting as app with password {}", password);
        return "connected with " + password;
    });
    static final Flow<String> USES_SECRET = Flow.of("uses-secret", () -> {
        String result = CONNECT.call();
        RunContext.logger().info("the task said: {}", result);
        return result;
    });

    private final InputStream stdin = System.in;

    @TempDir
    Path dir;

    @AfterEach
    void restoreStdin() {
        System.setIn(stdin);
    }

    @Test
    void aSecretSetFromStdinIsReadByAFlowAndMaskedInItsLogsResultsListingAndTheDatabaseFile() throws Exception {
        Map<String, String> env = Map.of("ORION_HOME", dir.toString());
        CliResult set = setSecret(env, "db-password", VALUE + "\n");
        assertThat(set.exitCode()).as(set.toString()).isZero();
        assertThat(set.out()).isEqualTo("Secret 'db-password' set.\n");

        FlowRunOutcome run;
        try (Orion orion = Orion.local(OrionSettings.fromMap(env))) {
            run = orion.run(USES_SECRET, Map.of());
        }

        assertThat(run.isCompleted()).isTrue();
        assertThat(run.result()).isEqualTo("connected with ********");
        CliResult logs = orion(env, "flow-run", "logs", run.flowRunId().toString());
        assertThat(logs.out()).contains("connecting as app with password ********", "the task said: connected with ********")
                .doesNotContain(VALUE);
        CliResult inspect = orion(env, "flow-run", "inspect", run.flowRunId().toString(), "--json");
        assertThat(inspect.out()).contains("connected with ********").doesNotContain(VALUE);
        CliResult ls = orion(env, "secret", "ls");
        assertThat(ls.out()).isEqualTo("NAME\ndb-password\n");
        assertThat(orion(env, "secret", "ls", "--json").out()).doesNotContain(VALUE);
        assertThat(databaseBytes()).as("the database files hold no plain secret").doesNotContain(VALUE);
    }

    @Test
    void anErrorQuotingASecretIsMaskedInTheRunsStateAndNotStored() throws Exception {
        Map<String, String> env = Map.of("ORION_HOME", dir.toString());
        setSecret(env, "db-password", VALUE);
        Flow<String> leaky = Flow.of("leaky", () -> {
            throw new IllegalStateException("login refused for password " + Secrets.get("db-password"));
        });

        FlowRunOutcome run;
        try (Orion orion = Orion.local(OrionSettings.fromMap(env))) {
            run = orion.run(leaky, Map.of());
        }

        assertThat(run.state().message()).contains("login refused for password ********").doesNotContain(VALUE);
        assertThat(orion(env, "flow-run", "inspect", run.flowRunId().toString()).out()).doesNotContain(VALUE);
        assertThat(databaseBytes()).doesNotContain(VALUE);
    }

    @Test
    void rmRemovesASecretAndAFlowReadingItFailsSayingHowToSetIt() {
        Map<String, String> env = Map.of("ORION_HOME", dir.toString());
        setSecret(env, "db-password", VALUE);

        assertThat(orion(env, "secret", "rm", "db-password").out()).isEqualTo("Removed secret 'db-password'.\n");
        assertThat(orion(env, "secret", "ls").out()).startsWith("No secrets.");
        CliResult again = orion(env, "secret", "rm", "db-password");
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).isEqualTo("orion: no secret named 'db-password'; see 'orion secret ls'\n");
        try (Orion orion = Orion.local(OrionSettings.fromMap(env))) {
            FlowRunOutcome run = orion.run(USES_SECRET, Map.of());
            assertThat(run.isCompleted()).isFalse();
            assertThat(run.state().message()).contains("no secret named 'db-password'; set it with 'orion secret set db-password'");
        }
    }

    @Test
    void anEmptyValueOrABadNameIsRefusedInOneLine() {
        Map<String, String> env = Map.of("ORION_HOME", dir.toString());

        CliResult empty = setSecret(env, "db-password", "");
        CliResult bad = setSecret(env, "DB_Password", VALUE);
        CliResult onTheCommandLine = orion(env, "secret", "set", "db-password", VALUE);

        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).startsWith("orion: no value for secret 'db-password': pipe it on stdin");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("orion: a secret's name must only contain lowercase letters, numbers, and dashes, "
                + "got 'DB_Password'\n");
        assertThat(onTheCommandLine.exitCode()).as("a value is never taken from the command line").isEqualTo(2);
        assertThat(orion(env, "secret", "ls").out()).startsWith("No secrets.");
    }

    private static CliResult setSecret(Map<String, String> env, String name, String stdin) {
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        return orion(env, "secret", "set", name);
    }

    private String databaseBytes() throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("orion.db")).toList()) {
                all.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(all).as("the database file exists").isNotEmpty();
        return all.toString();
    }
}
