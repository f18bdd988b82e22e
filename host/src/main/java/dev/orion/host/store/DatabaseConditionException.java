package dev.orion.host.store;

import dev.orion.api.OrionException;
import java.util.Objects;

/**
 * A write failed for a condition of the disk or the file (full, an I/O error, a lock held past
 * the busy timeout): the message names the condition and the database file, in one line.
 */
public final class DatabaseConditionException extends OrionException {

    private final DatabaseFailure failure;

    public DatabaseConditionException(DatabaseFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public DatabaseFailure failure() {
        return failure;
    }
}
