package dev.orion.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orion.api.Flow;
import dev.orion.api.RunKind;
import dev.orion.api.Task;
import dev.orion.api.TaskFuture;
import dev.orion.api.StateType;
import dev.orion.host.cli.Main;
import dev.orion.host.client.OrionClient;
import dev.orion.host.client.RemoteClient;
import dev.orion.host.client.RunningServer;
import dev.orion.host.engine.FlowRunOutcome;
import dev.orion.host.store.ConcurrencyLimitStore;
import dev.orion.host.store.RunStore;
import dev.orion.host.store.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OrionTest {

    @TempDir
    Path dir;

    static final Task<Integer> square = Task.of("square", (Integer x) -> x * x);
    static final Flow<Integer> sumOfSquares = Flow.of("sum-of-squares", (List<Integer> xs) ->
            square.map(xs).stream().mapToInt(TaskFuture::result).sum());

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void runsFlowsInTheEmbeddingProcessWithTheSameStoreAsTheCli(TestDatabase db) throws Exception {
        OrionSettings settings = OrionSettings.fromMap(Map.of("ORION_HOME", dir.toString(),
                "ORION_DATABASE_URL", db.url(dir)));
        try (Orion orion = Orion.local(settings)) {
            FlowRunOutcome out = orion.run(sumOfSquares, Map.of("xs", List.of(1, 2, 3)));
            int direct = sumOfSquares.call(List.of(4));

            assertThat(out.result()).isEqualTo(14);
            assertThat(direct).isEqualTo(16);
            assertThat(orion.call(sumOfSquares, List.of(2))).isEqualTo(4);
            String ref = orion.orchestrator().readRun(out.flowRunId(), RunKind.FLOW).orElseThrow().state().resultRef();
            assertThat(orion.engine().resultStorage().read(ref, getClass().getClassLoader())).isEqualTo(14);
            assertThatThrownBy(() -> orion.run(sumOfSquares, Map.of("xs", "not a list")))
                    .hasMessageContaining("parameter 'xs' of flow 'sum-of-squares' must be");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theLibrarySpeaksTheClientInterfaceOfItsModeOnTheSameStoreAsTheCli(TestDatabase db) throws Exception {
        Map<String, String> env = Map.of("ORION_HOME", dir.toString(), "ORION_DATABASE_URL", db.url(dir));
        try (Orion orion = Orion.local(OrionSettings.fromMap(env))) {
            FlowRunOutcome out = orion.run(sumOfSquares, Map.of("xs", List.of(1, 2)));
            OrionClient client = orion.client();

            assertThat(client.flowRuns(10, StateType.COMPLETED, "sum-of-squares")).extracting(r -> r.id())
                    .containsExactly(out.flowRunId());
            assertThat(client.taskRuns(out.flowRunId())).extracting(r -> r.name()).contains("square-0", "square-1");
            assertThat(client.policy().flow()).isNotEmpty();
            client.upsertLimit("cpu", 1);
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        assertThat(Main.run(new String[] {"concurrency-limit", "ls"}, new PrintStream(printed, true, StandardCharsets.UTF_8),
                System.err, env)).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("cpu");
    }

    @Test
    void withAnApiUrlTheLibrarysClientIsTheServers() {
        try (RunningServer server = RunningServer.start(TestDatabase.SQLITE, dir.resolve("server"));
             Orion orion = Orion.local(OrionSettings.fromMap(server.clientEnv(dir)))) {
            FlowRunOutcome out = orion.run(sumOfSquares, Map.of("xs", List.of(3)));

            assertThat(orion.client()).isInstanceOf(RemoteClient.class);
            assertThat(orion.client().flowRun(out.flowRunId())).isPresent();
            assertThat(new RunStore(server.db).findRun(out.flowRunId(), RunKind.FLOW)).isPresent();
            orion.client().upsertLimit("io", 2);
            assertThat(new ConcurrencyLimitStore(server.db).find("io")).isPresent();
        }
    }
}
