package dev.orion.host.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.host.orchestration.Orchestrator;
import dev.orion.host.orchestration.Orchestrators;
import dev.orion.host.orchestration.PolicySet;
import dev.orion.host.store.Database;
import dev.orion.host.store.RunRow;
import dev.orion.host.util.Ids;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;

/**
 * Orchestrator throughput with every state persisted: N task runs, each created and taken
 * Pending → Running → Completed through the orchestrator, on one thread or shared among
 * {@code threads} proposing threads, with no rules (the write path alone); then the same
 * proposals on task runs created beforehand, for what one decided proposal costs: process CPU
 * and, on PostgreSQL, database round trips (counted by a relay in front of the database). Not a
 * test: run with {@code scripts/bench/orchestrator.sh [N] [jdbc-url] [local|shared] [threads]}.
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
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        RoundTripCounter counter = null;
        var pg = Pattern.compile("jdbc:postgresql://([^:/]+):?(\\d*)/(.*)").matcher(url);
        if (pg.matches()) {
            // Every connection goes through a relay that counts round trips (it costs little latency on loopback).
            counter = new RoundTripCounter(pg.group(1), pg.group(2).isEmpty() ? 5432 : Integer.parseInt(pg.group(2)));
            url = "jdbc:postgresql://127.0.0.1:" + counter.port() + "/" + pg.group(3);
        }
        PolicySet none = new PolicySet(List.of(), List.of(), List.of(), List.of());
        try (Database db = Database.open(url);
             Orchestrator orchestrator = Orchestrators.forDatabase(db, shared, () -> none, List.of())) {
            System.out.printf("%s orchestrator on %s, %d proposing thread(s)%n",
                    shared ? "shared (row locks)" : "local (in memory)", db.displayUrl(), threads);
            int perThread = n / threads;
            int runs = perThread * threads;
            for (int round = 0; round < 2; round++) {
                UUID flowRun = runningFlowRun(orchestrator);
                Cost all = Cost.start(counter);
                inThreads(threads, t -> taskRuns(orchestrator, flowRun, "noop" + t, perThread));
                orchestrator.propose(flowRun, RunKind.FLOW, State.completed(), false);
                orchestrator.flush();
                all.report("round " + (round + 1) + ": " + runs + " task runs, each created and taken through 3 "
                        + "transitions", runs, "task runs");

                // The same proposals on task runs created beforehand: what one decided proposal costs.
                UUID flowRun2 = runningFlowRun(orchestrator);
                List<List<UUID>> created = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    created.add(create(orchestrator, flowRun2, "pre" + t, perThread));
                }
                orchestrator.flush();
                Cost proposals = Cost.start(counter);
                inThreads(threads, t -> {
                    for (UUID id : created.get(t)) {
                        walk(orchestrator, id);
                    }
                });
                orchestrator.flush();
                proposals.report("         " + 3 * runs + " proposals alone", 3 * runs, "proposals");
            }
        } finally {
            if (counter != null) {
                counter.close();
            }
        }
    }

    /** Throughput, process CPU and database round trips (when counted) over a timed stretch. */
    private record Cost(RoundTripCounter counter, long trips, long cpu, long start) {
        static final OperatingSystemMXBean OS =
                (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        static Cost start(RoundTripCounter counter) {
            return new Cost(counter, counter == null ? 0 : counter.trips(), OS.getProcessCpuTime(), System.nanoTime());
        }

        void report(String what, int count, String unit) {
            double secs = (System.nanoTime() - start) / 1e9;
            double cpuSecs = (OS.getProcessCpuTime() - cpu) / 1e9;
            String rt = counter == null ? "" : String.format(", %.2f database round trips per %s",
                    (counter.trips() - trips) / (double) count, unit.substring(0, unit.length() - 1));
            System.out.printf("%s in %.2f s = %,.0f %s/s; process CPU %.2f s = %.0f µs per %s%s%n", what, secs,
                    count / secs, unit, cpuSecs, cpuSecs * 1e6 / count, unit.substring(0, unit.length() - 1), rt);
        }
    }

    private static UUID runningFlowRun(Orchestrator orchestrator) {
        RunRow.Builder fb = RunRow.builder(Ids.next(), RunKind.FLOW);
        fb.flowName = "bench";
        UUID flowRun = orchestrator.createRun(fb.build()).id();
        orchestrator.propose(flowRun, RunKind.FLOW, State.running(), false);
        return flowRun;
    }

    private static void inThreads(int threads, IntConsumer body) throws Exception {
        var pool = Executors.newFixedThreadPool(threads);
        var done = new ArrayList<Future<?>>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> body.accept(thread)));
        }
        for (var f : done) {
            f.get();
        }
        pool.shutdown();
    }

    private static List<UUID> create(Orchestrator orchestrator, UUID flowRun, String taskKey, int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RunRow.Builder tb = RunRow.builder(Ids.next(), RunKind.TASK);
            tb.flowRunId = flowRun;
            tb.taskKey = taskKey;
            tb.dynamicKey = Integer.toString(i);
            ids.add(orchestrator.createRun(tb.build()).id());
        }
        return ids;
    }

    private static void walk(Orchestrator orchestrator, UUID id) {
        orchestrator.propose(id, RunKind.TASK, State.pending(), false);
        orchestrator.propose(id, RunKind.TASK, State.running(), false);
        orchestrator.propose(id, RunKind.TASK, State.completed(), false);
    }

    /** Creates {@code count} task runs of the flow run and walks each Pending → Running → Completed. */
    private static void taskRuns(Orchestrator orchestrator, UUID flowRun, String taskKey, int count) {
        for (UUID id : create(orchestrator, flowRun, taskKey, count)) {
            walk(orchestrator, id);
        }
    }

    /** One flow run with {@code n} task runs walked to Completed, flushed: its wall and process CPU seconds. */
    static Round taskRuns(Orchestrator orchestrator, int n) {
        long cpuStart = Cost.OS.getProcessCpuTime();
        long start = System.nanoTime();
        UUID flowRun = runningFlowRun(orchestrator);
        taskRuns(orchestrator, flowRun, "noop", n);
        orchestrator.propose(flowRun, RunKind.FLOW, State.completed(), false);
        orchestrator.flush();
        return new Round((System.nanoTime() - start) / 1e9, (Cost.OS.getProcessCpuTime() - cpuStart) / 1e9);
    }
}
