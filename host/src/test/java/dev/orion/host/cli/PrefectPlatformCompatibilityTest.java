package dev.orion.host.cli;

import static dev.orion.host.cli.CliResult.orion;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orion.host.client.RunningServer;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.testing.Heavy;
import dev.orion.host.testing.PrefectPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Prefect 2.14 client runs the same flow against {@code orion server} and against
 * Prefect's own server, with the same results: what Prefect flows use beyond tasks (issue #22).
 */
@Heavy
class PrefectPlatformCompatibilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String VARIABLES_FLOW = """
            import asyncio, json
            from prefect import flow, task, variables
            from prefect.client.orchestration import get_client

            @task
            def region_in_task():
                return variables.get("region", default="dflt")

            @flow
            def read_vars():
                return [variables.get("region", default="dflt"), region_in_task(),
                        variables.get("missing", default="fallback")]

            async def client_calls():
                async with get_client() as client:
                    listed = [v.name for v in await client.read_variables()]
                    one = await client.read_variable_by_name("region")
                    none = await client.read_variable_by_name("missing")
                    await client.delete_variable_by_name("region")
                    gone = await client.read_variable_by_name("region")
                    return {"listed": listed, "value": one.value, "missing": none, "after_delete": gone}

            print("RESULT " + json.dumps({"flow": read_vars(), "client": asyncio.run(client_calls())}))
            """;

    static final String SECRETS_FLOW = """
            import json
            from prefect import flow
            from prefect.blocks.system import Secret

            @flow
            def secrets_flow():
                Secret(value="token-saved-by-prefect").save("api-token", overwrite=True)
                return [Secret.load("api-token").get(), Secret.load("db-password").get()]

            print("RESULT " + json.dumps(secrets_flow()))
            """;

    static final String LIMITS_FLOW = """
            import json
            from prefect import flow, task
            from prefect.concurrency.sync import concurrency, rate_limit

            @task
            def guarded(i):
                with concurrency("db", occupy=1):
                    return i

            @flow
            def limited():
                rate_limit("api")
                with concurrency("never-created", occupy=3):
                    pass
                return sum(guarded(i) for i in range(3))

            print("RESULT " + json.dumps(limited()))
            """;

    @TempDir
    static Path shared;

    static PrefectPeer peer;
    static PrefectPeer.Server prefect;
    static RunningServer orionServer;

    @TempDir
    Path dir;

    /** The peer, or each test skipped (failed in CI) with the reason; both servers start once for the class. */
    @BeforeEach
    void startServers() throws Exception {
        peer = PrefectPeer.require();
        if (prefect == null) {
            prefect = peer.startServer(shared.resolve("prefect-home"));
            orionServer = RunningServer.start(TestDatabase.SQLITE, shared.resolve("orion"));
        }
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (prefect != null) {
            prefect.close();
        }
        if (orionServer != null) {
            orionServer.close();
        }
    }

    @Test
    void aVariableSetWithTheOrionCliIsReadByPrefectFlowsOnBothServersAlike() throws Exception {
        Path script = Files.writeString(dir.resolve("vars_flow.py"), VARIABLES_FLOW);
        JsonNode onOrion = runAfterSetting(script, orionServer.url());
        JsonNode onPrefect = runAfterSetting(script, prefect.apiUrl());

        assertThat(onOrion).isEqualTo(onPrefect);
        assertThat(onOrion.get("flow")).extracting(JsonNode::asText).containsExactly("eu-west-1", "eu-west-1", "fallback");
        assertThat(onOrion.get("client").get("listed")).extracting(JsonNode::asText).containsExactly("region");
        assertThat(onOrion.get("client").get("missing").isNull()).isTrue();
        assertThat(onOrion.get("client").get("after_delete").isNull()).isTrue();
    }

    @Test
    void aSecretSetWithTheOrionCliAndOneSavedByPrefectAreLoadedOnBothServersAlike() throws Exception {
        Path script = Files.writeString(dir.resolve("secrets_flow.py"), SECRETS_FLOW);
        JsonNode onOrion = runAfterSettingSecret(script, orionServer.url());
        JsonNode onPrefect = runAfterSettingSecret(script, prefect.apiUrl());

        assertThat(onOrion).isEqualTo(onPrefect);
        assertThat(onOrion).extracting(JsonNode::asText).containsExactly("token-saved-by-prefect", "from-the-orion-cli");
        for (String api : java.util.List.of(orionServer.url(), prefect.apiUrl())) {
            CliResult ls = orion(Map.of("ORION_HOME", dir.resolve("cli-home").toString(), "ORION_API_URL", api),
                    "secret", "ls", "--json");
            assertThat(JSON.readTree(ls.out())).as(api).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("api-token", "db-password");
        }
    }

    private JsonNode runAfterSettingSecret(Path script, String apiUrl) throws Exception {
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("from-the-orion-cli\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            CliResult set = orion(Map.of("ORION_HOME", dir.resolve("cli-home").toString(), "ORION_API_URL", apiUrl),
                    "secret", "set", "db-password");
            assertThat(set.exitCode()).as(set.toString()).isZero();
        } finally {
            System.setIn(stdin);
        }
        PrefectPeer.Run run = peer.python(script, apiUrl);
        assertThat(run.exit()).as(run.output()).isZero();
        return JSON.readTree(run.line("RESULT "));
    }

    @Test
    void concurrencyAndRateLimitRunOnBothServersAlikeWithLimitsCreatedByTheOrionCli() throws Exception {
        Path script = Files.writeString(dir.resolve("limits_flow.py"), LIMITS_FLOW);
        for (String api : java.util.List.of(orionServer.url(), prefect.apiUrl())) {
            Map<String, String> env = Map.of("ORION_HOME", dir.resolve("cli-home").toString(), "ORION_API_URL", api);
            assertThat(orion(env, "global-concurrency-limit", "create", "db", "--limit", "1").exitCode()).isZero();
            assertThat(orion(env, "global-concurrency-limit", "create", "api", "--limit", "10",
                    "--slot-decay-per-second", "5").exitCode()).isZero();
            PrefectPeer.Run run = peer.python(script, api);
            assertThat(run.exit()).as(api + "\n" + run.output()).isZero();
            assertThat(run.line("RESULT ")).isEqualTo("3");
            JsonNode db = JSON.readTree(orion(env, "global-concurrency-limit", "inspect", "db", "--json").out());
            assertThat(db.get("active_slots").asInt()).as(api).isZero();
            JsonNode created = JSON.readTree(orion(env, "global-concurrency-limit", "inspect", "never-created", "--json").out());
            assertThat(created.get("active").asBoolean()).as(api + ": unknown names are created inactive").isFalse();
        }
    }

    /** Sets the variable with {@code orion variable set} against the API (either server), then runs the flow. */
    private JsonNode runAfterSetting(Path script, String apiUrl) throws Exception {
        Map<String, String> env = Map.of("ORION_HOME", dir.resolve("cli-home").toString(), "ORION_API_URL", apiUrl);
        CliResult set = orion(env, "variable", "set", "region", "eu-west-1");
        assertThat(set.exitCode()).as(set.toString()).isZero();
        PrefectPeer.Run run = peer.python(script, apiUrl);
        assertThat(run.exit()).as(run.output()).isZero();
        return JSON.readTree(run.line("RESULT "));
    }
}
