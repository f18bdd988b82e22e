package dev.orion.host.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the work-queue polls waiting on a server that a run may have become due, so that an idle
 * worker hears of a new run at once instead of at its next poll: within this process directly,
 * and on PostgreSQL to every server on the database through {@code LISTEN/NOTIFY} (a notification
 * is sent on a pooled connection after the run's commit; a connection of its own listens, from
 * the first wait on, so that a server no worker waits on holds none).
 * Waiters hold no connection. A signal says only "look again", never which run; a lost one costs
 * at most a poll interval, since polls stay the fallback. Thread-safe.
 */
public final class DueRunSignal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DueRunSignal.class);
    static final String CHANNEL = "orion_runs_due";

    private final Database db;
    private final Object monitor = new Object();
    private long version;
    private final AtomicBoolean notifyQueued = new AtomicBoolean();
    private final boolean shared;
    private Thread listener;
    private volatile boolean closed;

    private DueRunSignal(Database db) {
        this.db = db;
        this.shared = db.dialect() == Database.Dialect.POSTGRESQL;
    }

    /** A signal for the servers on {@code db}. */
    public static DueRunSignal open(Database db) {
        return new DueRunSignal(db);
    }

    /** The number of signals seen so far: pass it to {@link #await} to wait for the next one. */
    public long version() {
        synchronized (monitor) {
            return version;
        }
    }

    /**
     * Says that runs may have become due (call it after their commit): wakes this process's
     * waiters now and, on PostgreSQL, the other servers' through a notification sent in the
     * background (signals that arrive while one is being sent share the next).
     */
    public void signal() {
        wake();
        if (shared && !closed && notifyQueued.compareAndSet(false, true)) {
            Thread.ofVirtual().name("orion-runs-due-notify").start(this::sendNotification);
        }
    }

    /**
     * Waits until a signal after {@code seen} (a {@link #version()}) or until {@code timeout};
     * answers whether one came (false also once closed).
     */
    public boolean await(long seen, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (monitor) {
            if (shared && listener == null && !closed) {
                listener = Thread.ofPlatform().name("orion-runs-due-listener").daemon().start(this::listen);
            }
            while (version == seen && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                monitor.wait(Math.max(1, left / 1_000_000), 0);
            }
            return version != seen && !closed;
        }
    }

    private void wake() {
        synchronized (monitor) {
            version++;
            monitor.notifyAll();
        }
    }

    private void sendNotification() {
        notifyQueued.set(false);
        try (Connection c = db.connection(); var s = c.createStatement()) {
            s.execute("NOTIFY " + CHANNEL);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("could not notify the other servers of due runs: {}", e.toString());
        }
    }

    /** Listens on a connection of its own; reconnects after a failure (a database outage). */
    private void listen() {
        while (!closed) {
            try (Connection c = db.ownConnection()) {
                try (var s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                wake(); // anything notified while this was not listening
                while (!closed) {
                    PGNotification[] got = pg.getNotifications(1000);
                    if (got != null && got.length > 0) {
                        wake();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.debug("listening for due runs failed, again in a second: {}", e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Stops listening and releases the waiters. */
    @Override
    public void close() {
        Thread listening;
        synchronized (monitor) {
            closed = true;
            monitor.notifyAll();
            listening = listener;
        }
        if (listening != null) {
            listening.interrupt();
            try {
                listening.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
