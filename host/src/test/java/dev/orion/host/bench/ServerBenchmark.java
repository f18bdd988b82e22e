package dev.orion.host.bench;

import dev.orion.api.Flow;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.Task;
import dev.orion.host.OrionSettings;
import dev.orion.host.client.HttpOrchestrator;
import dev.orion.host.engine.FlowEngine;
import dev.orion.host.engine.FlowRunOutcome;
import dev.orion.host.engine.Results;
import dev.orion.host.plugins.PluginRegistry;
import dev.orion.host.server.OrionServer;
import dev.orion.host.server.ServerContext;
import dev.orion.host.store.Database;
import dev.orion.host.store.RunRow;
import dev.orion.host.util.Ids;
import dev.orion.host.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The server's throughput (not a test; see BENCHMARKS.md): {@code set_state} requests per second
 * from 1 and 16 client threads, each thread proposing Running/Completed-style transitions on
 * task runs of its own over HTTP; and task runs per second of a 1,000-task flow run in remote
 * mode (the engine in this JVM, the server on loopback). Server on SQLite in a temporary home,
 * or on {@code ORION_DATABASE_URL}.
 */
public final class ServerBenchmark {

    static final Task<Integer> inc = Task.of("inc", (Integer x) -> x + 1);
    static final Flow<Integer> sequential = Flow.of("bench-sequential", (Integer n) -> {
        int s = 0;
        for (int i = 0; i < n; i++) {
            s += inc.call(i);
        }
        return s;
    });

    public static void main(String[] args) throws Exception {
        Path home = Files.createTempDirectory("orion-server-bench");
        String dbUrl = System.getenv().getOrDefault("ORION_DATABASE_URL", "jdbc:sqlite:" + home.resolve("orion.db"));
        OrionSettings settings = OrionSettings.fromMap(Map.of("ORION_HOME", home.toString(), "ORION_DATABASE_URL", dbUrl));
        try (Database db = Database.open(dbUrl)) {
            OrionServer server = new OrionServer(ServerContext.create(settings, db, PluginRegistry.none()))
                    .start("127.0.0.1", 0);
            String url = "http://127.0.0.1:" + server.port() + "/api";
            System.out.println("server on " + url + ", database " + db.displayUrl());
            // -Dorion.bench.scale=0.2 runs a fifth of the requests (a shorter run on a busy machine).
            double scale = Double.parseDouble(System.getProperty("orion.bench.scale", "1"));
            int one = (int) (5_000 * scale);
            int sixteen = (int) (20_000 * scale);
            try {
                for (int round = 0; round < 3; round++) { // warm-up: the JIT compiles Jetty's, Jackson's and our paths
                    setState(url, 1, one);
                    setState(url, 16, sixteen);
                }
                for (int round = 0; round < 2; round++) {
                    report("set_state, 1 thread", setState(url, 1, one));
                    report("set_state, 16 threads", setState(url, 16, sixteen));
                }
                remote(url, (int) (300 * scale));                 // warm-up
                for (int round = 0; round < 3; round++) {
                    double[] r = remote(url, 1_000);
                    report("remote sequential task runs (1,000-task flow)", r[0]);
                    System.out.printf("%-48s %10.2f%n", "  HTTP requests per task run", r[1]);
                }
            } finally {
                server.close();
            }
        }
    }

    private static void report(String what, double perSecond) {
        System.out.printf("%-48s %,10.0f /s%n", what, perSecond);
    }

    /** Proposals per second: each thread owns a flow run and walks fresh task runs Pending → Running → Completed. */
    static double setState(String url, int threads, int proposals) throws Exception {
        try (HttpOrchestrator api = HttpOrchestrator.connect(url, Optional.empty())) {
            RunRow.Builder fb = RunRow.builder(Ids.next(), RunKind.FLOW);
            fb.flowName = "bench";
            RunRow flow = api.createRun(fb.build());
            api.propose(flow.id(), RunKind.FLOW, State.pending(), false);
            api.propose(flow.id(), RunKind.FLOW, State.running(), false);
            int perThread = proposals / threads;
            // Task runs are created before the clock starts: only set_state is timed.
            List<List<UUID>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<UUID> mine = new ArrayList<>();
                for (int i = 0; i < perThread / 2; i++) {
                    RunRow.Builder b = RunRow.builder(Ids.next(), RunKind.TASK);
                    b.flowRunId = flow.id();
                    b.taskKey = "t" + t;
                    b.dynamicKey = String.valueOf(i);
                    mine.add(api.createRun(b.build()).id());
                }
                runs.add(mine);
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            List<Future<Integer>> done = new ArrayList<>();
            for (List<UUID> mine : runs) {
                done.add(pool.submit(() -> {
                    int n = 0;
                    for (UUID id : mine) {
                        api.propose(id, RunKind.TASK, State.running().withTransitionId(Ids.next()), false);
                        api.propose(id, RunKind.TASK, State.completed().withTransitionId(Ids.next()), false);
                        n += 2;
                    }
                    return n;
                }));
            }
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            return total / seconds;
        }
    }

    /**
     * Task runs per second of a flow calling a trivial task n times, the engine reporting over
     * HTTP, and the HTTP requests it took per task run.
     */
    static double[] remote(String url, int n) throws Exception {
        Path storage = Files.createTempDirectory("orion-bench-results");
        try (HttpOrchestrator api = HttpOrchestrator.connect(url, Optional.empty());
             FlowEngine engine = new FlowEngine(api, new Results(storage, Json.MAPPER), Json.MAPPER, null)) {
            long before = api.api().requestsSent();
            FlowRunOutcome out = engine.runArgs(sequential, n);
            if (!out.isCompleted()) {
                throw new IllegalStateException("the benchmark flow ended " + out.state().label());
            }
            return new double[] {n / (out.duration().toNanos() / 1e9), (api.api().requestsSent() - before) / (double) n};
        }
    }
}
