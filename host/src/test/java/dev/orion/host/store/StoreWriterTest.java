package dev.orion.host.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
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
            // Hold the writer in a transaction so the three writes below land in one group.
            var gate = new CountDownLatch(1);
            writer.enqueue(b -> {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
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
}
