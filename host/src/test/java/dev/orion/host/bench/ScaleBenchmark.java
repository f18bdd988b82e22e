package dev.orion.host.bench;

import dev.orion.api.Flow;
import dev.orion.api.Task;
import dev.orion.api.TaskFuture;
import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.engine.FlowRunOutcome;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Issue #21's scale benchmark: one flow mapping N trivial task runs (default 1,000,000) in the
 * heap it is given, with task runs/s, peak heap used, heap per in-flight task run and the store
 * writer thread's CPU per task run; K flows mapping N/K each at once; the raw batched JDBC bound
 * in the same process; and, given a server's API URL, a map of 100,000 over the server. Not a
 * test: run with {@code scripts/bench/scale.sh}.
 *
 * <p>Arguments: {@code [N] [K] [API URL] [N over the server] [N of the K flows together]}.
 */
public final class ScaleBenchmark {

    static final Task<Integer> trivial = Task.of("trivial", (Integer i) -> i + 1);

    static final Flow<Long> mapped = Flow.of("bench-scale-map", (Integer n) -> {
        List<TaskFuture<Integer>> futures = trivial.map(IntStream.range(0, n).boxed().toList());
        long sum = 0;
        for (TaskFuture<Integer> f : futures) {
            sum += f.result();
        }
        return sum;
    });

    private static final String WRITER_THREAD = "orion-store-writer";
    /** How many task runs of one flow run may be unfinished at once (FlowRunScope's window). */
    private static final int WINDOW = 10_000;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        int k = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        String apiUrl = args.length > 2 && !args[2].isBlank() ? args[2] : null;
        int serverN = args.length > 3 ? Integer.parseInt(args[3].replace("_", "")) : 100_000;
        int flowsN = args.length > 4 ? Integer.parseInt(args[4].replace("_", "")) : n;
        Path home = Files.createTempDirectory("orion-scale-bench");
        System.out.printf("JVM %s, %d cores, max heap %d MB, home %s%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, home);

        rawBound(home.resolve("raw.db"), Math.min(n, 200_000));
        try (Orion orion = Orion.local(OrionSettings.fromMap(Map.of("ORION_HOME", home.resolve("embedded").toString())))) {
            runFlows(orion, Math.min(n, 20_000), 1, "warm-up");
            runFlows(orion, n, 1, "embedded, 1 flow");
            runFlows(orion, flowsN, k, "embedded, " + k + " flows");
        }
        if (apiUrl != null) {
            try (Orion orion = Orion.local(OrionSettings.fromMap(Map.of("ORION_HOME", home.resolve("client").toString(),
                    "ORION_API_URL", apiUrl)))) {
                runFlows(orion, Math.min(serverN, 5_000), 1, "server warm-up");
                runFlows(orion, serverN, 1, "server, 1 flow");
            }
        }
    }

    /** {@code flows} flow runs at once, each mapping {@code n / flows} task runs. */
    private static void runFlows(Orion orion, int n, int flows, String label) throws Exception {
        int each = n / flows;
        System.gc();
        long baseline = usedHeap();
        long writerBefore = writerCpuNanos();
        EngineBenchmark.HeapSampler heap = new EngineBenchmark.HeapSampler();
        long t0 = System.nanoTime();
        List<FlowRunOutcome> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<FlowRunOutcome>> futures = new ArrayList<>();
            for (int i = 0; i < flows; i++) {
                Callable<FlowRunOutcome> run = () -> orion.run(mapped, Map.of("n", each));
                futures.add(pool.submit(run));
            }
            for (Future<FlowRunOutcome> f : futures) {
                outcomes.add(f.get());
            }
        } finally {
            heap.stop();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        for (FlowRunOutcome out : outcomes) {
            if (!out.isCompleted()) {
                throw new IllegalStateException(label + " ended " + out.state().label() + ": " + out.state().message());
            }
        }
        long total = (long) each * flows;
        long writerCpu = writerCpuNanos() - writerBefore;
        long inFlight = Math.min(total, (long) WINDOW * flows);
        System.out.printf("%-22s N=%,9d  %8.0f task runs/s  (%.1f s)  peak heap used %,d MB  "
                        + "heap per in-flight task run %,d B  writer CPU %.1f µs per task run%n",
                label, total, total / secs, secs, heap.peak() >> 20,
                Math.max(0, heap.peak() - baseline) / inFlight,
                writerCpu < 0 ? Double.NaN : writerCpu / 1e3 / total);
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** CPU time of the store's writer thread(s) so far; -1 when there is none in this process. */
    private static long writerCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        boolean found = false;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(WRITER_THREAD)) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    sum += cpu;
                    found = true;
                }
            }
        }
        return found ? sum : -1;
    }

    /**
     * Plain sqlite-jdbc, one thread, 1,000 task runs per transaction with addBatch/executeBatch and
     * time-ordered ids: per task run an insert, three state inserts and three updates.
     */
    private static void rawBound(Path file, int n) throws Exception {
        String url = "jdbc:sqlite:" + file + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=30000";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE task_run (id TEXT PRIMARY KEY, flow_run_id TEXT, name TEXT, state_type TEXT, "
                    + "state_name TEXT, state_timestamp INTEGER, run_count INTEGER, task_inputs TEXT)");
            s.execute("CREATE TABLE run_state (id TEXT PRIMARY KEY, run_id TEXT, type TEXT, name TEXT, "
                    + "timestamp INTEGER, details TEXT)");
            s.execute("CREATE INDEX run_state_run ON run_state (run_id, timestamp)");
            c.setAutoCommit(false);
            String flowRun = UUID.randomUUID().toString();
            String[][] states = {{"PENDING", "Pending"}, {"RUNNING", "Running"}, {"COMPLETED", "Completed"}};
            try (PreparedStatement run = c.prepareStatement("INSERT INTO task_run VALUES (?, ?, ?, NULL, NULL, NULL, 0, NULL)");
                 PreparedStatement state = c.prepareStatement("INSERT INTO run_state VALUES (?, ?, ?, ?, ?, ?)");
                 PreparedStatement update = c.prepareStatement(
                         "UPDATE task_run SET state_type = ?, state_name = ?, state_timestamp = ?, run_count = ? WHERE id = ?")) {
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    String id = timeOrderedId(i);
                    run.setString(1, id);
                    run.setString(2, flowRun);
                    run.setString(3, "trivial-" + i);
                    run.addBatch();
                    for (int j = 0; j < states.length; j++) {
                        long now = System.currentTimeMillis() * 1000;
                        state.setString(1, timeOrderedId(n + 3L * i + j));
                        state.setString(2, id);
                        state.setString(3, states[j][0]);
                        state.setString(4, states[j][1]);
                        state.setLong(5, now);
                        state.setString(6, "{}");
                        state.addBatch();
                        update.setString(1, states[j][0]);
                        update.setString(2, states[j][1]);
                        update.setLong(3, now);
                        update.setInt(4, j >= 1 ? 1 : 0);
                        update.setString(5, id);
                        update.addBatch();
                    }
                    if (i % 1000 == 999 || i == n - 1) {
                        run.executeBatch();
                        state.executeBatch();
                        update.executeBatch();
                        c.commit();
                    }
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                System.out.printf("%-22s N=%,9d  %8.0f task runs/s  (%.1f s; 7 statements per task run, 1,000 task runs per transaction)%n",
                        "raw batched JDBC", n, n / secs, secs);
            }
        }
    }

    /** An id whose text sorts by {@code seq}, as Orion's time-ordered ids do. */
    private static String timeOrderedId(long seq) {
        return new UUID(seq, 0x8000_0000_0000_0000L).toString();
    }
}
