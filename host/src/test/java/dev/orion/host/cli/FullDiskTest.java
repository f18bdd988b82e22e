package dev.orion.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.StateType;
import dev.orion.host.store.Database;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.RunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An embedded run on SQLite whose disk fills up (made with {@code PRAGMA max_page_count}). */
class FullDiskTest {

    static final String FLOW = """
            import dev.orion.api.*;
            import java.util.stream.IntStream;

            public class Many {
                static final Task<String> pad = Task.of("pad", (Integer x) -> "x".repeat(200) + x);
                public static final Flow<Integer> many = Flow.of("many", (Integer n) ->
                        pad.map(IntStream.range(0, n).boxed().toList()).size());
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aFullDiskEndsTheRunCrashedWithOneLineNamingItAndTheNextRunWorksOnceThereIsSpace() throws Exception {
        Path flow = dir.resolve("Many.java");
        Files.writeString(flow, FLOW);
        Path file = dir.resolve("orion.db");
        String url = "jdbc:sqlite:" + file;
        long pages;
        try (Database db = Database.open(url)) {
            pages = db.query("PRAGMA page_count", ps -> { }, rs -> rs.getLong(1)).getFirst();
        }

        CliResult full = CliResult.orion(Map.of("ORION_HOME", dir.toString(),
                "ORION_DATABASE_URL", url + "?max_page_count=" + (pages + 40)), "run", flow.toString(), "--param", "n=5000");

        assertThat(full.exitCode()).as(full.toString()).isEqualTo(1);
        assertThat(full.err()).as(full.toString()).contains("the disk holding " + file + " is full")
                .doesNotContain("no transaction is active");
        assertThat(full.err().lines().filter(l -> l.contains("is full")).count()).as(full.toString()).isEqualTo(1);
        try (Database db = Database.open(url)) {
            assertThat(db.query("PRAGMA integrity_check", ps -> { }, rs -> rs.getString(1))).containsExactly("ok");
            List<RunRow> runs = new RunStore(db).listFlowRuns(10, null, null);
            assertThat(runs).hasSize(1);
            assertThat(runs.getFirst().state().type()).isEqualTo(StateType.CRASHED);
            assertThat(runs.getFirst().state().message()).contains("is full");
        }

        CliResult next = CliResult.orion(Map.of("ORION_HOME", dir.toString(), "ORION_DATABASE_URL", url),
                "run", flow.toString(), "--param", "n=20");
        assertThat(next.exitCode()).as(next.toString()).isZero();
    }
}
