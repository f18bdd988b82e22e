package dev.orion.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.testing.Eventually;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The run endpoints as a client uses them: idempotent creation, filters, states, decisions, logs, policy. */
class RunApiTest {

    @TempDir
    Path dir;

    private static String flowRun(String flowId, String name, String extra) {
        return "{\"flow_id\": \"" + flowId + "\", \"name\": \"" + name + "\"" + extra + "}";
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void createsFlowRunsOnceperIdempotencyKeyAndTaskRunsOncePerTaskKey(TestDatabase database) {
        try (TestServer s = TestServer.start(database, dir)) {
            String flowId = s.client.post("/flows/", "{\"name\": \"etl\"}").body().get("id").asText();
            ApiClient.Answer first = s.client.post("/flow_runs/", flowRun(flowId, "a", ", \"idempotency_key\": \"k1\""));
            ApiClient.Answer again = s.client.post("/flow_runs/", flowRun(flowId, "b", ", \"idempotency_key\": \"k1\""));
            assertThat(first.status()).isEqualTo(201);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.body().get("id")).isEqualTo(first.body().get("id"));
            assertThat(first.body().get("state_type").asText()).isEqualTo("PENDING");

            String runId = first.body().get("id").asText();
            String task = "{\"flow_run_id\": \"" + runId + "\", \"task_key\": \"square\", \"dynamic_key\": \"3\"}";
            ApiClient.Answer t1 = s.client.post("/task_runs/", task);
            ApiClient.Answer t2 = s.client.post("/task_runs/", task);
            assertThat(t1.status()).isEqualTo(201);
            assertThat(t2.status()).isEqualTo(200);
            assertThat(t2.body().get("id")).isEqualTo(t1.body().get("id"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aPrefectTaskToldToWaitForATagSlotIsHeldAndRunsOnceTheSlotFreesNotAfter30Seconds(TestDatabase database)
            throws Exception {
        try (TestServer s = TestServer.start(database, dir)) {
            s.client.post("/concurrency_limits/", "{\"tag\": \"db\", \"concurrency_limit\": 1}");
            String flowId = s.client.post("/flows/", "{\"name\": \"etl\"}").body().get("id").asText();
            String runId = s.client.post("/flow_runs/", flowRun(flowId, "a", "")).body().get("id").asText();
            s.client.post("/flow_runs/" + runId + "/set_state", "{\"state\": {\"type\": \"RUNNING\"}}");
            List<String> tasks = new ArrayList<>();
            for (String key : List.of("first", "second")) {
                tasks.add(s.client.post("/task_runs/", "{\"flow_run_id\": \"" + runId + "\", \"task_key\": \"" + key
                        + "\", \"dynamic_key\": \"0\", \"tags\": [\"db\"], \"state\": {\"type\": \"PENDING\"}}")
                        .body().get("id").asText());
            }
            String running = "{\"state\": {\"type\": \"RUNNING\"}}";
            assertThat(s.client.post("/task_runs/" + tasks.get(0) + "/set_state", running).body().get("status").asText())
                    .isEqualTo("ACCEPT");

            // As Prefect's client proposes: no proposal id. The server holds it while the slot is taken.
            CompletableFuture<ApiClient.Answer> second = CompletableFuture.supplyAsync(
                    () -> s.client.post("/task_runs/" + tasks.get(1) + "/set_state", running));
            Eventually.until("the second task run was told to wait for the slot", () ->
                    s.client.get("/task_runs/" + tasks.get(1) + "/decisions").body().findValuesAsText("rule")
                            .contains("SecureTaskConcurrencySlots"));
            s.client.post("/task_runs/" + tasks.get(0) + "/set_state", "{\"state\": {\"type\": \"COMPLETED\"}}");

            JsonNode answer = second.get(1, TimeUnit.MINUTES).body();
            if (answer.get("status").asText().equals("WAIT")) {
                // The hold ended before the slot freed (a loaded machine): told to come back at once, not in 30 s.
                assertThat(answer.at("/details/delay_seconds").asDouble()).isLessThanOrEqualTo(0.2);
                answer = s.client.post("/task_runs/" + tasks.get(1) + "/set_state", running).body();
            }
            assertThat(answer.get("status").asText()).isEqualTo("ACCEPT");
            assertThat(answer.at("/state/type").asText()).isEqualTo("RUNNING");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aTaskRunCreateCanCarryItsNextProposalAndAnswerIt(TestDatabase database) {
        try (TestServer s = TestServer.start(database, dir)) {
            String flowId = s.client.post("/flows/", "{\"name\": \"etl\"}").body().get("id").asText();
            String runId = s.client.post("/flow_runs/", flowRun(flowId, "a", "")).body().get("id").asText();
            s.client.post("/flow_runs/" + runId + "/set_state", "{\"state\": {\"type\": \"RUNNING\"}}");
            String task = "{\"flow_run_id\": \"" + runId + "\", \"task_key\": \"square\", \"dynamic_key\": \"0\","
                    + " \"state\": {\"type\": \"PENDING\"}, \"orion_then_set_state\": {\"state\": {\"type\": \"RUNNING\"}}}";

            ApiClient.Answer created = s.client.post("/task_runs/", task);
            ApiClient.Answer again = s.client.post("/task_runs/", task);

            assertThat(created.status()).isEqualTo(201);
            assertThat(created.body().get("state_type").asText()).isEqualTo("RUNNING");
            assertThat(created.body().at("/orion_then_set_state_result/status").asText()).isEqualTo("ACCEPT");
            assertThat(created.body().at("/orion_then_set_state_result/state/type").asText()).isEqualTo("RUNNING");
            String taskId = created.body().get("id").asText();
            assertThat(s.client.get("/task_run_states/?task_run_id=" + taskId).body().findValuesAsText("type"))
                    .containsExactly("PENDING", "RUNNING");
            // An existing run is answered as it is; the proposal is not made again.
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.body().has("orion_then_set_state_result")).isFalse();
            assertThat(s.client.get("/task_run_states/?task_run_id=" + taskId).body()).hasSize(2);
            // Without a state it is a schema violation, and nothing is created.
            ApiClient.Answer bad = s.client.post("/task_runs/", task.replace("\"dynamic_key\": \"0\"", "\"dynamic_key\": \"1\"")
                    .replace("{\"state\": {\"type\": \"RUNNING\"}}", "{\"force\": true}"));
            assertThat(bad.status()).isEqualTo(422);
            assertThat(bad.body().get("detail").asText()).contains("orion_then_set_state");
            assertThat(s.client.post("/task_runs/count", "{}").body().asInt()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aFlowRunsRetrySettingsAreChangedByPatchButNotItsPauseBookkeeping(TestDatabase database) {
        try (TestServer s = TestServer.start(database, dir)) {
            String flowId = s.client.post("/flows/", "{\"name\": \"etl\"}").body().get("id").asText();
            String runId = s.client.post("/flow_runs/", flowRun(flowId, "a",
                    ", \"empirical_policy\": {\"pause_keys\": [\"pause-1\"]}")).body().get("id").asText();

            ApiClient.Answer patched = s.client.send("PATCH", "/flow_runs/" + runId,
                    "{\"empirical_policy\": {\"retries\": 2, \"retry_delay\": [1, 5], \"pause_keys\": []}}");

            assertThat(patched.status()).isEqualTo(204);
            JsonNode policy = s.client.get("/flow_runs/" + runId).body().get("empirical_policy");
            assertThat(policy.get("retries").asInt()).isEqualTo(2);
            assertThat(policy.get("retry_delay").toString()).isEqualTo("[1.0,5.0]");
            assertThat(policy.get("pause_keys").toString()).isEqualTo("[\"pause-1\"]");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void filtersFlowRunsWithPrefectsOperatorsSortLimitAndOffset(TestDatabase database) {
        try (TestServer s = TestServer.start(database, dir)) {
            String etl = s.client.post("/flows/", "{\"name\": \"etl\"}").body().get("id").asText();
            String report = s.client.post("/flows/", "{\"name\": \"report\"}").body().get("id").asText();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(s.client.post("/flow_runs/", flowRun(etl, "etl-" + i, ", \"tags\": [\"nightly\"]")).body()
                        .get("id").asText());
            }
            s.client.post("/flow_runs/", flowRun(report, "report-0", ""));
            s.client.post("/flow_runs/" + ids.get(0) + "/set_state", "{\"state\": {\"type\": \"RUNNING\"}}");

            assertThat(names(s.client.post("/flow_runs/filter",
                    "{\"flows\": {\"name\": {\"any_\": [\"report\"]}}}"))).containsExactly("report-0");
            assertThat(names(s.client.post("/flow_runs/filter",
                    "{\"flow_runs\": {\"state\": {\"type\": {\"any_\": [\"RUNNING\"]}}}}"))).containsExactly("etl-0");
            assertThat(names(s.client.post("/flow_runs/filter",
                    "{\"flow_runs\": {\"state\": {\"type\": {\"not_any_\": [\"RUNNING\"]}}, \"tags\": {\"all_\": [\"nightly\"]}},"
                            + " \"sort\": \"NAME_ASC\", \"limit\": 2, \"offset\": 1}"))).containsExactly("etl-2", "etl-3");
            assertThat(names(s.client.post("/flow_runs/filter",
                    "{\"flow_runs\": {\"name\": {\"like_\": \"REP\"}}}"))).containsExactly("report-0");
            assertThat(names(s.client.post("/flow_runs/filter",
                    "{\"flow_runs\": {\"start_time\": {\"is_null_\": false}}}"))).containsExactly("etl-0");
            assertThat(names(s.client.post("/flow_runs/filter",
                    "{\"flow_runs\": {\"start_time\": {\"after_\": \"2000-01-01T00:00:00+00:00\", \"before_\": \"2100-01-01T00:00:00Z\"}}}")))
                    .containsExactly("etl-0");
            assertThat(s.client.post("/flow_runs/count", "{\"flows\": {\"name\": {\"any_\": [\"etl\"]}}}").body().asInt())
                    .isEqualTo(5);
            assertThat(s.client.post("/flow_runs/filter", "{\"limit\": 201}").status()).isEqualTo(422);
            assertThat(s.client.post("/flow_runs/filter", "{\"sort\": \"COLOUR_ASC\"}").status()).isEqualTo(422);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void exposesStateHistoryDecisionsLogsAndThePolicy(TestDatabase database) {
        try (TestServer s = TestServer.start(database, dir)) {
            String flowId = s.client.post("/flows/", "{\"name\": \"etl\"}").body().get("id").asText();
            String runId = s.client.post("/flow_runs/", flowRun(flowId, "r", "")).body().get("id").asText();
            ApiClient.Answer running = s.client.post("/flow_runs/" + runId + "/set_state", "{\"state\": {\"type\": \"RUNNING\"}}");
            assertThat(running.status()).isEqualTo(201);
            assertThat(running.body().get("status").asText()).isEqualTo("ACCEPT");
            ApiClient.Answer pendingAgain = s.client.post("/flow_runs/" + runId + "/set_state", "{\"state\": {\"type\": \"PENDING\"}}");
            assertThat(pendingAgain.status()).isEqualTo(200);
            assertThat(pendingAgain.body().get("status").asText()).isEqualTo("ABORT");
            assertThat(pendingAgain.body().get("details").get("type").asText()).isEqualTo("abort_details");

            JsonNode states = s.client.get("/flow_run_states/?flow_run_id=" + runId).body();
            assertThat(states).extracting(n -> n.get("type").asText()).containsExactly("PENDING", "RUNNING");
            JsonNode decisions = s.client.get("/flow_runs/" + runId + "/decisions").body();
            assertThat(decisions).extracting(n -> n.get("status").asText()).containsExactly("ACCEPT", "ACCEPT", "ABORT");
            assertThat(decisions.get(2).get("rule").asText()).isEqualTo("PreventPendingTransitions");

            s.client.post("/logs/", "[{\"name\": \"etl\", \"level\": 40, \"message\": \"boom\", \"timestamp\": "
                    + "\"2026-01-01T00:00:00+00:00\", \"flow_run_id\": \"" + runId + "\", \"task_run_id\": null},"
                    + "{\"name\": \"etl\", \"level\": 20, \"message\": \"fine\", \"timestamp\": "
                    + "\"2026-01-01T00:00:01+00:00\", \"flow_run_id\": \"" + runId + "\", \"task_run_id\": null}]");
            JsonNode errors = s.client.post("/logs/filter", "{\"logs\": {\"flow_run_id\": {\"any_\": [\"" + runId
                    + "\"]}, \"level\": {\"ge_\": 40}}}").body();
            assertThat(errors).extracting(n -> n.get("message").asText()).containsExactly("boom");
            assertThat(errors.get(0).get("level").asInt()).isEqualTo(40);

            JsonNode policy = s.client.get("/policy").body();
            assertThat(policy.get("flow").get(0).get("name").asText()).isEqualTo("PreventDuplicateTransitions");
            assertThat(policy.get("task").get(0).get("source").asText()).isEqualTo("core");
        }
    }

    private static List<String> names(ApiClient.Answer a) {
        assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(200);
        List<String> out = new ArrayList<>();
        a.body().forEach(n -> out.add(n.get("name").asText()));
        return out;
    }
}
