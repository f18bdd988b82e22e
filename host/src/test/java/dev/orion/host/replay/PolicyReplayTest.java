package dev.orion.host.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.Flow;
import dev.orion.api.Task;
import dev.orion.api.TaskFuture;
import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.orchestration.PolicySet;
import dev.orion.host.orchestration.rules.CorePolicies;
import dev.orion.host.scripting.PolicySource;
import dev.orion.host.store.Database;
import dev.orion.host.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PolicyReplayTest {

    /** Inputs whose task has failed once already: the second attempt succeeds. */
    private static final Set<String> FAILED_ONCE = ConcurrentHashMap.newKeySet();

    static final Task<Integer> flaky = Task.of("flaky", (String key, Integer x) -> {
        if (FAILED_ONCE.add(key)) {
            throw new IllegalStateException("first attempt of " + key + " fails");
        }
        return x * 2;
    }).withRetries(1, Duration.ZERO);
    static final Task<Integer> steady = Task.of("steady", (Integer x) -> x + 1).withTags("io");
    static final Task<Integer> cached = Task.of("cached", (Integer x) -> x * 10).withCacheByInputs(Duration.ofHours(1));
    static final Task<Integer> broken = Task.of("broken", (Integer x) -> {
        throw new IllegalArgumentException("always");
    });

    static final Flow<Integer> etl = Flow.of("replay-etl", (String run, Integer n) -> {
        List<TaskFuture<Integer>> parts = IntStream.range(0, n)
                .mapToObj(i -> i % 2 == 0 ? flaky.submit(run + "-" + i, i) : steady.submit(i)).toList();
        return parts.stream().mapToInt(TaskFuture::result).sum() + cached.call(1);
    });
    static final Flow<Integer> failing = Flow.of("replay-failing", (Integer x) -> broken.call(x));

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void disablingRetriesDiffersExactlyOnTheRetryDecisions(TestDatabase kind) throws Exception {
        OrionSettings settings = OrionSettings.fromMap(Map.of("ORION_HOME", dir.toString(),
                "ORION_DATABASE_URL", kind.url(dir)));
        Instant start = Instant.now().minusSeconds(1);
        try (Orion orion = Orion.local(settings)) {
            orion.run(etl, Map.of("run", kind + "-a", "n", 4));   // two flaky task runs, each retried once
            orion.run(etl, Map.of("run", kind + "-b", "n", 3));   // two more; the cached task is a cache hit
            orion.run(failing, Map.of("x", 1));                    // fails, no retries: nothing to differ
        }
        try (Database db = Database.open(settings.databaseUrl())) {
            long rowsBefore = rows(db);
            PolicyReplay replay = new PolicyReplay(db, 3);

            ReplayReport same = replay.replay(CorePolicies.policySet(), start, null);
            ReplayReport noRetries = replay.replay(candidate("{\"disabled\": [\"RetryFailedTasks\"]}"), start,
                    null);

            assertThat(same.unmatched()).isZero();
            assertThat(same.proposals()).isGreaterThan(30);
            assertThat(same.differing()).as("%s", same.kinds()).isZero();
            assertThat(noRetries.proposals()).isEqualTo(same.proposals());
            assertThat(noRetries.differing()).as("%s", noRetries.kinds()).isEqualTo(4);
            assertThat(noRetries.byRule()).containsExactly(Map.entry("RetryFailedTasks", 4));
            assertThat(noRetries.kinds()).singleElement().satisfies(k -> {
                assertThat(k.transition()).isEqualTo("task run RUNNING → FAILED");
                assertThat(k.recorded()).isEqualTo("REJECT SCHEDULED/AwaitingRetry by RetryFailedTasks");
                assertThat(k.candidate()).isEqualTo("ACCEPT FAILED/Failed");
                assertThat(k.examples()).hasSize(3).allSatisfy(e -> assertThat(e.run()).startsWith("task run flaky"));
            });
            assertThat(rows(db)).as("a replay writes nothing").isEqualTo(rowsBefore);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void onlyDecisionsSinceTheGivenMomentAreReplayed(TestDatabase kind) throws Exception {
        OrionSettings settings = OrionSettings.fromMap(Map.of("ORION_HOME", dir.toString(),
                "ORION_DATABASE_URL", kind.url(dir)));
        try (Orion orion = Orion.local(settings)) {
            orion.run(etl, Map.of("run", kind + "-old", "n", 2));
        }
        try (Database db = Database.open(settings.databaseUrl())) {
            ReplayReport later = new PolicyReplay(db, 3).replay(candidate("{\"disabled\": [\"RetryFailedTasks\"]}"),
                    Instant.now().plusSeconds(60), null);

            assertThat(later.proposals()).isZero();
            assertThat(later.differing()).isZero();
        }
    }

    private PolicySet candidate(String json) throws Exception {
        Path file = Files.writeString(dir.resolve("candidate-" + System.nanoTime() + ".json"), json);
        return new PolicySource(CorePolicies.policySet(), List.of(), null, file).get();
    }

    private static long rows(Database db) {
        return db.query("SELECT (SELECT COUNT(*) FROM run_state) + (SELECT COUNT(*) FROM decision) "
                + "+ (SELECT COUNT(*) FROM task_run) + (SELECT COUNT(*) FROM flow_run) AS n", ps -> { },
                rs -> rs.getLong("n")).getFirst();
    }
}
