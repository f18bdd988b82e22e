package dev.orion.host.store;

import dev.orion.api.State;
import dev.orion.host.util.Ids;
import dev.orion.host.util.Json;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Completed task states stored by cache key, for Prefect-style task caching. Thread-safe. */
public final class CacheStore {

    private static final String INSERT = Sql.insert("task_cache",
            List.of("id", "cache_key", "task_run_id", "state", "expiration", "created"));

    private final Database db;

    public CacheStore(Database db) {
        this.db = db;
    }

    /** Queues a cache entry. */
    public CompletableFuture<Object> put(String key, State state, Instant expiration, UUID taskRunId) {
        return db.writer().enqueue(batch -> {
            PreparedStatement ps = batch.statement(INSERT);
            ps.setString(1, Ids.next().toString());
            ps.setString(2, key);
            Sql.setString(ps, 3, taskRunId);
            ps.setString(4, Json.write(state));
            Sql.setLong(ps, 5, Sql.micros(expiration));
            ps.setLong(6, Sql.micros(Instant.now()));
            ps.addBatch();
        });
    }

    /** The newest committed state under the key that has not expired at {@code now}. */
    public Optional<State> find(String key, Instant now) {
        return db.query("SELECT state FROM task_cache WHERE cache_key = ? AND (expiration IS NULL OR expiration > ?) "
                        + "ORDER BY created DESC LIMIT 1",
                ps -> {
                    ps.setString(1, key);
                    ps.setLong(2, Sql.micros(now));
                },
                rs -> Json.read(rs.getString(1), State.class)).stream().findFirst();
    }
}
