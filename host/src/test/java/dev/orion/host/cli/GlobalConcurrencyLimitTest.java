package dev.orion.host.cli;

import static dev.orion.host.cli.CliResult.orion;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orion.api.Concurrency;
import dev.orion.api.Flow;
import dev.orion.api.OrionException;
import dev.orion.api.Task;
import dev.orion.api.TaskFuture;
import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.client.RunningServer;
import dev.orion.host.engine.FlowRunOutcome;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.testing.Eventually;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Global concurrency limits: the CLI manages them, Java flows take them, never more than the limit inside. */
class GlobalConcurrencyLimitTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicInteger INSIDE = new AtomicInteger();
    static final AtomicInteger MOST = new AtomicInteger();

    static final AtomicInteger WAITING = new AtomicInteger();

    static final Task<Integer> GUARDED = Task.of("guarded", (Integer i) -> {
        WAITING.incrementAndGet();
        try (var slot = Concurrency.occupy("db", 1)) {
            WAITING.decrementAndGet();
            int now = INSIDE.incrementAndGet();
            MOST.accumulateAndGet(now, Math::max);
            try {
                if (now > 2) {
                    throw new IllegalStateException(now + " tasks inside a limit of 2");
                }
                // The task's work: it keeps its slot until the limit is full or nobody waits, so the
                // limit is tried at every turn, whatever the machine's speed.
                Eventually.until("the limit full or nobody waiting", () -> INSIDE.get() >= 2 || WAITING.get() == 0);
            } finally {
                INSIDE.decrementAndGet();
            }
        }
        return i;
    });
    static final Flow<Integer> TEN_AT_ONCE = Flow.of("ten-at-once", () -> {
        List<TaskFuture<Integer>> futures = IntStream.range(0, 10).mapToObj(i -> GUARDED.submit(i)).toList();
        return futures.stream().mapToInt(TaskFuture::result).sum();
    });

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        INSIDE.set(0);
        MOST.set(0);
        WAITING.set(0);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aLimitOfTwoOverTenConcurrentTasksNeverHasMoreThanTwoInside(TestDatabase database) {
        Map<String, String> env = Map.of("ORION_HOME", dir.toString(), "ORION_DATABASE_URL", database.url(dir));
        CliResult created = orion(env, "global-concurrency-limit", "create", "db", "--limit", "2");
        assertThat(created.exitCode()).as(created.toString()).isZero();

        FlowRunOutcome run;
        try (Orion orion = Orion.local(OrionSettings.fromMap(env))) {
            run = orion.run(TEN_AT_ONCE, Map.of());
        }

        assertThat(run.isCompleted()).as(String.valueOf(run.state())).isTrue();
        assertThat(run.result()).isEqualTo(45);
        assertThat(MOST.get()).isEqualTo(2);
        JsonNode after = readJson(orion(env, "global-concurrency-limit", "inspect", "db", "--json"));
        assertThat(after.get("active_slots").asInt()).as("every slot freed").isZero();
    }

    @Test
    void twoServersOnOnePostgresqlNeverLetMoreThanTheLimitIn() throws Exception {
        String url = TestDatabase.POSTGRESQL.url(dir);
        try (RunningServer a = RunningServer.start(url, dir.resolve("a"), null, 0);
             RunningServer b = RunningServer.start(url, dir.resolve("b"), null, 0)) {
            assertThat(orion(a.clientEnv(dir.resolve("a")), "global-concurrency-limit", "create", "db", "--limit", "2")
                    .exitCode()).isZero();
            try (Orion viaA = Orion.local(OrionSettings.fromMap(a.clientEnv(dir.resolve("a"))));
                 Orion viaB = Orion.local(OrionSettings.fromMap(b.clientEnv(dir.resolve("b"))))) {
                // The flow exists before both servers get its runs: two servers creating one flow at once
                // on PostgreSQL collide on its name (a separate bug, left to the shared-mode work).
                assertThat(viaA.run(TEN_AT_ONCE, Map.of()).isCompleted()).isTrue();
                var first = CompletableFuture.supplyAsync(() -> viaA.run(TEN_AT_ONCE, Map.of()));
                var second = CompletableFuture.supplyAsync(() -> viaB.run(TEN_AT_ONCE, Map.of()));
                assertThat(first.get().isCompleted()).as(String.valueOf(first.get().state())).isTrue();
                assertThat(second.get().isCompleted()).as(String.valueOf(second.get().state())).isTrue();
            }
            assertThat(MOST.get()).as("20 tasks through two servers, never more than 2 inside").isEqualTo(2);
        }
    }

    @Test
    void anUnknownLimitIsCreatedInactiveAndDoesNotLimit() {
        Map<String, String> env = Map.of("ORION_HOME", dir.toString());
        Flow<Integer> twice = Flow.of("twice", () -> {
            try (var a = Concurrency.occupy("fresh", 1); var b = Concurrency.occupy("fresh", 1)) {
                return 2;
            }
        });
        try (Orion orion = Orion.local(OrionSettings.fromMap(env))) {
            FlowRunOutcome run = orion.run(twice, Map.of());
            assertThat(run.isCompleted()).as("an inactive limit of 1 let both in").isTrue();
        }
        JsonNode db = readJson(orion(env, "global-concurrency-limit", "inspect", "fresh", "--json"));
        assertThat(db.get("active").asBoolean()).isFalse();
        assertThat(db.get("limit").asInt()).isEqualTo(1);
    }

    @Test
    void createLsInspectUpdateAndRmManageLimits() {
        Map<String, String> env = Map.of("ORION_HOME", dir.toString());

        CliResult created = orion(env, "global-concurrency-limit", "create", "api", "--limit", "5",
                "--slot-decay-per-second", "2.5");
        CliResult duplicate = orion(env, "global-concurrency-limit", "create", "api", "--limit", "1");
        CliResult updated = orion(env, "global-concurrency-limit", "update", "api", "--limit", "7", "--no-active", "--json");
        CliResult ls = orion(env, "global-concurrency-limit", "ls");

        assertThat(created.out()).isEqualTo("Global concurrency limit 'api' created with 5 slot(s).\n");
        assertThat(duplicate.exitCode()).isEqualTo(2);
        assertThat(duplicate.err()).isEqualTo("orion: a global concurrency limit named 'api' exists; change it with "
                + "'orion global-concurrency-limit update api'\n");
        JsonNode u = readJson(updated);
        assertThat(u.get("limit").asInt()).isEqualTo(7);
        assertThat(u.get("active").asBoolean()).isFalse();
        assertThat(u.get("slot_decay_per_second").asDouble()).isEqualTo(2.5);
        assertThat(ls.out()).startsWith("NAME").contains("api");
        assertThat(orion(env, "global-concurrency-limit", "rm", "api").out()).isEqualTo("Removed global concurrency limit 'api'.\n");
        CliResult gone = orion(env, "global-concurrency-limit", "inspect", "api");
        assertThat(gone.exitCode()).isEqualTo(2);
        assertThat(gone.err()).isEqualTo("orion: no global concurrency limit named 'api'; see 'orion global-concurrency-limit ls'\n");
    }

    @Test
    void askingForMoreSlotsThanTheLimitHasFailsTheTaskSayingSo() {
        Map<String, String> env = Map.of("ORION_HOME", dir.toString());
        orion(env, "global-concurrency-limit", "create", "tiny", "--limit", "1");
        Flow<String> greedy = Flow.of("greedy", () -> {
            try (var s = Concurrency.occupy("tiny", 2)) {
                return "inside";
            } catch (OrionException e) {
                return e.getMessage();
            }
        });
        try (Orion orion = Orion.local(OrionSettings.fromMap(env))) {
            assertThat((String) orion.run(greedy, Map.of()).result()).startsWith("asked for 2 slots of [tiny] but a limit has fewer");
        }
    }

    private static JsonNode readJson(CliResult r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        try {
            return JSON.readTree(r.out());
        } catch (Exception e) {
            throw new AssertionError(r.toString(), e);
        }
    }
}
