package dev.orion.host.services;

import dev.orion.host.store.DatabaseFailure;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a server service's loop every {@code every} on its own thread until closed; a failing
 * loop is logged and tried again next time. Thread-safe.
 */
public final class PeriodicService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicService.class);

    private final ScheduledExecutorService executor;

    private PeriodicService(String name, Runnable loop, Duration every) {
        this.executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("orion-" + name).factory());
        executor.scheduleWithFixedDelay(() -> {
            try {
                loop.run();
            } catch (RuntimeException e) {
                if (DatabaseFailure.of(e).filter(f -> f.isTransient()).isEmpty()) {
                    LOG.warn("{} failed: {}", name, e.getMessage()); // an outage of the database is logged once, by its breaker
                }
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts running {@code loop} now and every {@code every} after. */
    public static PeriodicService start(String name, Runnable loop, Duration every) {
        return new PeriodicService(name, loop, every);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
