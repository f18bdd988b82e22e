package dev.orion.host.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link RunStore} on real SQLite and PostgreSQL, shared by several processes' stores. */
class RunStoreTest {

    /** Flows each thread creates in the same order as the others, so that they meet on each. */
    private static final int FLOWS = 40;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void manyThreadsOfTwoProcessesCreatingTheSameFlowsAtOnceAllGetEachFlowsOneId(TestDatabase kind) throws Exception {
        String url = kind.url(dir);
        int threads = 16;
        try (Database first = Database.open(url); Database second = Database.open(url)) {
            List<RunStore> stores = List.of(new RunStore(first), new RunStore(second));
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<UUID>>> ids = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    RunStore store = stores.get(i % 2);
                    ids.add(pool.submit(() -> {
                        start.await();
                        List<UUID> mine = new ArrayList<>();
                        for (int f = 0; f < FLOWS; f++) {
                            mine.add(store.ensureFlow("etl-" + f));
                        }
                        return mine;
                    }));
                }
                start.countDown();
                List<List<UUID>> got = new ArrayList<>();
                for (Future<List<UUID>> id : ids) {
                    got.add(id.get());
                }

                for (int f = 0; f < FLOWS; f++) {
                    UUID stored = stores.get(0).findFlowId("etl-" + f).orElseThrow();
                    int flow = f;
                    assertThat(got).as("flow etl-%d", f).allSatisfy(mine -> assertThat(mine.get(flow)).isEqualTo(stored));
                    assertThat(stores.get(1).findFlowId("etl-" + f)).contains(stored);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
