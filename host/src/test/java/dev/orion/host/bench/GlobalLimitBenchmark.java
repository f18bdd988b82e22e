package dev.orion.host.bench;

import dev.orion.api.Concurrency;
import dev.orion.api.Flow;
import dev.orion.api.Task;
import dev.orion.api.TaskFuture;
import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.client.RunningServer;
import dev.orion.host.cli.Main;
import dev.orion.host.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * How long 10 concurrent tasks of T ms take through a global limit of 2: ideally 5 rounds of T
 * (a waiter wakes the moment a slot frees), not rounds of Retry-After. Embedded (SQLite) and
 * through {@code orion server}. Prints wall / (5 × T). Not a test: run with
 * {@code scripts/bench/global-limits.sh}.
 */
public final class GlobalLimitBenchmark {

    static final int TASK_MILLIS = 200;

    static final Task<Integer> WORK = Task.of("work", (Integer i) -> {
        try (var slot = Concurrency.occupy("db", 1)) {
            Thread.sleep(TASK_MILLIS);
        }
        return i;
    });
    static final Flow<Integer> TEN = Flow.of("ten", () -> {
        List<TaskFuture<Integer>> futures = IntStream.range(0, 10).mapToObj(i -> WORK.submit(i)).toList();
        return futures.stream().mapToInt(TaskFuture::result).sum();
    });

    private GlobalLimitBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("orion-bench-limits");
        Map<String, String> embedded = Map.of("ORION_HOME", dir.resolve("embedded").toString());
        Main.run(new String[] {"global-concurrency-limit", "create", "db", "--limit", "2"}, System.out, System.err, embedded);
        try (Orion orion = Orion.local(OrionSettings.fromMap(embedded))) {
            report("embedded (SQLite)", orion);
        }
        try (RunningServer server = RunningServer.start(TestDatabase.SQLITE, dir.resolve("server"))) {
            Map<String, String> remote = server.clientEnv(dir);
            Main.run(new String[] {"global-concurrency-limit", "create", "db", "--limit", "2"}, System.out, System.err, remote);
            try (Orion orion = Orion.local(OrionSettings.fromMap(remote))) {
                report("through orion server", orion);
            }
        }
    }

    private static void report(String what, Orion orion) {
        orion.run(TEN, Map.of()); // warm-up
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            orion.run(TEN, Map.of());
            best = Math.min(best, (System.nanoTime() - start) / 1e6);
        }
        System.out.printf("%-22s 10 tasks x %d ms, limit 2: best of 3 %.0f ms = %.2f x the ideal 5 rounds%n",
                what, TASK_MILLIS, best, best / (5.0 * TASK_MILLIS));
    }
}
