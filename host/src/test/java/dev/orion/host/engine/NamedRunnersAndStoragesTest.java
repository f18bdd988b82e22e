package dev.orion.host.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orion.api.Flow;
import dev.orion.api.OrionException;
import dev.orion.api.ResultStorage;
import dev.orion.api.Task;
import dev.orion.api.TaskFuture;
import dev.orion.api.TaskRunner;
import dev.orion.api.TaskRunnerSpec;
import dev.orion.host.orchestration.LocalOrchestrator;
import dev.orion.host.store.Database;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.util.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Task runners and result storages that plugins contribute, selected by a flow by name. */
class NamedRunnersAndStoragesTest {

    @TempDir
    Path dir;

    static final Task<Integer> square = Task.of("square", (Integer i) -> i * i).withPersistResult(true);

    /** A runner on a small pool of platform threads, counting what it was given. */
    static final class PoolRunner implements TaskRunner {
        final AtomicInteger submitted = new AtomicInteger();

        @Override
        public String name() {
            return "pool";
        }

        @Override
        public Session open(TaskRunnerSpec spec) {
            ExecutorService pool = Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().factory());
            return new Session() {
                @Override
                public void submit(Runnable work) {
                    submitted.incrementAndGet();
                    pool.execute(work);
                }

                @Override
                public void interruptAll() {
                    pool.shutdownNow();
                }
            };
        }
    }

    /** Results in memory. */
    static final class MemoryStorage implements ResultStorage {
        final Map<String, byte[]> documents = new ConcurrentHashMap<>();
        private final AtomicInteger next = new AtomicInteger();

        @Override
        public String name() {
            return "memory";
        }

        @Override
        public String write(byte[] document, boolean durable) {
            String key = "r" + next.getAndIncrement(); // tasks on the pool write at once
            documents.put(key, document);
            return key;
        }

        @Override
        public byte[] read(String key) {
            return documents.get(key);
        }
    }

    @Test
    void aFlowRunsItsTasksOnThePluginRunnerItNamesAndStoresResultsInTheStorageItNames() {
        var runner = new PoolRunner();
        var memory = new MemoryStorage();
        Flow<Integer> flow = Flow.of("squares", () -> square.map(IntStream.range(0, 5).boxed().toList()).stream()
                        .mapToInt(TaskFuture::result).sum())
                .withTaskRunner(TaskRunnerSpec.named("pool"))
                .withResultStorage("memory");
        try (Database db = TestDatabase.SQLITE.open(dir);
             var orchestrator = new LocalOrchestrator(db, Policies::none);
             var engine = new FlowEngine(orchestrator,
                     new Results(List.of(new LocalResultStorage(dir.resolve("s")), memory), "local", Json.MAPPER),
                     TaskRunners.with(List.of(runner)), Json.MAPPER, null)) {
            FlowRunOutcome out = engine.runArgs(flow);

            assertThat(out.result()).isEqualTo(30);
            assertThat(runner.submitted).hasValue(5);
            assertThat(out.state().resultRef()).startsWith("memory:");
            assertThat(memory.documents).hasSize(6);
            assertThat(engine.resultStorage().read(out.state().resultRef(), getClass().getClassLoader())).isEqualTo(30);
        }
    }

    @Test
    void aFlowNamingAnUnknownRunnerFailsBeforeAnyRunWithTheNamesThereAre() {
        try (var f = EngineFixture.open(EngineBackend.SQLITE_LOCAL, dir, Policies::none)) {
            Flow<Integer> flow = Flow.of("nowhere", () -> 1).withTaskRunner(TaskRunnerSpec.named("gpu"));

            assertThatThrownBy(() -> f.engine.runArgs(flow)).isInstanceOf(OrionException.class)
                    .hasMessageContaining("no task runner named 'gpu'").hasMessageContaining("[concurrent, sequential]");
            assertThat(f.flowRuns()).isEmpty();
        }
    }
}
