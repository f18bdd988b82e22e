package dev.orion.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orion.api.Flow;
import dev.orion.api.RunKind;
import dev.orion.api.Task;
import dev.orion.api.TaskFuture;
import dev.orion.host.engine.FlowRunOutcome;
import dev.orion.host.store.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
}
