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
 * Pending → Running → Completed through the orchestrator, on one thread, with no rules (the
 * write path alone). Not a test: run with
 * {@code scripts/bench/orchestrator.sh [N] [jdbc-url] [local|shared]}.
 */
public final class OrchestratorBenchmark {

    /** One round's wall-clock and process CPU time. */
    record Round(double seconds, double cpuSeconds) {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path dir = Files.createTempDirectory("orion-bench");
        String url = args.length > 1 ? args[1] : "jdbc:sqlite:" + dir.resolve("bench.db");
        boolean shared = args.length > 2 && args[2].equals("shared");
        PolicySet none = new PolicySet(List.of(), List.of(), List.of(), List.of());
        try (Database db = Database.open(url);
             Orchestrator orchestrator = Orchestrators.forDatabase(db, shared, () -> none, List.of())) {
            System.out.printf("%s orchestrator on %s%n", shared ? "shared (row locks)" : "local (in memory)", db.displayUrl());
            for (int round = 0; round < 2; round++) {
                Round r = taskRuns(orchestrator, n);
                System.out.printf("round %d: %d task runs (3 transitions each) in %.2f s = %.0f task runs/s; "
                        + "process CPU %.2f s (%.0f task runs per CPU-second)%n", round + 1, n, r.seconds(), n / r.seconds(),
                        r.cpuSeconds(), n / r.cpuSeconds());
            }
        }
    }

    /**
     * Runs one flow run with N task runs, each created and taken Pending → Running → Completed,
     * and flushes the store.
     */
    static Round taskRuns(Orchestrator orchestrator, int n) {
        RunRow.Builder fb = RunRow.builder(dev.orion.host.Ids.next(), RunKind.FLOW);
        fb.flowName = "bench";
        UUID flowRun = orchestrator.createRun(fb.build()).id();
        orchestrator.propose(flowRun, RunKind.FLOW, State.running(), false);
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            RunRow.Builder tb = RunRow.builder(dev.orion.host.Ids.next(), RunKind.TASK);
            tb.flowRunId = flowRun;
            tb.taskKey = "noop";
            tb.dynamicKey = Integer.toString(i);
            UUID id = orchestrator.createRun(tb.build()).id();
            orchestrator.propose(id, RunKind.TASK, State.pending(), false);
            orchestrator.propose(id, RunKind.TASK, State.running(), false);
            orchestrator.propose(id, RunKind.TASK, State.completed(), false);
        }
        orchestrator.propose(flowRun, RunKind.FLOW, State.completed(), false);
        orchestrator.flush();
        return new Round((System.nanoTime() - start) / 1e9, (os.getProcessCpuTime() - cpuStart) / 1e9);
    }
}
