package dev.orion.host.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orion.api.RunKind;
import dev.orion.host.client.ApiCallException;
import dev.orion.host.client.ApiTransport;
import dev.orion.host.client.RunningServer;
import dev.orion.host.orchestration.rules.CorePolicies;
import dev.orion.host.store.Database;
import dev.orion.host.store.DeploymentRecord;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.util.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One set of rules for creating runs: the embedded orchestrator, the shared one and the HTTP
 * client (with the API behind it) refuse and default new runs alike, because they all ask
 * {@link NewRuns}.
 */
class NewRunsTest {

    /** Every way a run is created. */
    enum Mode {
        EMBEDDED, SHARED, REMOTE
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aFlowRunMustNameItsFlowAndIsGivenANameWhenItHasNone(Mode mode) {
        with(mode, orchestrator -> {
            assertThatThrownBy(() -> orchestrator.createRun(RunRow.builder(UUID.randomUUID(), RunKind.FLOW).build()))
                    .isInstanceOf(NewRuns.InvalidRunException.class)
                    .hasMessage("a flow run needs the name of its flow");

            RunRow flowRun = orchestrator.createRun(flowRun("etl"));
            assertThat(flowRun.name()).isNotBlank();
            assertThat(flowRun.flowName()).isEqualTo("etl");
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aTaskRunMustNameItsFlowRunAndTaskAndIsOtherwiseTheFirstCallOfItsTask(Mode mode) {
        with(mode, orchestrator -> {
            RunRow flowRun = orchestrator.createRun(flowRun("etl"));
            RunRow.Builder noKey = RunRow.builder(UUID.randomUUID(), RunKind.TASK);
            noKey.flowRunId = flowRun.id();
            noKey.flowName = "etl";
            assertThatThrownBy(() -> orchestrator.createRun(noKey.build()))
                    .isInstanceOf(NewRuns.InvalidRunException.class)
                    .hasMessage("a task run needs its task key ('task_key')");
            RunRow.Builder noFlowRun = RunRow.builder(UUID.randomUUID(), RunKind.TASK);
            noFlowRun.taskKey = "extract";
            assertThatThrownBy(() -> orchestrator.createRun(noFlowRun.build()))
                    .isInstanceOf(NewRuns.InvalidRunException.class)
                    .hasMessage("a task run needs its flow run ('flow_run_id')");

            RunRow.Builder bare = RunRow.builder(UUID.randomUUID(), RunKind.TASK);
            bare.flowRunId = flowRun.id();
            bare.flowName = "etl";
            bare.taskKey = "extract";
            RunRow taskRun = orchestrator.createRun(bare.build());
            assertThat(taskRun.dynamicKey()).isEqualTo(NewRuns.FIRST_DYNAMIC_KEY);
            assertThat(taskRun.name()).isEqualTo("extract-0");
        });
    }

    @Test
    void theApiRefusesATaskRunWithoutATaskKeyWithTheSameWords() {
        try (RunningServer server = RunningServer.start(TestDatabase.SQLITE, dir)) {
            ApiTransport api = new ApiTransport(server.url(), Optional.empty(), Duration.ZERO);
            assertThatThrownBy(() -> api.post("/task_runs/", Map.of("flow_run_id", UUID.randomUUID().toString())))
                    .isInstanceOfSatisfying(ApiCallException.class, e -> assertThat(e.status()).isEqualTo(422))
                    .hasMessageContaining("a task run needs its task key ('task_key')");
        }
    }

    @Test
    void aDeploymentsRunTakesItsDefaultsWithTheGivenParametersOnTop() {
        DeploymentRecord d = new DeploymentRecord(UUID.randomUUID(), "nightly", UUID.randomUUID(), "etl", null,
                "etl.js:etl", null, null, true, "{\"n\": 2, \"mode\": \"full\"}", Set.of("night"), "etl", null, null);

        RunRow run = NewRuns.fromDeployment(d, Json.MAPPER.valueToTree(Map.of("n", 5)), null, null).build();

        assertThat(Json.read(run.parameters(), Map.class)).isEqualTo(Map.of("n", 5, "mode", "full"));
        assertThat(run.tags()).containsExactly("night");
        assertThat(run.workQueueName()).isEqualTo("etl");
        assertThat(run.deploymentId()).isEqualTo(d.id());
        assertThat(run.flowName()).isEqualTo("etl");
    }

    private static RunRow flowRun(String flow) {
        RunRow.Builder b = RunRow.builder(UUID.randomUUID(), RunKind.FLOW);
        b.flowName = flow;
        return b.build();
    }

    private void with(Mode mode, Consumer<Orchestrator> body) {
        switch (mode) {
            case EMBEDDED -> {
                try (Database db = TestDatabase.SQLITE.open(dir); var o = new LocalOrchestrator(db)) {
                    body.accept(o);
                }
            }
            case SHARED -> {
                try (Database db = TestDatabase.SQLITE.open(dir);
                     var o = new StoreOrchestrator(db, CorePolicies::policySet, List.of())) {
                    body.accept(o);
                }
            }
            case REMOTE -> {
                try (RunningServer server = RunningServer.start(TestDatabase.SQLITE, dir); var o = server.orchestrator()) {
                    body.accept(o);
                }
            }
        }
    }
}
