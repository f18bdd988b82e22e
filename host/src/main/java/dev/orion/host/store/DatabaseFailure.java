package dev.orion.host.store;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

/**
 * What kind of database failure an exception is, read from its cause chain: one that passes
 * (the database is unreachable, restarting or failing over; a serialization conflict) and one
 * of the conditions that end an embedded run (a full disk, an I/O error, a lock held too long).
 */
public enum DatabaseFailure {
    /** The database cannot be reached: lost connection, shutdown, failover, a pool that cannot connect. */
    UNAVAILABLE,
    /** A serialization failure or deadlock: trying again succeeds. */
    CONFLICT,
    /** SQLite: the disk holding the database is full (or {@code max_page_count} reached). */
    DISK_FULL,
    /** SQLite: the operating system reported an I/O error. */
    IO_ERROR,
    /** SQLite: another process held the database's lock past the busy timeout. */
    LOCKED;

    /** The transient failure in {@code e}'s cause chain, if any; a condition of the disk otherwise. */
    public static Optional<DatabaseFailure> of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DatabaseUnavailableException) {
                return Optional.of(UNAVAILABLE);
            }
            if (t instanceof SQLTransientConnectionException || t instanceof ConnectException) {
                return Optional.of(UNAVAILABLE);
            }
            if (t instanceof SQLException sql) {
                Optional<DatabaseFailure> f = ofSql(sql);
                if (f.isPresent()) {
                    return f;
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the failure passes by itself, so that the caller should answer 503 or wait. */
    public boolean isTransient() {
        return this == UNAVAILABLE || this == CONFLICT;
    }

    private static Optional<DatabaseFailure> ofSql(SQLException sql) {
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        String m = String.valueOf(sql.getMessage());
        // 08: connection exception; 57P01-03: admin/crash shutdown, cannot connect now; 53300 too many connections.
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                || state.equals("53300") || m.contains("This connection has been closed") || m.equals("Connection is closed")) {
            return Optional.of(UNAVAILABLE);
        }
        if (state.equals("40001") || state.equals("40P01")) {
            return Optional.of(CONFLICT);
        }
        if (m.contains("SQLITE_FULL")) {
            return Optional.of(DISK_FULL);
        }
        if (m.contains("SQLITE_IOERR")) {
            return Optional.of(IO_ERROR);
        }
        if (m.contains("SQLITE_BUSY") || m.contains("database is locked")) {
            return Optional.of(LOCKED);
        }
        return Optional.empty();
    }

    /** One line naming the condition and the database, for a run that it ended. */
    public String describe(String database) {
        return switch (this) {
            case DISK_FULL -> "the disk holding " + database + " is full (or the database reached its size limit); "
                    + "free some space and run again";
            case IO_ERROR -> "the disk holding " + database + " reported an I/O error; check the disk and run again";
            case LOCKED -> "another process held the lock on " + database + " longer than the busy timeout; "
                    + "stop it or run again later";
            case UNAVAILABLE -> "the database at " + database + " cannot be reached";
            case CONFLICT -> "the database at " + database + " reported a serialization conflict";
        };
    }
}
