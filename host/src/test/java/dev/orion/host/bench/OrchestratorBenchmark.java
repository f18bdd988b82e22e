package dev.orion.host.bench;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.host.orchestration.Orchestrator;
import dev.orion.host.orchestration.Orchestrators;
import dev.orion.host.orchestration.PolicySet;
import dev.orion.host.store.Database;
import dev.orion.host.store.RunRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Orchestrator throughput with every state persisted: N task runs, each created and taken
 * Pending → Running → Completed through the orchestrator, on one thread or shared among
 * {@code threads} proposing threads, with no rules (the write path alone). Not a test: run with
 * {@code scripts/bench/orchestrator.sh [N] [jdbc-url] [local|shared] [threads]}.
 */
public final class OrchestratorBenchmark {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path dir = Files.createTempDirectory("orion-bench");
        String url = args.length > 1 ? args[1] : "jdbc:sqlite:" + dir.resolve("bench.db");
        boolean shared = args.length > 2 && args[2].equals("shared");
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        PolicySet none = new PolicySet(List.of(), List.of(), List.of(), List.of());
        try (Database db = Database.open(url);
             Orchestrator orchestrator = Orchestrators.forDatabase(db, shared, () -> none, List.of())) {
            System.out.printf("%s orchestrator on %s, %d proposing thread(s)%n",
                    shared ? "shared (row locks)" : "local (in memory)", db.displayUrl(), threads);
            for (int round = 0; round < 2; round++) {
                RunRow.Builder fb = RunRow.builder(dev.orion.host.Ids.next(), RunKind.FLOW);
                fb.flowName = "bench";
                UUID flowRun = orchestrator.createRun(fb.build()).id();
                orchestrator.propose(flowRun, RunKind.FLOW, State.running(), false);
                var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
                long cpuStart = os.getProcessCpuTime();
                long start = System.nanoTime();
                int perThread = n / threads;
                var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
                var done = new java.util.ArrayList<java.util.concurrent.Future<?>>();
                for (int t = 0; t < threads; t++) {
                    String key = "noop" + t;
                    done.add(pool.submit(() -> taskRuns(orchestrator, flowRun, key, perThread)));
                }
                for (var f : done) {
                    f.get();
                }
                pool.shutdown();
                orchestrator.propose(flowRun, RunKind.FLOW, State.completed(), false);
                orchestrator.flush();
                double secs = (System.nanoTime() - start) / 1e9;
                double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
                int runs = perThread * threads;
                System.out.printf("round %d: %d task runs (3 transitions each) in %.2f s = %.0f task runs/s; "
                        + "process CPU %.2f s (%.0f task runs per CPU-second, %.0f µs per proposal)%n",
                        round + 1, runs, secs, runs / secs, cpu, runs / cpu, cpu * 1e6 / (3.0 * runs));
            }
        }
    }

    /** Creates {@code count} task runs of the flow run and walks each Pending → Running → Completed. */
    private static void taskRuns(Orchestrator orchestrator, UUID flowRun, String taskKey, int count) {
        for (int i = 0; i < count; i++) {
            RunRow.Builder tb = RunRow.builder(dev.orion.host.Ids.next(), RunKind.TASK);
            tb.flowRunId = flowRun;
            tb.taskKey = taskKey;
            tb.dynamicKey = Integer.toString(i);
            UUID id = orchestrator.createRun(tb.build()).id();
            orchestrator.propose(id, RunKind.TASK, State.pending(), false);
            orchestrator.propose(id, RunKind.TASK, State.running(), false);
            orchestrator.propose(id, RunKind.TASK, State.completed(), false);
        }
    }
}
