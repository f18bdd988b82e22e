package dev.orion.host.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.orion.api.Flow;
import dev.orion.api.Task;
import dev.orion.api.TaskFuture;
import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.orchestration.PolicySet;
import dev.orion.host.orchestration.rules.CorePolicies;
import dev.orion.host.replay.PolicyReplay;
import dev.orion.host.replay.ReplayReport;
import dev.orion.host.scripting.PolicySource;
import dev.orion.host.store.Database;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Policy replay speed: records N task runs (default 10,000; one in ten fails once and is
 * retried) in flow runs of 1,000, then replays every recorded decision under a candidate policy
 * that disables RetryFailedTasks. Not a test: run with {@code scripts/bench/replay.sh [N] [jdbc-url]}.
 */
public final class ReplayBenchmark {

    private static final Set<Integer> FAILED_ONCE = ConcurrentHashMap.newKeySet();

    static final Task<Integer> work = Task.of("work", (Integer i) -> {
        if (i % 10 == 0 && FAILED_ONCE.add(i)) {
            throw new IllegalStateException("first attempt of " + i + " fails");
        }
        return i + 1;
    }).withRetries(1, Duration.ZERO);

    static final Flow<Integer> batch = Flow.of("replay-bench", (Integer from, Integer n) -> {
        List<TaskFuture<Integer>> futures = work.map(IntStream.range(from, from + n).boxed().toList());
        return futures.stream().mapToInt(TaskFuture::result).sum();
    });

    /** CPU time of the whole process (all threads, the JIT's too): on a loaded machine, wall time is mostly waiting. */
    private static long cpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path home = Files.createTempDirectory("orion-replay-bench");
        Map<String, String> env = new HashMap<>(Map.of("ORION_HOME", home.toString()));
        if (args.length > 1) {
            env.put("ORION_DATABASE_URL", args[1]);
        }
        OrionSettings settings = OrionSettings.fromMap(env);
        System.out.printf("JVM %s, %d cores, load average %.1f, store %s%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                settings.databaseUrl());
        long recordStart = System.nanoTime();
        try (Orion orion = Orion.local(settings)) {
            for (int from = 0; from < n; from += 1_000) {
                orion.run(batch, Map.of("from", from, "n", Math.min(1_000, n - from)));
            }
        }
        System.out.printf("recorded %,d task runs in %.1f s%n", n, (System.nanoTime() - recordStart) / 1e9);
        Path candidate = Files.writeString(home.resolve("candidate.json"), "{\"disabled\": [\"RetryFailedTasks\"]}");
        PolicySet policy = new PolicySource(CorePolicies.policySet(), List.of(), null, candidate).get();
        try (Database db = Database.open(settings.databaseUrl())) {
            for (String label : List.of("warm-up", "replay")) {
                long start = System.nanoTime();
                long cpuStart = cpuNanos();
                ReplayReport report = new PolicyReplay(db, 3).replay(policy, Instant.EPOCH, null);
                double secs = (System.nanoTime() - start) / 1e9;
                double cpu = (cpuNanos() - cpuStart) / 1e9;
                System.out.printf("%-8s %,d decisions of %,d runs in %.2f s wall, %.2f s CPU (%,.0f decisions/s); "
                        + "%,d differ, %s%n", label, report.proposals(), report.runs(), secs, cpu,
                        report.proposals() / secs, report.differing(), report.byRule());
            }
        } finally {
            try (var files = Files.walk(home)) { // the recorded store is tens of MB; leave nothing in /tmp
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
