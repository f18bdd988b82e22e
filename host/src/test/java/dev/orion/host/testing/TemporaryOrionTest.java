package dev.orion.host.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.Flow;
import dev.orion.api.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TemporaryOrionTest {

    @Test
    void describesWhatARunDidWithTheRuleBehindEachStateAndDeletesItsStoreWhenClosed() {
        AtomicInteger attempts = new AtomicInteger();
        Task<Integer> flaky = Task.of("flaky", (Integer x) -> {
            if (attempts.getAndIncrement() == 0) {
                throw new IllegalStateException("first attempt fails");
            }
            return x * 2;
        }).withRetries(1, Duration.ofHours(1));
        Flow<Integer> twice = Flow.of("twice", (Integer x) -> flaky.call(x));
        Path home;
        Map<String, Object> run;
        try (TemporaryOrion orion = TemporaryOrion.create()) {
            home = orion.settings().home();
            assertThat(home).isDirectory();
            run = orion.runFlow(twice, Map.of("x", 21));
        }

        assertThat(Files.exists(home)).as("the temporary store is deleted").isFalse();
        assertThat(run.get("result")).isEqualTo(42);
        assertThat(run).extractingByKey("state").extracting("name").isEqualTo("Completed");
        @SuppressWarnings("unchecked")
        Map<String, Object> task = ((List<Map<String, Object>>) run.get("taskRuns")).getFirst();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> states = (List<Map<String, Object>>) task.get("states");
        assertThat(states).extracting(s -> s.get("name"))
                .containsExactly("Pending", "Running", "AwaitingRetry", "Retrying", "Completed");
        assertThat(states.get(2)).containsEntry("rule", "RetryFailedTasks");
    }
}
