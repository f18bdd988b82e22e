package dev.orion.host.bench;

import dev.orion.host.orchestration.Orchestrator;
import dev.orion.host.orchestration.Orchestrators;
import dev.orion.host.orchestration.PolicySet;
import dev.orion.host.store.Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What metrics cost on the write path: the orchestrator benchmark's rounds (N task runs, three
 * transitions each, every state stored), alternately with no registry on Micrometer's global
 * registry (how the CLI's embedded runs go) and with a Prometheus registry on it (how a server
 * with {@code /metrics} goes). Alternating in one process keeps the machine's load and the JIT
 * the same for both; the ratio of CPU per task run is the cost. Not a test: run with
 * {@code scripts/bench/metrics.sh [N] [PAIRS] [jdbc-url] [local|shared]}.
 */
public final class MetricsCostBenchmark {

    /**
     * Nanoseconds one transition spends in the orchestrator's own meters (the transitions counter
     * and the decision timer, as registered by the rounds above), with the registry attached or not.
     */
    private static double meterNanos(PrometheusMeterRegistry registry) {
        if (registry != null) {
            Metrics.globalRegistry.add(registry);
        }
        try {
            Counter transitions = Metrics.globalRegistry.find("orion.transitions").tag("to", "COMPLETED").counter();
            Timer decisions = Metrics.globalRegistry.find("orion.proposal.decision").tag("kind", "task").timer();
            int calls = 2_000_000;
            double best = Double.MAX_VALUE;
            for (int round = 0; round < 5; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    transitions.increment();
                    decisions.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                }
                best = Math.min(best, (System.nanoTime() - start) / (double) calls);
            }
            return best;
        } finally {
            if (registry != null) {
                Metrics.globalRegistry.remove(registry);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String url = args.length > 2 ? args[2]
                : "jdbc:sqlite:" + Files.createTempDirectory("orion-bench").resolve("bench.db");
        boolean shared = args.length > 3 && args[3].equals("shared");
        PolicySet none = new PolicySet(List.of(), List.of(), List.of(), List.of());
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Database db = Database.open(url);
             Orchestrator orchestrator = Orchestrators.forDatabase(db, shared, () -> none, List.of())) {
            System.out.printf("%s orchestrator on %s, %d task runs a round%n",
                    shared ? "shared (row locks)" : "local (in memory)", db.displayUrl(), n);
            OrchestratorBenchmark.taskRuns(orchestrator, n); // warm-up, both ways
            Metrics.globalRegistry.add(prometheus);
            OrchestratorBenchmark.taskRuns(orchestrator, n);
            Metrics.globalRegistry.remove(prometheus);
            double[] cpu = new double[2];
            double[] wall = new double[2];
            for (int pair = 0; pair < pairs; pair++) {
                for (int on = 0; on < 2; on++) {
                    // The order alternates too, so neither side always runs right after the other.
                    boolean metrics = (on + pair) % 2 == 1;
                    if (metrics) {
                        Metrics.globalRegistry.add(prometheus);
                    }
                    OrchestratorBenchmark.Round r = OrchestratorBenchmark.taskRuns(orchestrator, n);
                    if (metrics) {
                        Metrics.globalRegistry.remove(prometheus);
                    }
                    cpu[metrics ? 1 : 0] += r.cpuSeconds();
                    wall[metrics ? 1 : 0] += r.seconds();
                    System.out.printf("pair %d, metrics %-3s: %.0f task runs/s, %.1f µs CPU per task run%n",
                            pair + 1, metrics ? "on" : "off", n / r.seconds(), r.cpuSeconds() * 1e6 / n);
                }
            }
            int runs = n * pairs;
            System.out.printf("metrics off: %.0f task runs/s, %.1f µs CPU each; on: %.0f task runs/s, %.1f µs CPU each%n",
                    runs / wall[0], cpu[0] * 1e6 / runs, runs / wall[1], cpu[1] * 1e6 / runs);
            System.out.printf("with metrics: CPU per task run x%.3f, throughput x%.3f%n", cpu[1] / cpu[0], wall[0] / wall[1]);
            System.out.printf("series recorded: %d lines of exposition%n", prometheus.scrape().lines().count());
            int perRun = 3; // a task run's transitions: each counts one transition and times one decision
            System.out.printf("meters alone, %d transitions a task run: off %.0f ns, on %.0f ns per task run%n",
                    perRun, perRun * meterNanos(null), perRun * meterNanos(prometheus));
        }
    }
}
