package dev.orion.host.scripting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.Orion;
import dev.orion.host.client.OrionClient;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Prefect flow file's {@code Secret.load}, {@code variables.get}, {@code concurrency} and
 * {@code rate_limit}, run by {@code orion run}, use Orion's secrets, variables and global limits
 * (issue #22), sync and async alike.
 */
class PrefectPlatformModuleTest {

    private static final String SECRET = "pw-4f9e1c7b";

    static final String FLOW = """
            import json, threading, time
            from prefect import flow, task, variables
            from prefect.blocks.system import Secret
            from prefect.concurrency.sync import concurrency, rate_limit
            from prefect.concurrency.asyncio import concurrency as concurrency_async, rate_limit as rate_limit_async

            lock = threading.Lock()
            inside = [0, 0]

            @task
            def guarded(i):
                with concurrency("db", occupy=1):
                    with lock:
                        inside[0] += 1
                        inside[1] = max(inside[1], inside[0])
                    time.sleep(0.05)
                    with lock:
                        inside[0] -= 1
                return i

            @flow
            def platform():
                password = Secret.load("db-password").get()
                rate_limit("api")
                total = sum(f.result() for f in [guarded.submit(i) for i in range(4)])
                return json.dumps({"length": len(password), "password": password, "total": total,
                                   "most_inside": inside[1], "region": variables.get("region", default="nowhere"),
                                   "missing": variables.get("missing", default="fallback")})

            @flow
            async def platform_async():
                async with concurrency_async(["db", "api"], occupy=1):
                    region = await variables.get("region")
                await rate_limit_async("api")
                secret = await Secret.load("db-password")
                return json.dumps([region, len(secret.get())])
            """;

    @TempDir
    Path dir;

    @Test
    void secretsVariablesAndGlobalLimitsOfAPrefectFileAreOrions() throws Exception {
        String url = TestDatabase.SQLITE.url(dir);
        try (Orion orion = ScriptCli.orion(dir, url)) {
            OrionClient client = orion.client();
            client.secrets().set("db-password", SECRET);
            client.variables().set("region", "eu-west-3", List.of());
            client.globalLimits().create("db", 1, true, 0);
            client.globalLimits().create("api", 10, true, 5);
        }
        Path file = Files.writeString(dir.resolve("platform_flow.py"), FLOW);

        var run = ScriptCli.run(dir, url, file + ":platform", "--json");
        var async = ScriptCli.run(dir, url, file + ":platform_async", "--json");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        JsonNode result = run.json().get("result");
        JsonNode values = Json.read(result.asText(), JsonNode.class);
        assertThat(values.get("length").asInt()).isEqualTo(SECRET.length());
        assertThat(values.get("password").asText()).as("a secret the run read is masked in its result")
                .isEqualTo("********");
        assertThat(values.get("total").asInt()).isEqualTo(6);
        assertThat(values.get("most_inside").asInt()).as("a limit of 1").isEqualTo(1);
        assertThat(values.get("region").asText()).isEqualTo("eu-west-3");
        assertThat(values.get("missing").asText()).isEqualTo("fallback");
        assertThat(run.out()).doesNotContain(SECRET);

        assertThat(async.exit()).as(async.out() + async.err()).isZero();
        assertThat(async.json().get("result").asText()).isEqualTo("[\"eu-west-3\", 11]");
        try (Orion orion = ScriptCli.orion(dir, url)) {
            assertThat(orion.client().globalLimits().find("db").orElseThrow().activeSlots()).isZero();
        }
    }
}
