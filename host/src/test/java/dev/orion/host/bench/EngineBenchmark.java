package dev.orion.host.bench;

import dev.orion.api.Flow;
import dev.orion.api.Task;
import dev.orion.api.TaskFuture;
import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.engine.FlowRunOutcome;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Engine throughput with every state persisted to SQLite through the core policies: sequential
 * {@code call} of a trivial task (N = 1,000 and 10,000) and {@code map} of it (N = 10,000 and
 * 100,000, with peak heap), next to the raw bound of plain JDBC into the same kind of SQLite
 * database. Not a test: run with {@code scripts/bench/engine.sh}.
 */
public final class EngineBenchmark {

    static final Task<Integer> trivial = Task.of("trivial", (Integer i) -> i + 1);

    static final Flow<Integer> sequential = Flow.of("bench-sequential", (Integer n) -> {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += trivial.call(i);
        }
        return sum;
    });

    static final Flow<Integer> mapped = Flow.of("bench-mapped", (Integer n) -> {
        List<TaskFuture<Integer>> futures = trivial.map(IntStream.range(0, n).boxed().toList());
        int sum = 0;
        for (TaskFuture<Integer> f : futures) {
            sum += f.result();
        }
        return sum;
    });

    public static void main(String[] args) throws Exception {
        Path home = Files.createTempDirectory("orion-engine-bench");
        OrionSettings settings = OrionSettings.fromMap(Map.of("ORION_HOME", home.toString()));
        System.out.printf("JVM %s, %d cores, max heap %d MB, SQLite at %s%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                settings.databaseUrl());
        try (Orion orion = Orion.local(settings)) {
            run(orion, sequential, 2_000, "warm-up sequential");
            run(orion, mapped, 5_000, "warm-up mapped");
            run(orion, sequential, 1_000, "sequential call");
            run(orion, sequential, 10_000, "sequential call");
            run(orion, mapped, 10_000, "map");
            run(orion, mapped, 100_000, "map");
        }
        rawBound(home.resolve("raw.db"), 10_000);
    }

    private static void run(Orion orion, Flow<Integer> flow, int n, String label) throws InterruptedException {
        System.gc();
        HeapSampler heap = new HeapSampler();
        FlowRunOutcome out;
        try {
            out = orion.run(flow, Map.of("n", n));
        } finally {
            heap.stop();
        }
        if (!out.isCompleted()) {
            throw new IllegalStateException(label + " ended " + out.state().label() + ": " + out.state().message());
        }
        double secs = out.duration().toNanos() / 1e9;
        System.out.printf("%-20s N=%,7d  %8.0f task runs/s  (%.2f s, peak heap used %,d MB)%n", label, n, n / secs,
                secs, heap.peak() >> 20);
    }

    /** Samples the heap in use every 5 ms and keeps the highest value. */
    static final class HeapSampler {
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long peak;

        HeapSampler() {
            var memory = ManagementFactory.getMemoryMXBean();
            thread = Thread.ofPlatform().daemon().start(() -> {
                while (running) {
                    peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        long peak() {
            return peak;
        }
    }

    /** Plain JDBC into SQLite (WAL, synchronous=NORMAL): what the database alone can do. */
    private static void rawBound(Path file, int n) throws Exception {
        String url = "jdbc:sqlite:" + file + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=30000";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE run (id TEXT PRIMARY KEY, name TEXT, state TEXT, payload TEXT, updated TEXT)");
            String payload = "x".repeat(120);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO run VALUES (?, ?, ?, ?, ?)")) {
                c.setAutoCommit(false);
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    bind(ins, UUID.randomUUID().toString(), payload);
                    ins.addBatch();
                    if (i % 1000 == 999) {
                        ins.executeBatch();
                        c.commit();
                    }
                }
                ins.executeBatch();
                c.commit();
                report("raw: 1,000 rows/tx", n, t0);
                c.setAutoCommit(true);
                t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    bind(ins, UUID.randomUUID().toString(), payload);
                    ins.executeUpdate();
                }
                report("raw: 1 row/commit", n, t0);
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO run VALUES (?, ?, ?, ?, ?)");
                 PreparedStatement upd = c.prepareStatement("UPDATE run SET state = ?, updated = ? WHERE id = ?")) {
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    String id = UUID.randomUUID().toString();
                    bind(ins, id, payload);
                    ins.executeUpdate();
                    for (String state : new String[] {"RUNNING", "COMPLETED"}) {
                        upd.setString(1, state);
                        upd.setString(2, Instant.now().toString());
                        upd.setString(3, id);
                        upd.executeUpdate();
                    }
                }
                report("raw: insert+2 updates", n, t0);
            }
        }
    }

    private static void bind(PreparedStatement ins, String id, String payload) throws Exception {
        ins.setString(1, id);
        ins.setString(2, "task");
        ins.setString(3, "PENDING");
        ins.setString(4, payload);
        ins.setString(5, Instant.now().toString());
    }

    private static void report(String label, int n, long t0) {
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%-20s N=%,7d  %8.0f per s     (%.2f s)%n", label, n, n / secs, secs);
    }
}
