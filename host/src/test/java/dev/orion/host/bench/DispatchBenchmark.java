package dev.orion.host.bench;

import dev.orion.api.Flow;
import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.host.OrionSettings;
import dev.orion.host.client.HttpOrchestrator;
import dev.orion.host.engine.EngineListener;
import dev.orion.host.engine.FlowEngine;
import dev.orion.host.engine.Results;
import dev.orion.host.plugins.PluginRegistry;
import dev.orion.host.server.OrionServer;
import dev.orion.host.server.ServerContext;
import dev.orion.host.services.FlowResolver;
import dev.orion.host.services.Worker;
import dev.orion.host.store.Database;
import dev.orion.host.store.StateRow;
import dev.orion.host.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Dispatch latency (not a test; see BENCHMARKS.md): a worker idle on its queue with the default
 * poll interval (2 s); N deployment runs created one after another through the API, each once the
 * previous one completed; for each, the time from just before its create request to its Running
 * state's timestamp (written when the worker's engine started it). Prints p50, p90, p99 and the
 * worst. Server on SQLite in a temporary home, or on {@code ORION_DATABASE_URL}. Run with
 * {@code scripts/bench/dispatch.sh [N]}.
 */
public final class DispatchBenchmark {

    static final Flow<Integer> noop = Flow.of("dispatch-noop", (Integer n) -> n);

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path home = Files.createTempDirectory("orion-dispatch-bench");
        String dbUrl = System.getenv().getOrDefault("ORION_DATABASE_URL", "jdbc:sqlite:" + home.resolve("orion.db"));
        OrionSettings settings = OrionSettings.fromMap(Map.of("ORION_HOME", home.toString(), "ORION_DATABASE_URL", dbUrl));
        FlowResolver resolver = (entrypoint, flowName) -> new FlowResolver.Resolved(noop,
                DispatchBenchmark.class.getClassLoader());
        try (Database db = Database.open(dbUrl)) {
            OrionServer server = new OrionServer(ServerContext.create(settings, db, PluginRegistry.none()))
                    .start("127.0.0.1", 0);
            String url = "http://127.0.0.1:" + server.port() + "/api";
            System.out.println("server on " + url + ", database " + db.displayUrl());
            try (HttpOrchestrator api = HttpOrchestrator.connect(url, Optional.empty());
                 HttpOrchestrator workerApi = HttpOrchestrator.connect(url, Optional.empty());
                 FlowEngine engine = new FlowEngine(workerApi, new Results(home.resolve("storage"), Json.MAPPER),
                         Json.MAPPER, EngineListener.NONE);
                 Worker worker = Worker.start(workerApi, engine, resolver,
                         new Worker.Options("dispatch", 1, null, null, null), Worker.Listener.NONE)) {
                String flowId = api.api().post("/flows/", Map.of("name", noop.name())).get("id").asText();
                String deployment = api.api().post("/deployments/", Map.of("name", "dispatch", "flow_id", flowId,
                        "work_queue_name", "dispatch", "entrypoint", "bench:noop", "parameters", Map.of("n", 1)))
                        .get("id").asText();
                System.out.println("worker '" + worker.name() + "' polls every " + new Worker.Options("q", 1, null,
                        null, null).poll().toMillis() + " ms; " + n + " runs, one at a time");
                measure(api, deployment, 20); // warm-up: the JIT compiles the paths
                List<Double> ms = measure(api, deployment, n);
                Collections.sort(ms);
                System.out.printf("created -> Running on the worker: p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, worst %.0f ms%n",
                        pct(ms, 50), pct(ms, 90), pct(ms, 99), ms.get(ms.size() - 1));
            } finally {
                server.close();
            }
        }
    }

    private static List<Double> measure(HttpOrchestrator api, String deployment, int n) throws InterruptedException {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant asked = Instant.now();
            UUID id = UUID.fromString(api.api().post("/deployments/" + deployment + "/create_flow_run", Map.of())
                    .get("id").asText());
            while (api.readRun(id, RunKind.FLOW).map(r -> r.state() == null || !r.state().isTerminal()).orElse(true)) {
                Thread.sleep(5);
            }
            Instant running = api.readStates(id, RunKind.FLOW).stream().map(StateRow::state)
                    .filter(s -> s.type() == StateType.RUNNING).findFirst().orElseThrow().timestamp();
            ms.add(Duration.between(asked, running).toNanos() / 1e6);
        }
        return ms;
    }

    private static double pct(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
