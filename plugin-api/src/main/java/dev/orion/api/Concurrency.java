package dev.orion.api;

import dev.orion.api.spi.RunScopes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Global concurrency limits and rate limits, as Prefect's {@code concurrency} and
 * {@code rate_limit}: limits by name ({@code orion global-concurrency-limit create db --limit 2})
 * shared by every run on the same store or server.
 *
 * <pre>{@code
 * try (var slot = Concurrency.occupy("db", 1)) {
 *     // at most 2 runs are here at once
 * }
 * Concurrency.rateLimit("api");   // waits for a slot of a limit with slot decay; nothing to free
 * }</pre>
 *
 * A limit not created yet is created inactive: it does not limit until it is activated. Waiters
 * wake when a slot frees. Works inside a running flow or task. Thread-safe.
 */
public final class Concurrency {

    /** How long {@link #occupy} waits at most unless told. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

    private Concurrency() {
    }

    /** Slots held; closing frees them (once). */
    public static final class Slots implements AutoCloseable {
        private final Runnable release;
        private boolean closed;

        private Slots(Runnable release) {
            this.release = release;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                release.run();
            }
        }
    }

    /** Takes {@code slots} of the limit, waiting while it is full. */
    public static Slots occupy(String name, int slots) {
        return occupy(List.of(Objects.requireNonNull(name, "name")), slots, DEFAULT_TIMEOUT);
    }

    /** Takes {@code slots} of every limit named, all or none, waiting at most {@code timeout}. */
    public static Slots occupy(List<String> names, int slots, Duration timeout) {
        check(names, slots);
        return new Slots(RunScopes.require("Concurrency.occupy()").occupy(List.copyOf(names), slots, false, timeout));
    }

    /** Waits for a slot of a rate limit (a limit with slot decay); its slots free themselves. */
    public static void rateLimit(String name) {
        rateLimit(List.of(Objects.requireNonNull(name, "name")), 1, DEFAULT_TIMEOUT);
    }

    /** Waits for {@code slots} of every rate limit named. */
    public static void rateLimit(List<String> names, int slots, Duration timeout) {
        check(names, slots);
        RunScopes.require("Concurrency.rateLimit()").occupy(List.copyOf(names), slots, true, timeout);
    }

    private static void check(List<String> names, int slots) {
        if (names.isEmpty()) {
            throw new OrionException("name at least one concurrency limit");
        }
        if (slots < 1) {
            throw new OrionException("slots must be 1 or more, got " + slots);
        }
    }
}
