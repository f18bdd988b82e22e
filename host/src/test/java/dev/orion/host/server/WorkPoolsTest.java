package dev.orion.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.store.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Prefect's work pools over HTTP, with the sub-filters Prefect's agent and worker send. */
class WorkPoolsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aPoolHoldsQueuesAndItsWorkersGetTheDueRunsOfDeploymentsAppliedToIt(TestDatabase database) {
        try (TestServer s = TestServer.start(database, dir)) {
            assertThat(s.client.post("/work_pools/", "{\"name\": \"proc\", \"type\": \"process\", "
                    + "\"base_job_template\": {\"variables\": {}}}").status()).isEqualTo(201);
            assertThat(s.client.post("/work_pools/", "{\"name\": \"proc\"}").status()).isEqualTo(409);
            assertThat(s.client.post("/work_pools/", "{\"name\": \"prefect-x\"}").status()).isEqualTo(403);
            JsonNode pool = s.client.get("/work_pools/proc").body();
            assertThat(pool.get("type").asText()).isEqualTo("process");
            assertThat(pool.at("/base_job_template/variables").isObject()).isTrue();
            assertThat(s.client.post("/work_pools/filter", "{\"work_pools\": {\"type\": {\"any_\": [\"process\"]}}}")
                    .body()).extracting(p -> p.get("name").asText()).containsExactly("proc");

            // Orion's own queues are the default pool's; the new pool has its own 'default'.
            s.client.post("/work_queues/", "{\"name\": \"orion-q\"}");
            JsonNode queues = s.client.post("/work_queues/filter", "{}").body();
            assertThat(queues).extracting(q -> q.get("work_pool_name").asText() + "/" + q.get("name").asText())
                    .contains("default-agent-pool/orion-q", "proc/default");
            assertThat(s.client.post("/work_pools/proc/queues/", "{\"name\": \"fast\"}").status()).isEqualTo(201);
            assertThat(s.client.post("/work_pools/proc/queues/filter", "{}").body())
                    .extracting(q -> q.get("name").asText()).containsExactlyInAnyOrder("default", "fast");

            String flowId = s.client.post("/flows/", "{\"name\": \"etl\"}").body().get("id").asText();
            JsonNode d = s.client.post("/deployments/", "{\"name\": \"d\", \"flow_id\": \"" + flowId + "\", "
                    + "\"work_pool_name\": \"proc\", \"work_queue_name\": \"fast\", \"version\": \"7\", "
                    + "\"pull_steps\": [{\"prefect.deployments.steps.set_working_directory\": {\"directory\": \"/x\"}}], "
                    + "\"infra_overrides\": {\"env\": {\"A\": \"1\"}}}").body();
            assertThat(d.get("work_pool_name").asText()).isEqualTo("proc");
            assertThat(d.get("work_queue_name").asText()).isEqualTo("fast");
            assertThat(d.get("version").asText()).isEqualTo("7");
            assertThat(d.at("/pull_steps/0").fieldNames().next()).isEqualTo("prefect.deployments.steps.set_working_directory");
            assertThat(d.at("/infra_overrides/env/A").asText()).isEqualTo("1");
            String runId = s.client.post("/deployments/" + d.get("id").asText() + "/create_flow_run", "{}").body()
                    .get("id").asText();

            JsonNode due = s.client.post("/work_pools/proc/get_scheduled_flow_runs", "{}").body();
            assertThat(due).extracting(r -> r.at("/flow_run/id").asText()).containsExactly(runId);
            assertThat(due.get(0).get("work_pool_id").asText()).isEqualTo(pool.get("id").asText());
            assertThat(s.client.post("/work_pools/proc/get_scheduled_flow_runs", "{\"work_queue_names\": [\"default\"]}")
                    .body()).isEmpty();

            String inPool = "{\"work_pools\": {\"name\": {\"any_\": [\"proc\"]}}, \"work_queues\": {\"name\": {\"any_\": [\"fast\"]}}}";
            assertThat(s.client.post("/flow_runs/filter", inPool).body()).extracting(r -> r.get("id").asText())
                    .containsExactly(runId);
            assertThat(s.client.post("/deployments/filter", inPool).body()).hasSize(1);
            assertThat(s.client.post("/flow_runs/filter", "{\"work_pools\": {\"name\": {\"any_\": [\"default-agent-pool\"]}}}")
                    .body()).isEmpty();
            assertThat(s.client.post("/flows/filter", "{\"work_pools\": null, \"work_queues\": {\"id\": null, \"name\": null}, "
                    + "\"task_runs\": {\"operator\": \"and_\", \"id\": null}}").body()).hasSize(1);

            assertThat(s.client.send("DELETE", "/work_pools/proc", null).status()).isEqualTo(204);
            assertThat(s.client.get("/work_pools/proc").status()).isEqualTo(404);
            assertThat(s.client.send("DELETE", "/work_pools/default-agent-pool", null).status()).isEqualTo(403);
        }
    }
}
