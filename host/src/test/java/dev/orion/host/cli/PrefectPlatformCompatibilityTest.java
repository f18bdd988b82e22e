package dev.orion.host.cli;

import static dev.orion.host.cli.CliResult.orion;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orion.host.client.RunningServer;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.testing.Heavy;
import dev.orion.host.testing.PrefectPeer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    static final String ARTIFACTS_FLOW = """
            import asyncio, json
            from prefect import flow, task
            from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
            from prefect.client.orchestration import get_client
            from prefect.client.schemas.filters import (ArtifactCollectionFilter, ArtifactCollectionFilterKey,
                ArtifactFilter, ArtifactFilterKey, FlowRunFilter, FlowRunFilterId)
            from prefect.context import get_run_context

            @task
            def report():
                return str(create_markdown_artifact("# Sales\\nUp **4 %**", key="sales-report", description="the day"))

            @flow
            def publish():
                md = report()
                first = create_table_artifact([{"name": "Ada", "orders": 12}], key="top-customers")
                second = create_table_artifact({"name": ["Grace"], "orders": [9]}, key="top-customers")
                link = create_link_artifact("https://example.com/r", link_text="full report")
                return {"ids": [md, str(first), str(second), str(link)], "run": str(get_run_context().flow_run.id)}

            async def client_calls(made):
                ids, run = made["ids"], made["run"]
                async with get_client() as client:
                    mine = await client.read_artifacts(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run])))
                    by_id = {str(a.id): a for a in mine}
                    versions = await client.read_artifacts(
                        artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["top-customers"])))
                    latest = await client.read_latest_artifacts(
                        artifact_filter=ArtifactCollectionFilter(key=ArtifactCollectionFilterKey(any_=["top-customers"])))
                    await client.delete_artifact(ids[2])
                    after = await client.read_latest_artifacts(
                        artifact_filter=ArtifactCollectionFilter(key=ArtifactCollectionFilterKey(any_=["top-customers"])))
                    return {
                        "mine": [[by_id[i].key, by_id[i].type, by_id[i].data, by_id[i].description,
                                  str(by_id[i].flow_run_id) == run, by_id[i].task_run_id is not None] for i in ids],
                        "versions": len(versions),
                        "latest": [str(c.latest_id) == ids[2] for c in latest],
                        "after_delete": [str(c.latest_id) == ids[1] for c in after],
                    }

            print("RESULT " + json.dumps(asyncio.run(client_calls(publish()))))
            """;

    /** The flow of issue #22's table: everything a Prefect flow uses beyond tasks, in one run. */
    static final String TABLE_FLOW = """
            import json
            from prefect import flow, task, variables
            from prefect.artifacts import create_markdown_artifact, create_table_artifact
            from prefect.blocks.system import Secret
            from prefect.concurrency.sync import concurrency, rate_limit

            @task
            def report(password):
                return create_markdown_artifact(f"# Load\\nconnected with {len(password)} characters", key="load-report")

            @flow
            def beyond_tasks():
                Secret(value="s3cr3t-from-prefect").save("table-db-password", overwrite=True)
                password = Secret.load("table-db-password").get()
                markdown = report(password)
                table = create_table_artifact([{"region": "eu", "rows": 3}], key="load-table")
                with concurrency("warehouse", occupy=1):
                    loaded = 3
                rate_limit("partner-api")
                region = variables.get("table_region", default="nowhere")
                return {"password": password, "artifacts": [markdown is not None, table is not None],
                        "loaded": loaded, "region": region}

            print("RESULT " + json.dumps(beyond_tasks()))
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
        // The servers are shared by the class's tests: other tests' variables may be listed too.
        assertThat(onOrion.get("client").get("listed")).extracting(JsonNode::asText).contains("region");
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
        for (String api : List.of(orionServer.url(), prefect.apiUrl())) {
            CliResult ls = orion(Map.of("ORION_HOME", dir.resolve("cli-home").toString(), "ORION_API_URL", api),
                    "secret", "ls", "--json");
            assertThat(JSON.readTree(ls.out())).as(api).extracting(JsonNode::asText) // other tests' secrets too
                    .contains("api-token", "db-password");
        }
    }

    private JsonNode runAfterSettingSecret(Path script, String apiUrl) throws Exception {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("from-the-orion-cli\n".getBytes(StandardCharsets.UTF_8)));
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
        for (String api : List.of(orionServer.url(), prefect.apiUrl())) {
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

    @Test
    void markdownTableAndLinkArtifactsOfAFlowAndItsTaskAreCreatedAndReadOnBothServersAlike() throws Exception {
        Path script = Files.writeString(dir.resolve("artifacts_flow.py"), ARTIFACTS_FLOW);
        JsonNode onOrion = runArtifacts(script, orionServer.url());
        JsonNode onPrefect = runArtifacts(script, prefect.apiUrl());

        assertThat(onOrion).isEqualTo(onPrefect);
        JsonNode mine = onOrion.get("mine");
        assertThat(mine.get(0).toString()).isEqualTo(
                "[\"sales-report\",\"markdown\",\"# Sales\\nUp **4 %**\",\"the day\",true,true]");
        assertThat(mine.get(2).get(2).asText()).isEqualTo("{\"name\": [\"Grace\"], \"orders\": [9]}");
        assertThat(mine.get(2).get(5).asBoolean()).as("created in the flow, not a task").isFalse();
        assertThat(mine.get(3).get(2).asText()).isEqualTo("[full report](https://example.com/r)");
        assertThat(onOrion.get("versions").asInt()).isEqualTo(2);
        assertThat(onOrion.get("latest").toString()).isEqualTo("[true]");
        assertThat(onOrion.get("after_delete").toString()).isEqualTo("[true]");
    }

    @Test
    void theFlowOfIssue22sTableRunsOnOrionServerAsOnPrefectsOwn() throws Exception {
        Path script = Files.writeString(dir.resolve("beyond_tasks.py"), TABLE_FLOW);
        List<JsonNode> results = new ArrayList<>();
        for (String api : List.of(orionServer.url(), prefect.apiUrl())) {
            Map<String, String> env = Map.of("ORION_HOME", dir.resolve("cli-home").toString(), "ORION_API_URL", api);
            for (CliResult set : List.of(orion(env, "variable", "set", "table_region", "eu-central-1"),
                    orion(env, "global-concurrency-limit", "create", "warehouse", "--limit", "1"),
                    orion(env, "global-concurrency-limit", "create", "partner-api", "--limit", "5",
                            "--slot-decay-per-second", "5"))) {
                assertThat(set.exitCode()).as(set.toString()).isZero();
            }
            PrefectPeer.Run run = peer.python(script, api);
            assertThat(run.exit()).as(api + "\n" + run.output()).isZero();
            results.add(JSON.readTree(run.line("RESULT ")));
        }
        assertThat(results.get(0)).isEqualTo(results.get(1));
        assertThat(results.get(0).toString()).isEqualTo("{\"password\":\"s3cr3t-from-prefect\",\"artifacts\":[true,true],"
                + "\"loaded\":3,\"region\":\"eu-central-1\"}");
        for (String key : List.of("load-report", "load-table")) {
            CliResult inspect = orion(Map.of("ORION_HOME", dir.resolve("cli-home").toString(),
                    "ORION_API_URL", orionServer.url()), "artifact", "inspect", key, "--json");
            assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
        }
    }

    private JsonNode runArtifacts(Path script, String apiUrl) throws Exception {
        PrefectPeer.Run run = peer.python(script, apiUrl);
        assertThat(run.exit()).as(apiUrl + "\n" + run.output()).isZero();
        return JSON.readTree(run.line("RESULT "));
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
