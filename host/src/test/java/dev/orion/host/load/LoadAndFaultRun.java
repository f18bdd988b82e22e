package dev.orion.host.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * The load and fault test's driver (issue #8): starts servers and workers as child JVMs, deploys
 * {@code scripts/bench/load.js} on each work queue, creates the flow runs through the deployments,
 * alternating between the servers' APIs, then, while they execute, SIGKILLs one worker that has
 * runs executing and kills and restarts one server. It waits until every run has ended and
 * hands what the API and the flow's execution log say to {@link LoadReport}. Run by
 * {@code LoadAndFaultTest} at CI size and by {@link #main} ({@code scripts/bench/load.sh}) at
 * full size. Used by one thread.
 */
public final class LoadAndFaultRun {

    /** The worker killed with SIGKILL: the first worker of the first queue, on the first server. */
    static final String VICTIM = "q0-w0";

    private final LoadPlan plan;
    private final LoadCluster cluster;
    private final List<String> serverUrls = new ArrayList<>();
    private final List<LoadApi> apis = new ArrayList<>();
    private final Path executions;

    private LoadAndFaultRun(LoadPlan plan, Path dir, LoadCluster cluster) {
        this.plan = plan;
        this.cluster = cluster;
        this.executions = dir.resolve("executions.log");
    }

    /**
     * Runs the plan in {@code dir} against {@code databaseUrl} (null: SQLite in the servers'
     * ORION_HOME) and answers the report; every child JVM is dead when this returns.
     *
     * @throws AssertionError when the run could not be carried out, with the tails of the children's logs
     */
    static LoadReport run(LoadPlan plan, Path dir, String databaseUrl) throws InterruptedException {
        Map<String, String> env = new HashMap<>();
        env.put("ORION_HOME", dir.resolve("home").toString());
        if (databaseUrl != null) {
            env.put("ORION_DATABASE_URL", databaseUrl);
        }
        env.put("ORION_HEARTBEAT_TIMEOUT", String.valueOf(plan.heartbeatTimeout().toSeconds()));
        env.put("ORION_FLOWS_DIR", flowsRoot().toString());
        try (LoadCluster cluster = new LoadCluster(dir, env)) {
            LoadAndFaultRun run = new LoadAndFaultRun(plan, dir, cluster);
            try {
                return run.execute().withLogTails(cluster.logTails(30));
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError(plan.label() + " load run failed: " + e.getMessage() + "\n"
                        + cluster.logTails(30), e);
            }
        }
    }

    private LoadReport execute() throws InterruptedException {
        long started = System.nanoTime();
        for (int s = 0; s < plan.servers(); s++) {
            String url = cluster.startServer(serverName(s));
            serverUrls.add(url);
            apis.add(new LoadApi(url));
        }
        // Queries go to the first server: on PostgreSQL it is never killed; on SQLite it is the only one.
        LoadApi api = apis.getFirst();
        List<String> deployments = deploy(api);
        startWorkers(api);

        Instant firstCreate = Instant.now();
        for (int i = 0; i < plan.runs(); i++) {
            apis.get(i % plan.servers()).post("/deployments/" + deployments.get(i % plan.queues()) + "/create_flow_run",
                    Map.of("parameters", Map.of("i", i), "idempotency_key", "load-" + i));
        }

        awaitCount("a fifth of the runs completed", () -> api.countRuns(Set.of("COMPLETED")), plan.runs() / 5);
        // Best when a task is Running there: it is the one task that may legitimately execute twice.
        await(VICTIM + " executing a task", () -> api.countRunningTaskRuns(executingOn(api, VICTIM)) > 0);
        cluster.kill(VICTIM);
        // Requests the dead worker had fully sent may still be answered; let them land before looking.
        Thread.sleep(500);
        Set<String> killedRuns = executingOn(api, VICTIM);

        awaitCount("two fifths of the runs completed", () -> api.countRuns(Set.of("COMPLETED")), plan.runs() * 2 / 5);
        String restarted = serverName(plan.servers() - 1);
        long down = System.nanoTime();
        cluster.kill(restarted);
        cluster.restartServer(restarted, serverUrls.getLast());
        Duration downtime = Duration.ofNanos(System.nanoTime() - down);

        awaitCount("every run ended", () -> api.countRuns(LoadApi.TERMINAL), plan.runs());
        Duration wall = Duration.ofNanos(System.nanoTime() - started);
        return LoadReport.collect(api, plan, executions, VICTIM, killedRuns, restarted, downtime, firstCreate, wall);
    }

    private List<String> deploy(LoadApi api) {
        String flowId = api.post("/flows/", Map.of("name", "load")).get("id").asText();
        String entrypoint = "scripts/bench/load.js:load";
        List<String> ids = new ArrayList<>();
        for (int q = 0; q < plan.queues(); q++) {
            ids.add(api.post("/deployments/", Map.of("name", "load-q" + q, "flow_id", flowId, "work_queue_name", "q" + q,
                    "entrypoint", entrypoint, "parameters", Map.of("log", executions.toString(),
                            "sleepMs", plan.taskSleepMillis()))).get("id").asText());
        }
        return ids;
    }

    /** Starts the workers, spread over the servers, and waits until each has polled its queue. */
    private void startWorkers(LoadApi api) throws InterruptedException {
        Map<String, Set<String>> byQueue = new HashMap<>();
        int n = 0;
        for (int q = 0; q < plan.queues(); q++) {
            for (int w = 0; w < plan.workersPerQueue(); w++, n++) {
                String name = "q" + q + "-w" + w;
                cluster.startWorker(name, serverUrls.get(n % plan.servers()), "q" + q, plan.workerLimit());
                byQueue.computeIfAbsent("q" + q, k -> new HashSet<>()).add(name);
            }
        }
        for (var queue : byQueue.entrySet()) {
            await("workers " + queue.getValue() + " polling " + queue.getKey(), () -> {
                try {
                    String id = api.get("/work_queues/name/" + queue.getKey()).get("id").asText();
                    Set<String> seen = new HashSet<>();
                    api.get("/work_queues/" + id + "/workers").forEach(w -> seen.add(w.get("name").asText()));
                    return seen.containsAll(queue.getValue());
                } catch (RuntimeException notYet) {
                    return false; // the queue is created by its first worker
                }
            });
        }
    }

    /** The runs a worker is executing now: Pending or Running with its infrastructure pid. */
    private static Set<String> executingOn(LoadApi api, String worker) {
        Set<String> ids = new HashSet<>();
        for (JsonNode run : api.runs(Set.of("PENDING", "RUNNING"))) {
            if (("worker:" + worker).equals(run.path("infrastructure_pid").asText())) {
                ids.add(run.get("id").asText());
            }
        }
        return ids;
    }

    /**
     * Waits until {@code count} reaches {@code target}. A loaded machine may make the runs slow, not
     * stuck: it fails only when the count has not grown for {@link LoadPlan#STALL}.
     */
    private void awaitCount(String what, IntSupplier count, int target) throws InterruptedException {
        int last = -1;
        long stalledSince = System.nanoTime();
        int now;
        while ((now = count.getAsInt()) < target) {
            if (now > last) {
                last = now;
                stalledSince = System.nanoTime();
            } else if (System.nanoTime() - stalledSince > LoadPlan.STALL.toNanos()) {
                throw new AssertionError("stuck at " + now + " of " + target + " for " + LoadPlan.STALL + ": " + what);
            }
            Thread.sleep(200);
        }
    }

    private void await(String what, BooleanSupplier condition) {
        Eventually.until(what, plan.deadline(), condition::getAsBoolean);
    }

    private static String serverName(int index) {
        return "server-" + (index + 1);
    }

    /** The repository root: the workers' flows root, where entrypoints start. */
    static Path flowsRoot() {
        return flowFile().getParent().getParent().getParent();
    }

    /** {@code scripts/bench/load.js}, from the repository root or from {@code host/} (where Maven runs tests). */
    static Path flowFile() {
        Path fromRoot = Path.of("scripts/bench/load.js");
        return (Files.isRegularFile(fromRoot) ? fromRoot : Path.of("../scripts/bench/load.js")).toAbsolutePath().normalize();
    }

    /**
     * Full size by hand: {@code scripts/bench/load.sh [RUNS] [postgresql|sqlite]} (default 2,000
     * runs on the PostgreSQL of {@code ORION_TEST_POSTGRES_URL}, in a schema of its own).
     */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        boolean sqlite = args.length > 1 && args[1].equalsIgnoreCase("sqlite");
        Path dir = Files.createTempDirectory("orion-load-");
        LoadPlan plan = sqlite ? LoadPlan.sqlite(runs) : LoadPlan.postgres(runs);
        String url = sqlite ? null : TestDatabase.POSTGRESQL.url(dir);
        System.out.println("Load and fault run: " + plan + " in " + dir);
        LoadReport report = run(plan, dir, url);
        System.out.println(report.summary());
        if (!report.problems().isEmpty()) {
            System.out.println(report.logTails());
            System.exit(1);
        }
    }
}
