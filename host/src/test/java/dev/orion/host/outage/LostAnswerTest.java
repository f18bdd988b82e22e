package dev.orion.host.outage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.Flow;
import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.api.Task;
import dev.orion.host.client.ApiTransport;
import dev.orion.host.client.HttpOrchestrator;
import dev.orion.host.client.RunningServer;
import dev.orion.host.engine.EngineListener;
import dev.orion.host.engine.FlowEngine;
import dev.orion.host.engine.Results;
import dev.orion.host.services.FlowResolver;
import dev.orion.host.services.Worker;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.util.Ids;
import dev.orion.host.util.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Answers lost on the way back (a proxy forwards the request and drops the response): a
 * repeated state proposal gets its first decision and makes no second transition; a run whose
 * claim answer was lost is executed by the worker that claimed it, at its next poll.
 */
class LostAnswerTest {

    @TempDir
    Path dir;

    static final AtomicInteger executions = new AtomicInteger();
    static final Task<Integer> once = Task.of("once", (Integer x) -> {
        executions.incrementAndGet();
        return x + 1;
    });
    static final Flow<Integer> claimed = Flow.of("claimed", (Integer n) -> once.call(n));

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aProposalRepeatedAfterItsAnswerWasLostGetsTheSameDecisionAndMakesNoSecondTransition(TestDatabase database)
            throws Exception {
        try (RunningServer server = RunningServer.start(database, dir);
             AnswerDroppingProxy proxy = AnswerDroppingProxy.to("http://127.0.0.1:" + server.server.port())) {
            ApiTransport api = new ApiTransport(proxy.apiUrl(), Optional.empty(), Duration.ofMinutes(1));
            String flowId = api.post("/flows/", Map.of("name", "lost")).get("id").asText();
            String run = api.post("/flow_runs/", Map.of("flow_id", flowId, "empirical_policy",
                    Map.of("retries", 1, "retry_delay", 0))).get("id").asText();
            setState(api, run, "PENDING", Ids.next());
            setState(api, run, "RUNNING", Ids.next());

            // Failed with a retry left is rejected into AwaitingRetry; the client never hears it and sends it again.
            proxy.dropAnswers(1, s -> s.path().endsWith("/set_state"));
            JsonNode failed = setState(api, run, "FAILED", Ids.next());
            assertThat(proxy.dropped).hasSize(1);
            assertThat(failed.get("status").asText()).isEqualTo("REJECT");
            assertThat(failed.path("state").get("name").asText()).isEqualTo("AwaitingRetry");

            setState(api, run, "PENDING", Ids.next());
            setState(api, run, "RUNNING", Ids.next());
            proxy.dropAnswers(1, s -> s.path().endsWith("/set_state"));
            JsonNode completed = setState(api, run, "COMPLETED", Ids.next());
            assertThat(proxy.dropped).hasSize(2);
            assertThat(completed.get("status").asText()).isEqualTo("ACCEPT");

            JsonNode states = api.get("/flow_run_states/?flow_run_id=" + run);
            assertThat(states.findValuesAsText("name")).containsExactly(
                    "Pending", "Running", "AwaitingRetry", "Pending", "Running", "Completed");
            JsonNode decisions = api.get("/flow_runs/" + run + "/decisions");
            assertThat(decisions.findValuesAsText("proposed_type").stream().filter("FAILED"::equals)).hasSize(1);
            assertThat(decisions.findValuesAsText("proposed_type").stream().filter("COMPLETED"::equals)).hasSize(1);
        }
    }

    private static JsonNode setState(ApiTransport api, String run, String type, UUID proposalId) {
        return api.post("/flow_runs/" + run + "/set_state", Map.of("state", Map.of("type", type),
                "orion_proposal_id", proposalId.toString()));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aRunWhoseClaimAnswerWasLostIsExecutedByItsWorkerAtTheNextPollNotCrashed(TestDatabase database)
            throws Exception {
        executions.set(0);
        try (RunningServer server = RunningServer.start(database, dir);
             AnswerDroppingProxy proxy = AnswerDroppingProxy.to("http://127.0.0.1:" + server.server.port());
             HttpOrchestrator direct = server.orchestrator();
             HttpOrchestrator viaProxy = new HttpOrchestrator(new ApiTransport(proxy.apiUrl(), Optional.empty(),
                     Duration.ofMinutes(1)))) {
            String flowId = direct.api().post("/flows/", Map.of("name", "claimed")).get("id").asText();
            String deployment = direct.api().post("/deployments/", Map.of("name", "claimed-dep", "flow_id", flowId,
                    "work_queue_name", "q", "entrypoint", "test:claimed", "parameters", Map.of("n", 1)))
                    .get("id").asText();
            UUID run = UUID.fromString(direct.api().post("/deployments/" + deployment + "/create_flow_run", Map.of())
                    .get("id").asText());
            proxy.dropAnswers(1, s -> s.path().endsWith("/get_runs"));

            FlowEngine engine = new FlowEngine(viaProxy, new Results(dir.resolve("storage"), Json.MAPPER), Json.MAPPER,
                    EngineListener.NONE);
            FlowResolver resolver = (entrypoint, name) -> new FlowResolver.Resolved(claimed,
                    LostAnswerTest.class.getClassLoader());
            try (Worker worker = Worker.start(viaProxy, engine, resolver,
                    new Worker.Options("q", 2, Duration.ofMillis(100), Duration.ofMillis(500), "w1"), Worker.Listener.NONE)) {
                await(() -> state(direct, run) == StateType.COMPLETED, Duration.ofSeconds(60));
            }
            assertThat(proxy.dropped).extracting(AnswerDroppingProxy.Seen::path).singleElement()
                    .satisfies(p -> assertThat(p).endsWith("/get_runs"));
            assertThat(direct.readStates(run, RunKind.FLOW)).extracting(s -> s.state().name())
                    .containsExactly("Scheduled", "Pending", "Running", "Completed");
            assertThat(direct.readRun(run, RunKind.FLOW).orElseThrow().infrastructurePid()).isEqualTo("worker:w1");
            assertThat(executions).hasValue(1);
        }
    }

    static StateType state(HttpOrchestrator api, UUID run) {
        return api.readRun(run, RunKind.FLOW).orElseThrow().state().type();
    }

    static void await(BooleanSupplier condition, Duration within) throws InterruptedException {
        DatabaseOutageTest.await(condition, within);
    }
}
