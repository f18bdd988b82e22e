package dev.orion.host.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StoreWriterTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aFailingWriteLosesOnlyItselfNotTheRestOfItsGroup(TestDatabase kind) throws Exception {
        try (Database db = kind.open(dir)) {
            StoreWriter writer = db.writer();
            String insert = "INSERT INTO flow (id, name, created) VALUES (?, ?, 0)";
            CompletableFuture<Object> good1 = writer.enqueue(b -> {
                var ps = b.statement(insert);
                ps.setString(1, "a");
                ps.setString(2, "first");
                ps.addBatch();
            });
            CompletableFuture<Object> bad = writer.enqueue(b -> {
                var ps = b.statement(insert);
                ps.setString(1, "a");
                ps.setString(2, "duplicate id");
                ps.addBatch();
            });
            CompletableFuture<Object> good2 = writer.enqueue(b -> {
                var ps = b.statement(insert);
                ps.setString(1, "b");
                ps.setString(2, "second");
                ps.addBatch();
            });
            writer.flush();

            assertThat(good1).isCompleted().isNotCompletedExceptionally();
            assertThat(good2).isCompleted().isNotCompletedExceptionally();
            assertThat(bad).isCompletedExceptionally();
            List<String> names = db.query("SELECT name FROM flow ORDER BY id", ps -> { }, rs -> rs.getString(1));
            assertThat(names).containsExactly("first", "second");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void writesWithTheSameKeyInOneGroupKeepTheLast(TestDatabase kind) {
        try (Database db = kind.open(dir)) {
            StoreWriter writer = db.writer();
            CountDownLatch gate = holdWriter(writer);
            for (String name : List.of("one", "two", "three")) {
                writer.enqueue("flow:x", b -> {
                    var ps = b.statement("INSERT INTO flow (id, name, created) VALUES ('x', ?, 0) "
                            + "ON CONFLICT (id) DO UPDATE SET name = excluded.name");
                    ps.setString(1, name);
                    ps.addBatch();
                });
            }
            gate.countDown();
            writer.flush();
            assertThat(db.query("SELECT name FROM flow", ps -> { }, rs -> rs.getString(1))).containsExactly("three");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aKeyedRowSupersedesTheOneStillQueuedWhateverCameBetweenAndBothFuturesComplete(TestDatabase kind) {
        try (Database db = kind.open(dir)) {
            StoreWriter writer = db.writer();
            CountDownLatch gate = holdWriter(writer);
            String upsert = "INSERT INTO flow (id, name, created) VALUES (?, ?, ?) "
                    + "ON CONFLICT (id) DO UPDATE SET name = excluded.name, created = excluded.created";
            CompletableFuture<Object> first = writer.enqueue("x", new SqlRow(upsert, new Object[] {"x", "one", 1L}));
            CompletableFuture<Object> other = writer.enqueue(new SqlRow(upsert, new Object[] {"y", "other", 2L}));
            CompletableFuture<Object> last = writer.enqueue("x", new SqlRow(upsert, new Object[] {"x", "two", 3L}));
            assertThat(first).isNotDone();
            gate.countDown();
            writer.flush();

            assertThat(List.of(first, other, last)).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
            assertThat(db.query("SELECT name || ':' || created FROM flow ORDER BY id", ps -> { }, rs -> rs.getString(1)))
                    .containsExactly("two:3", "other:2");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anEncodedRowBindsTextNumbersAndTypedNulls(TestDatabase kind) {
        try (Database db = kind.open(dir)) {
            String insert = "INSERT INTO decision (id, run_id, run_kind, from_type, proposed_type, proposed_name, status,"
                    + " delay_seconds, forced, timestamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
            db.writer().enqueue(new SqlRow(insert, new Object[] {"d1", "r1", "TASK", SqlRow.text(null), "RUNNING",
                "Running", "ACCEPT", SqlRow.real(null), 0, 5L}));
            db.writer().enqueue(new SqlRow(insert, new Object[] {"d2", "r1", "TASK", "PENDING", "RUNNING",
                "Running", "WAIT", 1.5, 1, SqlRow.bigint(7L)}));
            db.writer().flush();

            assertThat(db.query("SELECT id, from_type, delay_seconds, forced, timestamp FROM decision ORDER BY id",
                    ps -> { }, rs -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getObject(3) + " "
                            + rs.getInt(4) + " " + rs.getLong(5)))
                    .containsExactly("d1 null null 0 5", "d2 PENDING 1.5 1 7");
        }
    }

    /** Holds the writer in a transaction until the latch is counted down, so what is queued meanwhile waits. */
    /**
     * A group that does not fit on the disk keeps, in order, what does; the writes after it, on
     * the connection the full disk left behind, are still transactions (none is written twice
     * or lost to "no transaction is active").
     */
    @Test
    void aFullDiskKeepsTheWritesThatFitAndTheNextGroupsStayWhole() throws Exception {
        Path file = dir.resolve("small.db");
        long pages;
        try (Database db = Database.open("jdbc:sqlite:" + file)) {
            pages = db.query("PRAGMA page_count", ps -> { }, rs -> rs.getLong(1)).getFirst();
        }
        try (Database db = Database.open("jdbc:sqlite:" + file + "?max_page_count=" + (pages + 8))) {
            StoreWriter writer = db.writer();
            String insert = "INSERT INTO flow (id, name, created) VALUES (?, ?, 0)";
            for (int round = 0; round < 3; round++) {
                CountDownLatch gate = holdWriter(writer);
                String first = "first-" + round;
                CompletableFuture<Object> fits = writer.enqueue(new SqlRow(insert, new Object[] {first, first}));
                List<CompletableFuture<Object>> large = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    String id = round + "-" + i;
                    large.add(writer.enqueue(new SqlRow(insert, new Object[] {id, id + "x".repeat(4_000)})));
                }
                gate.countDown();
                large.getLast().handle((result, error) -> null).join(); // the group's writes complete in order

                assertThat(fits).as("round %d", round).isCompleted().isNotCompletedExceptionally();
                assertThat(large).as("round %d", round).anySatisfy(f -> assertThat(f).isCompletedExceptionally());
                assertThat(writer.condition()).hasValueSatisfying(c -> assertThat(c.getMessage()).contains("is full"));
                assertThat(db.query("SELECT count(*) FROM flow WHERE id = ?", ps -> ps.setString(1, first),
                        rs -> rs.getInt(1))).containsExactly(1);
                // Make room again for the next round.
                writer.transact(c -> {
                    try (var ps = c.prepareStatement("DELETE FROM flow WHERE length(name) > 100")) {
                        return ps.executeUpdate();
                    }
                });
            }
        }
    }

    private static CountDownLatch holdWriter(StoreWriter writer) {
        var gate = new CountDownLatch(1);
        writer.enqueue(b -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return gate;
    }
}
