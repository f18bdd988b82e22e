package dev.orion.host.cli;

import static dev.orion.host.cli.CliResult.orion;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.host.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue #20's sweep of the CLI: ordinary mistakes, found by trying the commands, each answered
 * with one line that starts with {@code orion:} and says what to do, exit code 2, and no run
 * recorded. In the table, {@code {dir}} is a folder of the test's, {@code {etl}} the example
 * flow {@code scripts/etl.js}, {@code {file}} a file that is not a folder (a command line is split
 * at spaces, with no quoting); {@code setup}
 * {@code policy-folder} puts a folder where {@code $ORION_HOME/policy.json} should be a file.
 * ({@code ORION_LOG_FORMAT} and {@code ORION_RULES_TIME_LIMIT} are read from the process's own
 * environment, so an in-process CLI cannot be given bad ones; they answer the same way. An
 * unreachable {@code ORION_API_URL} is ApiTransportTest's.)
 */
class CliMistakesTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", quoteCharacter = '"', value = {
            // mistake                     | environment                                  | setup         | command line                                            | what the one line says
            "a path that does not exist    | -                                            | -             | run {dir}/etl.js                                        | no such file: ",
            "a folder instead of a file    | -                                            | -             | run {dir}                                               | is a folder; give a flow file in it",
            "a folder for deployment create| -                                            | -             | deployment create {dir}/ --name d                       | is a folder; give a flow file in it",
            "--param with no value         | -                                            | -             | run {etl} --param                                       | missing required parameter for option '--param'",
            "--param without =             | -                                            | -             | run {etl} --param n                                     | --param must be KEY=VALUE, e.g. --param n=10, got 'n'",
            "--params that is not JSON     | -                                            | -             | run {etl} --params {bad                                 | --params must be a JSON object like",
            "a parameter the flow lacks    | -                                            | -             | run {etl} --param size=3                                | flow 'etl' has no parameter 'size'; its parameters are [n (Long)]",
            "a parameter of the wrong type | -                                            | -             | run {etl} --param n=abc                                 | parameter 'n' of flow 'etl' must be Long, got 'abc'",
            "an unknown run id             | -                                            | -             | flow-run inspect 00000000-0000-0000-0000-000000000000   | no flow run with id 00000000-0000-0000-0000-000000000000",
            "a malformed run id            | -                                            | -             | flow-run inspect abc                                    | 'abc' is not a flow run id",
            "a malformed run id to cancel  | -                                            | -             | flow-run cancel abc                                     | 'abc' is not a flow run id",
            "a malformed run id to explain | -                                            | -             | rules explain --run abc                                 | 'abc' is not a flow run id",
            "an unknown option             | -                                            | -             | flow-run ls --bogus                                     | unknown option '--bogus'; see 'orion flow-run ls --help'",
            "a mistyped command            | -                                            | -             | flow-run lss                                            | unknown command 'lss'; did you mean 'ls'? See 'orion flow-run --help'",
            "a missing required option     | -                                            | -             | deployment create {etl}                                 | missing required option: '--name=<name>'; see 'orion deployment create --help'",
            "a word where a number goes    | -                                            | -             | flow-run ls --limit x                                   | invalid value for option '--limit': 'x' is not an int; see 'orion flow-run ls --help'",
            "a duration that is not one    | -                                            | -             | deployment create {etl} --name d --interval soon        | --interval must be a positive duration like 30s",
            "an age that is not one        | -                                            | -             | db prune --older-than soon                              | 'soon' is not an age; use e.g. 30d",
            "an ORION_API_URL that is none | ORION_API_URL=localhost:4200                 | -             | flow-run ls                                             | ORION_API_URL must be an http(s) URL like http://127.0.0.1:4200/api",
            "a port that is not a number   | ORION_SERVER_PORT=http                       | -             | server start                                            | ORION_SERVER_PORT must be a port number (0-65535), got 'http'",
            "a heartbeat timeout not a time| ORION_HEARTBEAT_TIMEOUT=soon                 | -             | run {etl}                                               | ORION_HEARTBEAT_TIMEOUT must be a positive number of seconds",
            "an unknown orchestrator       | ORION_ORCHESTRATOR=fast                      | -             | run {etl}                                               | ORION_ORCHESTRATOR must be 'shared' or 'local', got 'fast'",
            "an unknown result storage     | ORION_RESULT_STORAGE=s3                      | -             | run {etl}                                               | no result storage named 's3'",
            "an unsupported database URL   | ORION_DATABASE_URL=jdbc:mysql://db/orion     | -             | flow-run ls                                             | unsupported database URL 'jdbc:mysql://db/orion': use jdbc:sqlite:PATH",
            "a plugins folder that is a file| ORION_PLUGINS_DIR={file}                    | -             | run {etl}                                               | the plugins folder {file} is a file; point ORION_PLUGINS_DIR",
            "a rules folder that is a file | ORION_RULES_DIR={file}                       | -             | run {etl}                                               | the rules folder {file} is a file; point ORION_RULES_DIR",
            "a policy.json that is unreadable| -                                          | policy-folder | run {etl}                                               | the policy does not load: cannot read ",
            "a worker with no server       | -                                            | -             | worker start --queue q                                  | a worker takes runs from a server: start one with `orion server start`",
            "a candidate policy that is a folder| -                                       | -             | rules replay --policy {dir}                             | candidate policy {dir} is a folder",
            "a rule script that is a folder| -                                            | -             | rules test {dir} --cases {file}                         | rule script {dir} is a folder"})
    void anOrdinaryMistakeIsOneLineNamingTheFixExit2AndNothingRecorded(String mistake, String environment, String setup,
            String commandLine, String says) throws Exception {
        Path home = dir.resolve("home");
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        Map<String, String> values = Map.of("{dir}", dir.toString(), "{file}", file.toString(),
                "{etl}", NewcomerMistakesTest.ETL_JS.toString());
        Map<String, String> base = Map.of("ORION_HOME", home.toString(), "ORION_PLUGINS_DIR", dir.resolve("no-plugins").toString(),
                "ORION_FLOWS_DIR", NewcomerMistakesTest.ETL_JS.getParent().toString());
        Map<String, String> env = new HashMap<>(base);
        if (environment != null) {
            for (String pair : environment.split(",")) {
                String[] kv = pair.split("=", 2);
                env.put(kv[0], fill(kv[1], values));
            }
        }
        if ("policy-folder".equals(setup)) {
            Files.createDirectories(home.resolve("policy.json"));
        }
        List<String> args = new ArrayList<>();
        for (String a : commandLine.split(" ")) {
            args.add(fill(a, values));
        }

        CliResult r = orion(env, args.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err().lines()).as(r.toString()).singleElement().asString()
                .startsWith("orion: ").contains(fill(says, values)).doesNotContain("unexpected");
        Files.deleteIfExists(home.resolve("policy.json"));
        CliResult runs = orion(base, "flow-run", "ls", "--json");
        assertThat(Json.MAPPER.readTree(runs.out())).as(runs.toString()).isEmpty();
    }

    private static String fill(String s, Map<String, String> values) {
        String filled = s;
        for (var v : values.entrySet()) {
            filled = filled.replace(v.getKey(), v.getValue());
        }
        return filled;
    }
}
