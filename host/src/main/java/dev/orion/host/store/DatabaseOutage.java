package dev.orion.host.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A breaker on the database: the first failure that shows the database is unreachable opens
 * it, and from then on callers are told at once ({@link #check()}) instead of each waiting for
 * the pool's connection timeout. While open, a probe tries a fresh connection every
 * {@link #PROBE_EVERY}; the first that works closes it. The log says once that the database is
 * unreachable and once that it is back. Thread-safe.
 */
public final class DatabaseOutage {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutage.class);
    /** How often the probe tries the database while it is down. */
    public static final Duration PROBE_EVERY = Duration.ofMillis(500);

    /** Tries the database once; throws when it cannot be reached. */
    @FunctionalInterface
    public interface Probe {
        void reach() throws Exception;
    }

    private record Down(Instant since, String reason) {
    }

    private final String database;
    private final Probe probe;
    private final Runnable onBack;
    private final AtomicReference<Down> down = new AtomicReference<>();
    private final AtomicLong recoveries = new AtomicLong();

    DatabaseOutage(String database, Probe probe, Runnable onBack) {
        this.database = database;
        this.probe = probe;
        this.onBack = onBack;
    }

    /**
     * How many times the database came back: a connection opened before the latest return is
     * likely dead (the server it spoke to restarted), and is best replaced before use.
     */
    public long recoveries() {
        return recoveries.get();
    }

    /** Whether the database is known to be unreachable now. */
    public boolean isDown() {
        return down.get() != null;
    }

    /** Why the database is known to be down, if it is. */
    public Optional<String> reason() {
        return Optional.ofNullable(down.get()).map(Down::reason);
    }

    /** Throws {@link DatabaseUnavailableException} at once while the database is known to be down. */
    public void check() {
        Down d = down.get();
        if (d != null) {
            throw new DatabaseUnavailableException("the database at " + database + " is unreachable ("
                    + d.reason() + "); Orion is waiting for it to come back", null);
        }
    }

    /**
     * Notes a failure: when its cause chain shows the database is unreachable, opens the breaker
     * (logging once) and starts probing.
     *
     * @return whether the failure was one of an unreachable database
     */
    public boolean failed(Throwable e) {
        if (DatabaseFailure.of(e).orElse(null) != DatabaseFailure.UNAVAILABLE) {
            return false;
        }
        if (e instanceof DatabaseUnavailableException && isDown()) {
            return true;
        }
        Down d = new Down(Instant.now(), rootMessage(e));
        if (down.compareAndSet(null, d)) {
            LOG.warn("the database at {} is unreachable ({}); answering 503 and retrying until it is back",
                    database, d.reason());
            Thread.ofVirtual().name("orion-database-probe").start(this::probeUntilBack);
        }
        return true;
    }

    private void probeUntilBack() {
        while (true) {
            try {
                Thread.sleep(PROBE_EVERY);
                probe.reach();
                break;
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // still down
            }
        }
        onBack.run();
        recoveries.incrementAndGet();
        Down d = down.getAndSet(null);
        LOG.warn("the database at {} is back after {} s", database,
                d == null ? 0 : Duration.between(d.since(), Instant.now()).toSeconds());
    }

    /** The innermost cause's message, first line only. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }
}
