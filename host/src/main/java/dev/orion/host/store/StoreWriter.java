package dev.orion.host.store;

import dev.orion.api.OrionException;
import dev.orion.host.util.RetryWindow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of a {@link Database}: every write is queued here and one thread commits
 * them in groups, many writes to one transaction (group commit). SQLite never sees two
 * writers, so "database is locked" cannot happen, and batching is where the speed is.
 *
 * <p>The writer thread does only what must be serial: it binds rows to cached prepared
 * statements, executes them in JDBC batches (all the rows of one statement in a group go in one
 * batch) and commits. Most writes arrive as an {@link SqlRow} encoded by the thread that queued
 * it (JSON, ids, timestamps already text or numbers); a {@link Write} binds its own rows and is
 * for the rarer writes. A write with a coalescing key supersedes the write with the same key
 * still waiting in the queue, wherever it waits (a run row updated three times before the
 * writer reaches it is written once, as the last update left it, at the last one's place); the
 * superseded write's future completes with the one that replaced it. A write failing makes its
 * group retry write by write, so one bad row loses only itself; a full disk makes it write in
 * order until a write does not fit, so what fits is kept. Thread-safe.
 */
public final class StoreWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);
    private static final int MAX_GROUP = 4_000;

    /** Adds rows to the current group's statements. */
    @FunctionalInterface
    public interface Write {
        void apply(Batch batch) throws SQLException;
    }

    /** Work that reads and writes in the writer's transaction and returns a value. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** The group being written: prepared statements reused across writes. */
    public interface Batch {
        /** The statement for this SQL; call {@code addBatch()} after setting its parameters. */
        PreparedStatement statement(String sql) throws SQLException;
    }

    private record Item(SqlRow row, Write write, Work<?> work, Object key, CompletableFuture<Object> done) {
    }

    private final Database database;
    /** Back-pressure: producers wait when this many writes are queued, so memory stays bounded. */
    private static final int MAX_QUEUED = 100_000;

    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final Thread thread;
    private volatile boolean closed;
    private Connection connection;
    private long connectedAt;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    /** The keyed writes waiting in the queue, by key: the writer claims one by removing it. */
    private final ConcurrentHashMap<Object, Item> waiting = new ConcurrentHashMap<>();

    private final AtomicReference<DatabaseConditionException> condition = new AtomicReference<>();
    private final Duration retryWindow = RetryWindow.fromEnvironment();

    StoreWriter(Database database) {
        this.database = database;
        this.thread = Thread.ofPlatform().daemon().name("orion-store-writer").unstarted(this::loop);
        this.thread.start();
    }

    /** Queues a write for the next group; the future completes when it is committed. */
    public CompletableFuture<Object> enqueue(Write write) {
        return offer(new Item(null, write, null, null, new CompletableFuture<>()));
    }

    /** Queues a row encoded by the caller; the future completes when it is committed. */
    CompletableFuture<Object> enqueue(SqlRow row) {
        return offer(new Item(row, null, null, null, new CompletableFuture<>()));
    }

    /** Queues a row that supersedes the row or write with the same key still waiting in the queue. */
    CompletableFuture<Object> enqueue(Object coalescingKey, SqlRow row) {
        return offer(new Item(row, null, null, coalescingKey, new CompletableFuture<>()));
    }

    /**
     * Queues a write that supersedes any not-yet-written write with the same key (for a
     * row that holds the latest state of something).
     */
    public CompletableFuture<Object> enqueue(String coalescingKey, Write write) {
        return offer(new Item(null, write, null, coalescingKey, new CompletableFuture<>()));
    }

    /** Runs work inside the writer's transaction, after every write queued before it, and waits for its commit. */
    @SuppressWarnings("unchecked")
    public <T> T transact(Work<T> work) {
        if (onWriterThread()) {
            // Work started from inside the writer's own transaction (a rule deciding in it) joins it.
            try {
                return work.apply(connection());
            } catch (SQLException e) {
                throw new OrionException("database write failed: " + shorten(e.getMessage()), e);
            }
        }
        return (T) await(offer(new Item(null, null, work, null, new CompletableFuture<>())));
    }

    /**
     * The condition of the disk or file (full, I/O error, lock held too long) that made a write
     * fail, once one did: the run in progress ends Crashed naming it.
     */
    public Optional<DatabaseConditionException> condition() {
        return Optional.ofNullable(condition.get());
    }

    /** Whether the caller is the writer thread itself (inside a {@link #transact} work). */
    public boolean onWriterThread() {
        return Thread.currentThread() == thread;
    }

    /** How many writes wait in the queue now (for the writer queue depth metric). */
    public int queuedWrites() {
        return queue.size();
    }

    /** Blocks until every write queued before this call is committed; on the writer thread, a no-op. */
    public void flush() {
        if (!closed && !onWriterThread()) {
            await(offer(new Item(null, null, c -> null, null, new CompletableFuture<>())));
        }
    }

    private CompletableFuture<Object> offer(Item item) {
        if (closed) {
            throw new OrionException("the database at " + database.displayUrl() + " is closed");
        }
        if (item.key != null) {
            supersede(item);
        }
        if (onWriterThread()) {
            // The writer must never wait on its own queue: a write queued from inside its
            // transaction goes into a later group, or, with the queue full, right into this one.
            if (!queue.offer(item)) {
                if (claim(item)) {
                    runNow(item);
                }
            }
            return item.done;
        }
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrionException("interrupted while queueing a database write", e);
        }
        return item.done;
    }

    /**
     * Makes the item the one waiting write of its key: the write it replaces, if the writer has
     * not claimed it yet, is skipped and completes when this one does.
     */
    private void supersede(Item item) {
        Item replaced = waiting.put(item.key, item);
        if (replaced != null) {
            item.done.whenComplete((result, error) -> {
                if (error != null) {
                    replaced.done.completeExceptionally(error);
                } else {
                    replaced.done.complete(result);
                }
            });
        }
    }

    /** Whether the writer may write this item: keyed items not superseded meanwhile are claimed. */
    private boolean claim(Item item) {
        return item.key == null || waiting.remove(item.key, item);
    }

    private void runNow(Item item) {
        try {
            Connection c = connection();
            Map<String, PreparedStatement> own = new HashMap<>();
            Write write = item.row != null ? batch -> item.row.addTo(batch.statement(item.row.sql())) : item.write;
            write.apply(sql -> {
                PreparedStatement ps = own.get(sql);
                if (ps == null) {
                    ps = c.prepareStatement(sql);
                    own.put(sql, ps);
                }
                return ps;
            });
            for (PreparedStatement ps : own.values()) {
                ps.executeBatch();
                ps.close();
            }
            item.done.complete(null);
        } catch (SQLException e) {
            item.done.completeExceptionally(new OrionException("database write failed: " + shorten(e.getMessage()), e));
        }
    }

    private static Object await(CompletableFuture<Object> future) {
        try {
            return future.get(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrionException("interrupted while waiting for the database", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new OrionException("database write failed: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new OrionException("the database did not answer within 10 minutes", e);
        }
    }

    private void loop() {
        List<Item> taken = new ArrayList<>();
        List<Item> group = new ArrayList<>();
        while (true) {
            try {
                Item first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed && queue.isEmpty()) {
                        break;
                    }
                    continue;
                }
                taken.add(first);
                queue.drainTo(taken, MAX_GROUP - 1);
                for (Item item : taken) {
                    if (claim(item)) {
                        group.add(item);
                    }
                }
                if (!group.isEmpty()) {
                    writeGroup(group);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.error("store writer failed; continuing", e);
            } finally {
                taken.clear();
                group.clear();
            }
        }
        closeConnection();
    }

    private void writeGroup(List<Item> group) {
        Object[] results = new Object[group.size()];
        long waitUntil = 0;
        for (int attempt = 1; ; attempt++) {
            try {
                commit(group, results);
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).done.complete(results[i]);
                }
                return;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                // Another process writing the same SQLite file can hold its lock for a while: keep trying.
                if (attempt < 20 && isTransient(e)) {
                    sleepQuietly(Math.min(250L, 20L * attempt));
                    continue;
                }
                DatabaseFailure failure = database.unavailable(e).isPresent() ? DatabaseFailure.UNAVAILABLE
                        : DatabaseFailure.of(e).orElse(null);
                if (failure == null && condition.get() != null) {
                    // After a full disk SQLite may roll back by itself; what follows ("cannot commit -
                    // no transaction is active") is the same condition, not a new one to report.
                    failure = condition.get().failure();
                }
                if (failure == DatabaseFailure.UNAVAILABLE) {
                    // The database restarts or fails over: hold the group (nothing is lost) until it is back.
                    waitUntil = waitUntil == 0 ? System.nanoTime() + retryWindow.toNanos() : waitUntil;
                    if (System.nanoTime() < waitUntil && !closed) {
                        discardConnection();
                        sleepQuietly(DatabaseOutage.PROBE_EVERY.toMillis());
                        continue;
                    }
                }
                if (failure != null && failure != DatabaseFailure.CONFLICT) {
                    // The same for every write of the group: fail them all at once, said once, not one line each.
                    RuntimeException error;
                    if (failure == DatabaseFailure.UNAVAILABLE) {
                        LOG.error("database write failed: {}", shorten(e.getMessage()));
                        error = new DatabaseUnavailableException("database write failed: " + shorten(e.getMessage()), e);
                    } else {
                        // SQLite may have rolled the transaction back itself: start the next group on a fresh connection.
                        discardConnection();
                        if (group.size() > 1) {
                            // A full disk may still hold the group's first writes (a flow run's own row, say):
                            // keep what fits, in order, so that nothing before the failing write is lost.
                            writeInOrderUntilOneFails(group);
                            return;
                        }
                        DatabaseConditionException c = new DatabaseConditionException(failure,
                                failure.describe(database.file()), e);
                        if (condition.compareAndSet(null, c)) {
                            LOG.error("{}", c.getMessage());
                        }
                        error = condition.get();
                    }
                    for (Item item : group) {
                        item.done.completeExceptionally(error);
                    }
                    return;
                }
                if (group.size() == 1) {
                    String why = shorten(e.getMessage());
                    LOG.error("database write failed: {}", why);
                    group.getFirst().done.completeExceptionally(new OrionException("database write failed: " + why, e));
                    return;
                }
                writeOneByOne(group);
                return;
            }
        }
    }

    private void writeOneByOne(List<Item> group) {
        for (Item item : group) {
            writeGroup(new ArrayList<>(List.of(item)));
        }
    }

    /** Each write on its own, in order. */
    private void writeInOrderUntilOneFails(List<Item> group) {
        Throwable failed = null;
        for (Item item : group) {
            if (failed != null) {
                item.done.completeExceptionally(failed); // a later write may depend on the failed one: not tried
            } else {
                writeGroup(new ArrayList<>(List.of(item)));
                failed = item.done.isCompletedExceptionally() ? item.done.exceptionNow() : null;
            }
        }
    }

    private void commit(List<Item> group, Object[] results) throws SQLException {
        Connection c = connection();
        LinkedHashSet<PreparedStatement> pending = new LinkedHashSet<>();
        Batch batch = sql -> {
            PreparedStatement ps = statements.get(sql);
            if (ps == null) {
                ps = c.prepareStatement(sql);
                statements.put(sql, ps);
            }
            pending.add(ps);
            return ps;
        };
        for (int i = 0; i < group.size(); i++) {
            Item item = group.get(i);
            if (item.row != null) {
                item.row.addTo(batch.statement(item.row.sql()));
            } else if (item.write != null) {
                item.write.apply(batch);
            } else {
                executeAll(pending);
                results[i] = item.work.apply(c);
            }
        }
        executeAll(pending);
        StoreMeters.commit(c);
    }

    private static void executeAll(LinkedHashSet<PreparedStatement> pending) throws SQLException {
        for (PreparedStatement ps : pending) {
            ps.executeBatch();
        }
        pending.clear();
    }

    private Connection connection() throws SQLException {
        if (connection != null && connectedAt != database.outage().recoveries()) {
            discardConnection(); // opened before the database last came back: it spoke to a server that is gone
        }
        if (connection == null || connection.isClosed()) {
            connectedAt = database.outage().recoveries();
            statements.clear();
            connection = database.connection();
            connection.setAutoCommit(false);
        }
        return connection;
    }

    private void rollbackQuietly() {
        try {
            if (connection != null && !connection.isClosed()) {
                connection.rollback();
                if (!connection.isValid(2)) {
                    discardConnection();
                }
            }
        } catch (SQLException e) {
            discardConnection();
        }
    }

    /** Closes the connection and keeps it out of the pool: a failed write may have left it unfit to lend again. */
    private void discardConnection() {
        Connection failed = connection;
        if (failed != null) {
            closeConnection();
            database.discard(failed); // returned to the pool just now: closed there, not lent again
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                for (PreparedStatement ps : statements.values()) {
                    ps.close();
                }
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the writer connection: {}", e.getMessage());
            }
            statements.clear();
            connection = null;
        }
    }

    /** Driver messages can quote a whole batch statement; keep the start and the cause. */
    private static String shorten(String message) {
        if (message == null || message.length() <= 400) {
            return message;
        }
        int error = message.lastIndexOf("ERROR:");
        String tail = error > 0 ? message.substring(error) : "";
        return message.substring(0, 200) + " ... " + (tail.length() > 300 ? tail.substring(0, 300) : tail);
    }

    private static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                // PostgreSQL serialization failure / deadlock; SQLite busy or locked.
                if ("40001".equals(state) || "40P01".equals(state)) {
                    return true;
                }
                String m = String.valueOf(sql.getMessage());
                if (m.contains("SQLITE_BUSY") || m.contains("database is locked")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes what is queued, then stops the writer thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("flushing on close: {}", e.getMessage());
        }
        closed = true;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
