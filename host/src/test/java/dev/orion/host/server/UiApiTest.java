package dev.orion.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.orchestration.NewRuns;
import dev.orion.host.server.api.UiApi;
import dev.orion.host.store.RunStore;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.util.Ids;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The UI's own endpoints on both databases: the timeline with its changed-since poll, and the dashboard summary. */
class UiApiTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theTimelineHasEveryTaskRunWithItsStatesRulesAndUpstreamRunsAndPollsForChanges(TestDatabase database) {
        try (TestServer s = TestServer.start(database, dir)) {
            String flowId = s.client.post("/flows/", "{\"name\": \"etl\"}").body().get("id").asText();
            String runId = s.client.post("/flow_runs/", "{\"flow_id\": \"" + flowId + "\", \"state\": {\"type\": \"RUNNING\"}}")
                    .body().get("id").asText();
            String extract = task(s, runId, "extract", "{}");
            String load = task(s, runId, "load", "{\"rows\": [{\"input_type\": \"task_run\", \"id\": \"" + extract + "\"}]}");
            s.client.post("/task_runs/" + extract + "/set_state", "{\"state\": {\"type\": \"RUNNING\"}}");
            s.client.post("/task_runs/" + extract + "/set_state", "{\"state\": {\"type\": \"COMPLETED\"}}");

            JsonNode first = s.client.get("/ui/flow_runs/" + runId + "/timeline").body();
            assertThat(first.get("flow_run").get("state_type").asText()).isEqualTo("RUNNING");
            assertThat(first.get("tasks")).extracting(t -> t.get("key").asText()).containsExactly("extract", "load");
            JsonNode e = first.get("tasks").get(0);
            assertThat(e.get("states")).extracting(st -> st.get(0).asText()).containsExactly("PENDING", "RUNNING", "COMPLETED");
            assertThat(e.get("type").asText()).isEqualTo("COMPLETED");
            assertThat(first.get("tasks").get(1).get("up")).extracting(JsonNode::asText).containsExactly(extract);

            s.client.post("/task_runs/" + load + "/set_state", "{\"state\": {\"type\": \"RUNNING\"}}");
            s.client.post("/task_runs/" + load + "/set_state", "{\"state\": {\"type\": \"FAILED\"}}");
            JsonNode next = s.client.get("/ui/flow_runs/" + runId + "/timeline?since=" + first.get("now").asLong()).body();
            assertThat(next.get("tasks")).extracting(t -> t.get("key").asText()).contains("load");
            JsonNode far = s.client.get("/ui/flow_runs/" + runId + "/timeline?since="
                    + (next.get("now").asLong() + 3_600_000_000L)).body();
            assertThat(far.get("tasks")).isEmpty();
            assertThat(s.client.get("/ui/flow_runs/" + runId + "/timeline?since=soon").status()).isEqualTo(422);
            assertThat(s.client.get("/ui/flow_runs/0190b3c4-0000-7000-8000-000000000000/timeline").status()).isEqualTo(404);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theTimelineOfARunWithThousandsOfTaskRunsHoldsTheFirstPageAndCountsThemAll(TestDatabase database) {
        try (TestServer s = TestServer.start(database, dir)) {
            String flowId = s.client.post("/flows/", "{\"name\": \"many\"}").body().get("id").asText();
            UUID runId = UUID.fromString(s.client.post("/flow_runs/", "{\"flow_id\": \"" + flowId
                    + "\", \"state\": {\"type\": \"RUNNING\"}}").body().get("id").asText());
            RunStore runs = new RunStore(s.db);
            for (int i = 0; i < 5_000; i++) {
                runs.saveRun(NewRuns.taskRun(Ids.next(), runId, "many", "t", Integer.toString(i)).build());
            }
            s.db.writer().flush();

            JsonNode page = s.client.get("/ui/flow_runs/" + runId + "/timeline?limit=100").body();
            assertThat(page.get("tasks")).hasSize(100);
            assertThat(page.get("tasks_total").asLong()).isEqualTo(5_000);
            assertThat(page.get("limit").asInt()).isEqualTo(100);
            JsonNode all = s.client.get("/ui/flow_runs/" + runId + "/timeline?limit=1000000").body();
            assertThat(all.get("limit").asInt()).as("at most 10,000 per answer").isEqualTo(10_000);
            assertThat(all.get("tasks")).hasSize(5_000);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theSummaryCountsRunsPerStateAndPerTimeBucketUnderTheFilters(TestDatabase database) {
        try (TestServer s = TestServer.start(database, dir)) {
            String etl = s.client.post("/flows/", "{\"name\": \"etl\"}").body().get("id").asText();
            String report = s.client.post("/flows/", "{\"name\": \"report\"}").body().get("id").asText();
            for (String state : List.of("RUNNING", "COMPLETED", "COMPLETED")) {
                s.client.post("/flow_runs/", "{\"flow_id\": \"" + etl + "\", \"tags\": [\"nightly\"], \"state\": {\"type\": \""
                        + state + "\"}}");
            }
            s.client.post("/flow_runs/", "{\"flow_id\": \"" + report + "\", \"state\": {\"type\": \"FAILED\"}}");
            Instant to = Instant.now().plusSeconds(60);
            String window = "?from=" + to.minusSeconds(3600) + "&to=" + to + "&buckets=12";

            JsonNode all = s.client.post("/ui/flow_runs/summary" + window, "{}").body();
            assertThat(all.get("total").asLong()).isEqualTo(4);
            assertThat(all.get("counts").get("COMPLETED").asLong()).isEqualTo(2);
            assertThat(all.get("buckets").asInt()).isEqualTo(12);
            long charted = 0;
            for (JsonNode series : all.get("series")) {
                assertThat(series).hasSize(12);
                for (JsonNode n : series) {
                    charted += n.asLong();
                }
            }
            assertThat(charted).as("every run has an expected start time in the window").isEqualTo(4);

            JsonNode etlOnly = s.client.post("/ui/flow_runs/summary" + window,
                    "{\"flows\": {\"name\": {\"any_\": [\"etl\"]}}, \"flow_runs\": {\"tags\": {\"all_\": [\"nightly\"]}}}").body();
            assertThat(etlOnly.get("total").asLong()).isEqualTo(3);
            assertThat(etlOnly.get("counts").has("FAILED")).isFalse();
            assertThat(s.client.post("/ui/flow_runs/summary?from=2030-01-01T00:00:00Z&to=2029-01-01T00:00:00Z", "{}").status())
                    .isEqualTo(422);
        }
    }

    @Test
    void upstreamIdsAreReadFromOrionsAndPrefectsTaskInputs() {
        assertThat(UiApi.upstream("{\"xs\": [\"a\", \"b\"], \"wait_for\": [\"a\"]}"))
                .containsExactly("a", "b");
        assertThat(UiApi.upstream(
                "{\"x\": [{\"input_type\": \"task_run\", \"id\": \"c\"}, {\"input_type\": \"parameter\", \"name\": \"n\"}]}"))
                .containsExactly("c");
        assertThat(UiApi.upstream("{}")).isEmpty();
    }

    private static String task(TestServer s, String runId, String key, String inputs) {
        return s.client.post("/task_runs/", "{\"flow_run_id\": \"" + runId + "\", \"task_key\": \"" + key
                + "\", \"dynamic_key\": \"0\", \"task_inputs\": " + inputs + "}").body().get("id").asText();
    }
}
