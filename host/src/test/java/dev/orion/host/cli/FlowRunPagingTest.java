package dev.orion.host.cli;

import static dev.orion.host.cli.RunCommandTest.execute;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.Flow;
import dev.orion.api.Task;
import dev.orion.api.TaskFuture;
import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.store.TestDatabase;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #21: {@code orion flow-run inspect} of a run with many task runs shows a page of them and counts them all. */
class FlowRunPagingTest {

    static final Task<Integer> plusOne = Task.of("plus-one", (Integer i) -> i + 1);

    static final Flow<Integer> many = Flow.of("many", (Integer n) ->
            plusOne.map(IntStream.range(0, n).boxed().toList()).stream().mapToInt(TaskFuture::result).sum());

    @TempDir
    Path dir;

    @Test
    void inspectOfARunWithFiveThousandTaskRunsShowsAPageAndCountsThemAll() {
        OrionSettings settings = OrionSettings.fromMap(Map.of("ORION_HOME", dir.toString(),
                "ORION_DATABASE_URL", TestDatabase.SQLITE.url(dir)));
        String id;
        try (Orion orion = Orion.local(settings)) {
            var outcome = orion.run(many, Map.of("n", 5_000));
            assertThat(outcome.isCompleted()).as(outcome.state().label()).isTrue();
            id = outcome.flowRunId().toString();
        }

        var first = execute(new FlowRunCommand(() -> settings), "inspect", id, "--json");
        assertThat(first.exit()).as(first.err()).isZero();
        JsonNode page = first.json();
        assertThat(page.get("task_runs")).hasSize(1_000);
        assertThat(page.get("task_runs_total").asLong()).isEqualTo(5_000);
        assertThat(page.get("task_runs").get(0).get("name").asText()).isEqualTo("plus-one-0");

        var last = execute(new FlowRunCommand(() -> settings), "inspect", id, "--json", "--offset", "4990", "--limit", "100");
        assertThat(last.json().get("task_runs")).hasSize(10);
        assertThat(last.json().get("task_runs_offset").asLong()).isEqualTo(4_990);

        var text = execute(new FlowRunCommand(() -> settings), "inspect", id, "--limit", "20");
        assertThat(text.out()).contains("Task runs (1-20 of 5000; --offset and --limit show others):")
                .contains("plus-one-19").doesNotContain("plus-one-20 ");
    }
}
