package dev.orion.host.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.Flow;
import dev.orion.api.RunContext;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.Task;
import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.cli.Main;
import dev.orion.host.client.RunningServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RunPrunerTest {

    @TempDir
    Path dir;

    static final Task<Integer> add = Task.of("add", (Integer x) -> x + 1).withCacheByInputs(Duration.ofHours(1));
    static final Flow<Integer> child = Flow.of("prune-child", (Integer x) -> add.call(x) * 2);
    /** A result too large to be kept in its state: it goes to a result file. */
    static final Task<String> large = Task.of("large", (Integer x) -> "x".repeat(2_000) + x).withCacheByInputs(Duration.ofHours(1));
    static final Flow<Integer> parent = Flow.of("prune-parent", (Integer x) -> {
        RunContext.logger().info("adding {}", x);
        large.call(x);
        return add.call(x) + child.call(x);
    });

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void pruningLeavesNoOrphanRowsNoUnreferencedResultsAndKeepsWhatIsStillRunning(TestDatabase kind) throws Exception {
        Map<String, String> env = Map.of("ORION_HOME", dir.resolve("home").toString(), "ORION_DATABASE_URL", kind.url(dir));
        OrionSettings settings = OrionSettings.fromMap(env);
        UUID running;
        try (Orion orion = Orion.local(settings)) {
            assertThat(orion.call(parent, 1)).isEqualTo(6);
            assertThat(orion.call(parent, 1)).isEqualTo(6); // its add is Cached: shares the first run's result
            RunRow.Builder b = RunRow.builder(UUID.randomUUID(), RunKind.FLOW);
            b.flowName = "still-running";
            running = orion.orchestrator().createRun(b.build()).id();
            orion.orchestrator().propose(running, RunKind.FLOW, State.running(), false);
        }
        assertThat(resultFiles(settings)).isNotEmpty();

        assertThat(prune(env, "--older-than", "0s", "--state", "FAILED")).contains("Deleted 0 flow runs");
        String out = prune(env, "--older-than", "0s");

        assertThat(out).contains("Deleted 4 flow runs"); // two parents, two subflow runs
        try (Database db = Database.open(settings.databaseUrl())) {
            assertThat(db.query("SELECT id FROM flow_run", ps -> { }, rs -> rs.getString(1)))
                    .containsExactly(running.toString());
            assertThat(orphans(db)).isEmpty();
            assertThat(db.query("SELECT COUNT(*) FROM log", ps -> { }, rs -> rs.getInt(1))).containsExactly(0);
        }
        assertThat(resultFiles(settings)).isEmpty();
    }

    static final Flow<Integer> busy = Flow.of("busy", (Integer x) -> add.call(x) + add.call(x + 1));

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void pruningWhileAServerServesLosesNoRunOfItsAndLeavesNoOrphans(TestDatabase kind) throws Exception {
        String url = kind.url(dir);
        Map<String, String> env = Map.of("ORION_HOME", dir.resolve("home").toString(), "ORION_DATABASE_URL", url);
        try (RunningServer server = RunningServer.start(url, dir, null, 0);
             Orion client = Orion.local(OrionSettings.fromMap(server.clientEnv(dir)))) {
            for (int i = 0; i < 30; i++) {
                assertThat(client.call(busy, i)).isEqualTo(2 * i + 3);
            }
            // Flows keep running through the server while the CLI prunes the same database.
            var serving = CompletableFuture.supplyAsync(() -> {
                List<State> ends = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    ends.add(client.run(busy, Map.of("x", i)).state());
                }
                return ends;
            });
            String out = prune(env, "--older-than", "0s");

            assertThat(out).containsPattern("Deleted \\d+ flow runs");
            assertThat(serving.get()).hasSize(40).allMatch(s -> s.type() == StateType.COMPLETED);
            try (Database db = Database.open(url)) {
                assertThat(orphans(db)).isEmpty();
                assertThat(db.query("SELECT COUNT(*) FROM flow_run", ps -> { }, rs -> rs.getInt(1)).getFirst())
                        .isLessThan(70);
            }
        }
    }

    private static String prune(Map<String, String> env, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        String[] all = Stream.concat(Stream.of("db", "prune"), Stream.of(args)).toArray(String[]::new);
        int code = Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<Path> resultFiles(OrionSettings settings) throws Exception {
        if (!Files.isDirectory(settings.storageDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(settings.storageDir())) {
            return files.toList();
        }
    }

    /** Every row, in every table, whose run reference names no existing run. */
    private static List<String> orphans(Database db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connection()) {
            var meta = c.getMetaData();
            List<String[]> refs = new ArrayList<>();
            try (ResultSet cols = meta.getColumns(null, c.getSchema(), null, null)) {
                while (cols.next()) {
                    String table = cols.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                    String column = cols.getString("COLUMN_NAME").toLowerCase(Locale.ROOT);
                    if (column.endsWith("run_id") && !table.startsWith("flyway")) {
                        refs.add(new String[] {table, column});
                    }
                }
            }
            assertThat(refs).extracting(r -> r[0] + "." + r[1])
                    .contains("run_state.run_id", "decision.run_id", "log.flow_run_id", "task_run.flow_run_id",
                            "flow_run.parent_task_run_id", "task_cache.task_run_id");
            for (String[] r : refs) {
                String target = switch (r[1]) {
                    case "flow_run_id" -> "SELECT id FROM flow_run";
                    case "task_run_id", "parent_task_run_id" -> "SELECT id FROM task_run";
                    default -> "SELECT id FROM flow_run UNION SELECT id FROM task_run";
                };
                try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + r[0]
                        + " WHERE " + r[1] + " IS NOT NULL AND " + r[1] + " NOT IN (" + target + ")")) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        out.add(r[0] + "." + r[1] + ": " + rs.getInt(1));
                    }
                }
            }
        }
        return out;
    }
}
