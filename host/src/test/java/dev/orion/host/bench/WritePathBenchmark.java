package dev.orion.host.bench;

import dev.orion.api.Flow;
import dev.orion.api.TaskFuture;
import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.engine.FlowRunOutcome;
import dev.orion.host.util.Ids;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The write path of issue #21: {@code map} of N trivial task runs embedded on SQLite, with the
 * CPU the thread {@code orion-store-writer} spent per task run, and the raw batched bound in the
 * same process (plain sqlite-jdbc, one thread, 1,000 task runs per transaction, time-ordered
 * ids, 7 statements per task run: an insert, three state inserts, three updates). Not a test:
 * run with {@code scripts/bench/write-path.sh [N] [rounds]}.
 */
public final class WritePathBenchmark {

    static final Flow<Integer> mapped = Flow.of("bench-write-path", (Integer n) -> {
        List<TaskFuture<Integer>> futures = EngineBenchmark.trivial.map(IntStream.range(0, n).boxed().toList());
        int sum = 0;
        for (TaskFuture<Integer> f : futures) {
            sum += f.result();
        }
        return sum;
    });

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path home = Files.createTempDirectory("orion-write-path-bench");
        OrionSettings settings = OrionSettings.fromMap(Map.of("ORION_HOME", home.toString()));
        System.out.printf("JVM %s, %d cores, max heap %d MB, SQLite at %s%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                settings.databaseUrl());
        try (Orion orion = Orion.local(settings)) {
            run(orion, 5_000, "warm-up map");
            run(orion, 20_000, "warm-up map");
            for (int i = 0; i < rounds; i++) {
                run(orion, n, "map");
            }
        }
        for (int i = 0; i < rounds; i++) {
            rawBound(home.resolve("raw-" + i + ".db"), n);
        }
    }

    private static void run(Orion orion, int n, String label) {
        System.gc();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long writer = writerThreadId();
        long writerCpu0 = threads.getThreadCpuTime(writer);
        long processCpu0 = processCpuNanos();
        FlowRunOutcome out = orion.run(mapped, Map.of("n", n));
        long writerCpu = threads.getThreadCpuTime(writer) - writerCpu0;
        long processCpu = processCpuNanos() - processCpu0;
        if (!out.isCompleted()) {
            throw new IllegalStateException(label + " ended " + out.state().label() + ": " + out.state().message());
        }
        double secs = out.duration().toNanos() / 1e9;
        System.out.printf("%-12s N=%,8d  %8.0f task runs/s  (%.2f s; writer CPU %.1f us/task run, %.0f %% of wall;"
                        + " process CPU %.1f us/task run)%n", label, n, n / secs, secs, writerCpu / 1e3 / n,
                100.0 * writerCpu / out.duration().toNanos(), processCpu / 1e3 / n);
    }

    private static long writerThreadId() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("orion-store-writer"))
                .findFirst().orElseThrow(() -> new IllegalStateException("no thread orion-store-writer")).threadId();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Plain JDBC, one thread: per task run an insert of its row, three state inserts and three
     * updates of its row, 1,000 task runs per transaction with addBatch/executeBatch.
     */
    private static void rawBound(Path file, int n) throws Exception {
        String url = "jdbc:sqlite:" + file + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=30000";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE task_run (id TEXT PRIMARY KEY, flow_run_id TEXT, name TEXT, task_key TEXT,"
                    + " state_type TEXT, state_name TEXT, state_timestamp INTEGER, state_details TEXT, updated INTEGER)");
            s.execute("CREATE INDEX ix_task_run_state_type ON task_run (state_type)");
            s.execute("CREATE TABLE run_state (id TEXT PRIMARY KEY, run_id TEXT, type TEXT, name TEXT,"
                    + " timestamp INTEGER, details TEXT)");
            s.execute("CREATE INDEX ix_run_state_run ON run_state (run_id, timestamp)");
            String flowRun = Ids.next().toString();
            String details = "{\"cache_key\":null,\"retry\":0}";
            String[][] states = {{"PENDING", "Pending"}, {"RUNNING", "Running"}, {"COMPLETED", "Completed"}};
            c.setAutoCommit(false);
            try (PreparedStatement run = c.prepareStatement("INSERT INTO task_run VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement state = c.prepareStatement("INSERT INTO run_state VALUES (?, ?, ?, ?, ?, ?)");
                 PreparedStatement update = c.prepareStatement("UPDATE task_run SET state_type = ?, state_name = ?,"
                         + " state_timestamp = ?, state_details = ?, updated = ? WHERE id = ?")) {
                long t0 = System.nanoTime();
                long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    String id = Ids.next().toString();
                    long now = System.currentTimeMillis() * 1000;
                    run.setString(1, id);
                    run.setString(2, flowRun);
                    run.setString(3, "trivial-" + i);
                    run.setString(4, "trivial");
                    run.setNull(5, java.sql.Types.VARCHAR);
                    run.setNull(6, java.sql.Types.VARCHAR);
                    run.setNull(7, java.sql.Types.BIGINT);
                    run.setNull(8, java.sql.Types.VARCHAR);
                    run.setLong(9, now);
                    run.addBatch();
                    for (String[] st : states) {
                        state.setString(1, Ids.next().toString());
                        state.setString(2, id);
                        state.setString(3, st[0]);
                        state.setString(4, st[1]);
                        state.setLong(5, now);
                        state.setString(6, details);
                        state.addBatch();
                        update.setString(1, st[0]);
                        update.setString(2, st[1]);
                        update.setLong(3, now);
                        update.setString(4, details);
                        update.setLong(5, now);
                        update.setString(6, id);
                        update.addBatch();
                    }
                    if (i % 1000 == 999) {
                        run.executeBatch();
                        state.executeBatch();
                        update.executeBatch();
                        c.commit();
                    }
                }
                run.executeBatch();
                state.executeBatch();
                update.executeBatch();
                c.commit();
                double secs = (System.nanoTime() - t0) / 1e9;
                long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0;
                System.out.printf("%-12s N=%,8d  %8.0f task runs/s  (%.2f s; its thread's CPU %.1f us/task run;"
                        + " 7 statements per task run, 1,000 task runs per transaction)%n", "raw batched", n, n / secs,
                        secs, cpu / 1e3 / n);
            }
        }
    }
}
