package dev.orion.host.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.host.store.Database;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.RunStore;
import dev.orion.host.store.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Two orchestrators on one database stand for two servers sharing it. */
class StoreOrchestratorTest {

    @TempDir
    Path dir;

    private static final PolicySet NO_RULES = new PolicySet(List.of(), List.of(), List.of(), List.of());

    /** Several servers share PostgreSQL; SQLite is one server's database (its writers would take turns). */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = "POSTGRESQL")
    void twoServersProposingOnTheSameRunsLoseNoTransition(TestDatabase kind) throws Exception {
        String url = kind.url(dir);
        try (Database a = Database.open(url); Database b = Database.open(url);
             var serverA = new StoreOrchestrator(a, () -> NO_RULES, List.of());
             var serverB = new StoreOrchestrator(b, () -> NO_RULES, List.of())) {
            List<UUID> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                RunRow.Builder r = RunRow.builder(UUID.randomUUID(), RunKind.FLOW);
                r.flowName = "shared";
                runs.add(serverA.createRun(r.build()).id());
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                StoreOrchestrator server = t % 2 == 0 ? serverA : serverB;
                futures.add(pool.submit(() -> {
                    for (int n = 0; n < 48; n++) {
                        UUID id = runs.get(n % runs.size());
                        assertThat(server.propose(id, RunKind.FLOW, State.running(), false).isAccepted()).isTrue();
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            RunStore store = new RunStore(a);
            for (UUID id : runs) {
                assertThat(store.states(id)).hasSize(8 * 12);
                assertThat(store.findRun(id, RunKind.FLOW).orElseThrow().runCount()).isEqualTo(8 * 12);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void creatingTheSameTaskRunOnTwoServersGivesOneRun(TestDatabase kind) {
        String url = kind.url(dir);
        try (Database a = Database.open(url); Database b = Database.open(url);
             var serverA = new StoreOrchestrator(a, () -> NO_RULES, List.of());
             var serverB = new StoreOrchestrator(b, () -> NO_RULES, List.of())) {
            RunRow.Builder f = RunRow.builder(UUID.randomUUID(), RunKind.FLOW);
            f.flowName = "shared";
            UUID flowRun = serverA.createRun(f.build()).id();
            RunRow first = serverA.createRun(aTask(flowRun));
            RunRow second = serverB.createRun(aTask(flowRun));
            assertThat(second.id()).isEqualTo(first.id());
            assertThat(first.flowName()).isEqualTo("shared");
            assertThat(serverB.createRun(first)).isEqualTo(serverA.readRun(first.id(), RunKind.TASK).orElseThrow());

            RunRow orphan = aTask(UUID.randomUUID());
            assertThatThrownBy(() -> serverA.createRun(orphan)).isInstanceOf(NoSuchRunException.class);
            assertThat(serverA.readRun(orphan.id(), RunKind.TASK)).isEmpty();
        }
    }

    private static RunRow aTask(UUID flowRun) {
        RunRow.Builder t = RunRow.builder(UUID.randomUUID(), RunKind.TASK);
        t.flowRunId = flowRun;
        t.taskKey = "extract";
        t.dynamicKey = "0";
        return t.build();
    }
}
